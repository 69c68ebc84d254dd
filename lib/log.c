/*
 * log.c: formatted log lines on file descriptor 2.
 *
 * Uses dprintf(2, ...) rather than stdio so that it works inside libfcgi
 * workers before their first accept (see NOTES.md) and never interleaves
 * half lines between processes: each line is formatted first and written
 * with one write(2).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>

#include "lib/log.h"

static char	 log_prog[32] = "ca-reissue";
static int	 log_tty = -1;	/* stderr is a terminal: a person reads */

void
log_init(const char *prog)
{
	snprintf(log_prog, sizeof(log_prog), "%s", prog);
	log_tty = isatty(2);
}

static void	log_vline(const char *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

/*
 * One event, one line, key=value (logfmt):
 *   ts=2026-12-07T02:03:04Z level=info prog=cad/bjca pid=123 msg="..."
 * msg is quoted, with '"' and '\\' escaped and control characters
 * (a newline from a peer's text) written as \\n or a space, so a line is
 * always one event whatever the message holds.
 */
static void
log_vline(const char *level, const char *fmt, va_list ap)
{
	char		 msg[1024], line[2200], ts[32];
	struct tm	 tm;
	time_t		 now = time(NULL);
	size_t		 n, i;
	int		 k;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_tty == -1)
		log_tty = isatty(2);
	if (log_tty == 1) {
		/* cactl or webctl at a terminal: plain words. */
		k = snprintf(line, sizeof(line), "%s: %s: %s\n", log_prog,
		    level, msg);
		if (k > 0)
			(void)!write(2, line, (size_t)k < sizeof(line) ?
			    (size_t)k : sizeof(line) - 1);
		return;
	}
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(ts, sizeof(ts), "%lld", (long long)now);
	k = snprintf(line, sizeof(line), "ts=%s level=%s prog=%s pid=%ld "
	    "msg=\"", ts, level, log_prog, (long)getpid());
	if (k < 0)
		return;
	n = (size_t)k;
	for (i = 0; msg[i] != '\0' && n + 4 < sizeof(line); i++) {
		unsigned char	 ch = (unsigned char)msg[i];

		if (ch == '"' || ch == '\\') {
			line[n++] = '\\';
			line[n++] = (char)ch;
		} else if (ch == '\n') {
			line[n++] = '\\';
			line[n++] = 'n';
		} else
			line[n++] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
	}
	line[n++] = '"';
	line[n++] = '\n';
	(void)!write(2, line, n);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vline("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vline("warning", fmt, ap);
	va_end(ap);
}

void
log_err(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vline("error", fmt, ap);
	va_end(ap);
}

void
log_ssl(const char *func, const char *what)
{
	unsigned long	 e;
	char		 buf[256];

	log_err("%s: %s", func, what);
	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		log_err("%s: openssl: %s", func, buf);
	}
}
