/*
 * cactlcommon.h: what cactl's command files share (cactlcommon.c): the
 * daemon connection, the readers of its replies and the argument helpers.
 * Included by every command file (cactl.c, cactlca.c, cactlplatform.c,
 * cactlbackup.c, cainit.c); it knows none of them.
 */
#ifndef CA_CACTLCOMMON_H
#define CA_CACTLCOMMON_H

#include <stddef.h>
#include <stdint.h>

#include "ca/proto.h"

/* The daemon's socket (-s, $CA_SOCKET or the default). */
extern const char	*sockpath;

/*
 * One request to the daemon, for every command: sends req (freed here,
 * whatever happens) and reads the reply.  For an OK reply fn(reply, arg)
 * reads and prints it, returning 0 or 1 after saying why (fn NULL: the
 * reply must be empty).  Returns 0, or 1 when the daemon could not be
 * reached, answered with an error (printed) or fn said 1.
 */
int		 cactl_ask(struct proto_buf *req,
		    int (*fn)(struct proto_msg *, void *), void *arg);
/* cactl_ask() for a reply of one U64, into *v. */
int		 cactl_ask_u64(struct proto_buf *req, uint64_t *v);
/*
 * cactl_ask() for a reply of a U64 count and that many rows, each read
 * and printed by row(reply, arg) (0, or -1: malformed); the count into
 * *n if n is not NULL.
 */
int		 cactl_ask_rows(struct proto_buf *req,
		    int (*row)(struct proto_msg *, void *), void *arg,
		    uint64_t *n);
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

#endif
