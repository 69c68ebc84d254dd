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
#include <unistd.h>

#include <openssl/err.h>

#include "lib/log.h"

static char	 log_prog[32] = "ca-reissue";

void
log_init(const char *prog)
{
	snprintf(log_prog, sizeof(log_prog), "%s", prog);
}

static void	log_vline(const char *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

static void
log_vline(const char *level, const char *fmt, va_list ap)
{
	char	 msg[1024], line[1200];
	int	 n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = snprintf(line, sizeof(line), "%s[%ld]: %s: %s\n", log_prog,
	    (long)getpid(), level, msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	(void)!write(2, line, (size_t)n);
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
