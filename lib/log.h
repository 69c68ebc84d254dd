/*
 * log.h: one logging convention for every program of ca-reissue.
 *
 * Lines go to standard error (journald under systemd; var/log/ under make
 * run and the tests), one event per line, key=value (logfmt):
 *   ts=2026-12-07T02:03:04Z level=info|warning|error prog=PROG pid=N
 *   msg="message"
 * (one line; msg quoted and escaped).  At a terminal (cactl, webctl run
 * by a person) the line is plain "PROG: LEVEL: message".  log_ssl() also drains OpenSSL's error queue
 * into the log, one line per queued error, so that no stale error is left
 * for the next caller to misreport.
 */
#ifndef LIB_LOG_H
#define LIB_LOG_H

void	log_init(const char *prog);
void	log_info(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
void	log_err(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* Logs "func: what" at error level, then every queued OpenSSL error. */
void	log_ssl(const char *func, const char *what);

#endif
