/*
 * sms.c: the demo SMS sender: one line per message appended to the
 * outbox file (see sms.h), "TIME<TAB>MOBILE<TAB>TEXT", TIME in UTC.
 *
 * Invariants: the text of a message goes to the outbox and nowhere else
 * (never to the log); the outbox is mode 0600 whenever a message is
 * written to it; each message is one write(2) on an O_APPEND descriptor,
 * so lines from several workers never interleave.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "fcgi/sms.h"
#include "lib/fdio.h"
#include "lib/log.h"

/*
 * 0 if fd is a regular file with mode 0600, made so if needed; at open
 * (owned set) it must also belong to this user.  A worker that runs as
 * another user than the one that opened it writes through the inherited
 * descriptor, so later checks look at the mode only.
 */
static int
outbox_check(int fd, const char *path, int owned)
{
	struct stat	 st;

	if (fstat(fd, &st) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) || (owned && st.st_uid != geteuid())) {
		log_err("%s: the SMS outbox must be a regular file of this "
		    "user", path);
		return -1;
	}
	if ((st.st_mode & 07777) == 0600)
		return 0;
	if (fchmod(fd, 0600) == -1 || fstat(fd, &st) == -1 ||
	    (st.st_mode & 07777) != 0600) {
		log_err("%s: cannot make the SMS outbox mode 0600", path);
		return -1;
	}
	return 0;
}

int
sms_outbox_open(const char *path)
{
	int	 fd;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1) {
		log_err("%s: cannot open the SMS outbox: %s", path,
		    strerror(errno));
		return -1;
	}
	if (outbox_check(fd, path, 1) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

void
sms_mask(const char *mobile, char out[16])
{
	size_t	 n = mobile != NULL ? strlen(mobile) : 0;

	if (n != 11)
		snprintf(out, 16, "(not a mobile)");
	else
		snprintf(out, 16, "%.3s****%.4s", mobile, mobile + 7);
}

int
sms_send(int outbox, const char *mobile, const char *text)
{
	char		 line[512], masked[16], *p;
	struct tm	 tm;
	time_t		 now = time(NULL);
	int		 n, rc = -1;

	sms_mask(mobile, masked);
	if (outbox == -1) {
		log_err("sms to %s not sent: no SMS outbox (webd -m)", masked);
		return -1;
	}
	gmtime_r(&now, &tm);
	n = snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:%02dZ\t%s\t"
	    "%s\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, mobile, text);
	if (n < 0 || (size_t)n >= sizeof(line)) {
		log_err("sms to %s not sent: message too long", masked);
		goto out;
	}
	/* One line per message, whatever the text holds. */
	for (p = line; p < line + n - 1; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (outbox_check(outbox, "SMS outbox", 0) == -1)
		goto out;
	if (fdio_write(outbox, line, (size_t)n) == -1) {
		log_err("sms to %s not sent: %s", masked, strerror(errno));
		goto out;
	}
	log_info("sms to %s: written to the outbox", masked);
	rc = 0;
out:
	OPENSSL_cleanse(line, sizeof(line));
	return rc;
}
