/*
 * cactl.h: what cactl's command files share (cactl.c: the command table,
 * the daemon connection and argument helpers; cactlplatform.c: linked
 * platforms and their notices).
 */
#ifndef CA_CACTL_H
#define CA_CACTL_H

#include <stddef.h>
#include <stdint.h>

#include "ca/proto.h"

/* The daemon's socket (-s, $CA_SOCKET or the default). */
extern const char	*sockpath;

/*
 * Sends req to the daemon and reads the reply.  Returns 0 with *reply set
 * (payload in *store) for an OK reply; prints the error and returns 1
 * otherwise.
 */
int		 cactl_call(struct proto_buf *req, struct proto_msg *reply,
		    uint8_t **store);
/* Says the reply was malformed; returns 1. */
int		 cactl_malformed(void);
/* "YYYY-MM-DD HH:MM:SS UTC" (one of four static buffers). */
const char	*cactl_when(uint64_t t);
/* A whole file of at most 64 KiB, malloc'd; NULL (said) on failure. */
uint8_t		*cactl_read_file(const char *path, size_t *len);
/* Who asks, for the audit log: "cactl:USER". */
const char	*cactl_actor(void);
/* 1 (text printed) if --help/-h is among the arguments. */
int		 cactl_want_help(int argc, char **argv, const char *text);
/* Prints what (if any) and text; returns 2. */
int		 cactl_bad_usage(const char *text, const char *what);
/* 1 if s is 1-40 hex digits, else says so and returns 0. */
int		 cactl_serial_ok(const char *s);

int	cactl_platform(int argc, char **argv);
int	cactl_link(int argc, char **argv);
int	cactl_notify(int argc, char **argv);

#endif
