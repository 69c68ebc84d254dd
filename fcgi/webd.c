/*
 * webd.c: the FastCGI supervisor.
 *
 *   webd -s SOCKET -d APPDB -x XSLDIR -c CA_SOCKET [-a NAME=SOCKET,CHAIN]...
 *        -u UPLOAD_DIR [-w N] [-F]
 *        [-P SANDBOX_DIR -b BASE_URL -t CA_FILE] [-k APP_KEY_FILE]
 *        [-C CA_CHAIN] [-m SMS_OUTBOX] [-U USER] [-N NGINX_USER]
 *        [-M ADDR[,ADDR]...] [-q SECONDS]
 *
 * Start-up order: harden (privdrop_harden: umask 077, no core, not
 * dumpable, no new privileges); as whoever started it (root, under
 * tools/stack.sh) read what only root may read -- the application secret,
 * the OCSP responder's key, the stylesheets (parsed once here, workers
 * inherit them) -- and bind the FastCGI unix socket (mode 0600, given to
 * NGINX_USER, default careissue-www: only nginx's workers may speak
 * FastCGI to us, because FastCGI params such as the verified client
 * certificate are trusted); then become USER (default careissue-web) and
 * enter the worker sandbox (lib/sandbox.h: no exec, no ptrace), which
 * every child inherits.  Everything after that runs as USER: the app
 * database (migrated here, once, before any worker starts: USER must own
 * its directory, where SQLite makes the -wal and -shm), the upload
 * directory, the sandbox gateway's directory, and the CA chain and
 * CA_FILE, which are read again when used.  Started by another user, -U
 * and -N are ignored and everything runs as that user.
 *
 * Then it forks N workers plus the ticker (fcgi/ticker.h: payment
 * notifications of the sandbox gateway, closing orders unpaid for 24
 * hours), and replaces any child that dies.  SIGTERM or SIGINT stops
 * every worker, waits for them, removes the socket and exits 0.  -F
 * enables the /__fault test hook.
 *
 * UPLOAD_DIR holds uploaded files (stamped statements): it must be a
 * directory of USER with mode 0700, outside anything nginx serves;
 * webd refuses to start otherwise.
 *
 * -P (only in webd-sandbox: webd.c compiled with PAY_SANDBOX, for the
 * tests and `make run`; the production webd has no sandbox code, page or
 * option) enables online payment through the sandbox gateway kept in
 * SANDBOX_DIR (fcgi/paysandbox.h); BASE_URL (https://HOST:PORT) is where
 * the gateway reaches /pay/notify, verifying our certificate with
 * CA_FILE.  Without -P the payment page says online payment is not
 * available.  APP_KEY_FILE (64 hex digits, mode 0600) is the application
 * secret from which 领取码 are derived (fcgi/pickup.h); without -k the
 * operators cannot hand over for 现场领取.  CA_CHAIN (PEM: issuing CA,
 * then root) is what the operators' certificate downloads append
 * (fcgi/opsissue.h); it is checked at start and read when used.
 * -a adds an issuing CA beside the first (cactl ca add; fcgi/webca.h):
 * its name, its daemon's web socket and its chain (PEM: issuing CA,
 * root).  Certificates are asked of the CA that issued them.
 * /ocsp passes requests to the CA daemon, which holds the delegated
 * OCSP responder's key (cad -O; fcgi/ocsp.h): no key lives here.
 * SMS_OUTBOX is the file (mode 0600) the demo SMS sender appends its
 * messages to, one-time codes included (fcgi/sms.h); opened here, the
 * workers inherit it.  Without -m no SMS can be sent.
 *
 * GET /metrics (fcgi/sys.c) answers only the client addresses -M lists
 * (REMOTE_ADDR as nginx passes it, exactly; default 127.0.0.1 and ::1),
 * others get 403.  The request counters the workers share are mapped
 * here before they fork (fcgi/metrics.h).  /healthz fails when a linked
 * platform's oldest undelivered notice is older than -q SECONDS
 * (default 3600).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/appdb.h"
#include "fcgi/csr.h"
#include "fcgi/metrics.h"
#include "fcgi/page.h"
#include "fcgi/pickup.h"
#include "fcgi/render.h"
#include "fcgi/route.h"
#include "fcgi/sms.h"
#include "fcgi/ticker.h"
#include "fcgi/webca.h"
#include "fcgi/worker.h"
#include "fcgi/xmlmem.h"
#include "lib/log.h"
#include "lib/privdrop.h"
#include "lib/sandbox.h"
#include "lib/sig.h"
#include "lib/unixsock.h"

#define MAX_WORKERS	WORKER_POOL_MAX
/* Started as root: the users of the workers and of nginx's workers. */
#define WEBD_USER	"careissue-web"
#define NGINX_USER	"careissue-www"

static volatile sig_atomic_t	 quit;

static void
on_term(int sig)
{
	(void)sig;
	quit = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: webd -s SOCKET -d APPDB -x XSLDIR -c CA_SOCKET "
	    "[-a NAME=SOCKET,CHAIN]...\n"
	    "       -u UPLOAD_DIR [-w WORKERS] [-F]\n"
	    "       [-P SANDBOX_DIR -b BASE_URL -t CA_FILE] [-k APP_KEY_FILE]\n"
	    "       [-C CA_CHAIN] [-m SMS_OUTBOX] [-U USER] [-N NGINX_USER]\n"
	    "       [-M ADDR[,ADDR]...] [-q SECONDS]\n"
	    "The FastCGI supervisor: forks WORKERS (default 2) web workers\n"
	    "on SOCKET and replaces any that dies.  UPLOAD_DIR (mode 0700)\n"
	    "keeps uploaded files.  -F enables the /__fault test hook.\n"
	    "-P takes payments through the sandbox gateway in SANDBOX_DIR,\n"
	    "which calls BASE_URL/pay/notify trusting CA_FILE.\n"
	    "Started as root, it becomes USER (default " WEBD_USER ") and\n"
	    "gives SOCKET to NGINX_USER (default " NGINX_USER ").\n"
	    "/metrics answers only the addresses -M lists (default\n"
	    "127.0.0.1,::1); /healthz fails when a platform's oldest\n"
	    "undelivered notice is older than -q SECONDS (default 3600).\n");
}

/*
 * Takes -M's comma-separated addresses (arg is cut in place; the strings
 * stay arg's).  0, or -1 (logged): an empty one, too many.
 */
static int
allow_parse(struct webconf *conf, char *arg)
{
	char	*a, *next;

	conf->nmetrics_allow = 0;
	for (a = arg; a != NULL; a = next) {
		if ((next = strchr(a, ',')) != NULL)
			*next++ = '\0';
		if (a[0] == '\0' || strlen(a) > 45 ||
		    conf->nmetrics_allow == WEBCONF_ALLOW_MAX) {
			log_err("-M takes 1 to %d comma-separated addresses",
			    WEBCONF_ALLOW_MAX);
			return -1;
		}
		conf->metrics_allow[conf->nmetrics_allow++] = a;
	}
	return 0;
}

/* The upload directory must be ours alone: 0 / -1 (logged). */
static int
check_upload_dir(const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || (st.st_mode & 077) != 0 ||
	    st.st_uid != geteuid()) {
		log_err("%s must be a directory of this user with mode 0700",
		    path);
		return -1;
	}
	return 0;
}

/*
 * Forks a worker.  SIGTERM and SIGINT stay blocked across the fork until
 * the worker has installed its own handlers (worker_run unblocks them),
 * so a shutdown signal can never hit the supervisor's handler in a child.
 */
static pid_t
spawn(int fd, const struct webconf *conf, struct worker_pool *pool, int i,
    int ticker)
{
	sigset_t	 block, old;
	pid_t		 pid;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	if ((pid = fork()) == -1) {
		log_err("fork: %s", strerror(errno));
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	if (pid == 0) {
		log_init(ticker ? "webd-ticker" : "webd-worker");
		/* exit, not _exit: LeakSanitizer's check runs at exit. */
		if (ticker) {
			close(fd);
			exit(ticker_run(conf));
		}
		exit(worker_run(fd, conf, pool, i));
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

int
main(int argc, char **argv)
{
	struct webconf		 conf;
	struct appdb		*db;
	struct worker_pool	*pool = NULL;
	static const char	*route_names[PAGE__MAX];
	struct privdrop_id	 self, peer;
	const char		*user = WEBD_USER, *nginx_user = NGINX_USER;
	struct timespec		 pause = { 1, 0 };
	pid_t			 pids[MAX_WORKERS + 1], pid;
	const char		*sock = NULL;
	time_t			 window = 0;
	int			 ch, i, n = 2, fd = -1, status, restarts = 0;
	int			 fail_rc = 1;

	log_init("webd");
	/* Before the application secret is read (-k): no core, no dump. */
	if (privdrop_harden() == -1)
		return 1;
	/* Before anything else allocates through libxml2. */
	if (xmlmem_init() == -1)
		return 1;
	memset(&conf, 0, sizeof(conf));
	conf.sms_outbox = -1;
	conf.metrics_allow[0] = "127.0.0.1";
	conf.metrics_allow[1] = "::1";
	conf.nmetrics_allow = 2;
	conf.notice_stuck_secs = 3600;
	while ((ch = getopt(argc, argv,
	    "s:d:x:c:a:u:w:FP:b:t:k:C:m:U:N:M:q:h")) != -1) {
		switch (ch) {
		case 's':
			sock = optarg;
			break;
		case 'd':
			conf.db_path = optarg;
			break;
		case 'x':
			conf.xsl_dir = optarg;
			break;
		case 'c':
			conf.ca_socket = optarg;
			break;
		case 'a':
			if (webca_add(&conf, optarg) == -1)
				return 2;
			break;
		case 'u':
			conf.upload_dir = optarg;
			break;
		case 'w':
			n = atoi(optarg);
			if (n < 1 || n > MAX_WORKERS) {
				log_err("-w takes 1 to %d", MAX_WORKERS);
				return 2;
			}
			break;
		case 'F':
			conf.fault_inject = 1;
			break;
		case 'P':
#ifdef PAY_SANDBOX
			conf.pay_sandbox = optarg;
#else
			log_err("-P: this webd has no sandbox payment gateway "
			    "(the production build); webd-sandbox, built for "
			    "the tests and make run, has one");
			return 2;
#endif
			break;
		case 'b':
			conf.base_url = optarg;
			break;
		case 't':
			conf.tls_ca = optarg;
			break;
		case 'C':
			conf.ca_chain = optarg;
			break;
		case 'k':
			if (pickup_key_load(optarg, conf.app_key) == -1)
				return 1;
			conf.has_app_key = 1;
			break;
		case 'U':
			user = optarg;
			break;
		case 'N':
			nginx_user = optarg;
			break;
		case 'm':
			if ((conf.sms_outbox = sms_outbox_open(optarg)) == -1)
				return 1;
			break;
		case 'M':
			if (allow_parse(&conf, optarg) == -1)
				return 2;
			break;
		case 'q':
			conf.notice_stuck_secs = atol(optarg);
			if (conf.notice_stuck_secs < 1) {
				log_err("-q takes a number of seconds");
				return 2;
			}
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (sock == NULL || conf.db_path == NULL || conf.xsl_dir == NULL ||
	    conf.ca_socket == NULL || conf.upload_dir == NULL ||
	    optind != argc || (conf.pay_sandbox != NULL &&
	    (conf.base_url == NULL || conf.tls_ca == NULL ||
	    strncmp(conf.base_url, "https://", 8) != 0))) {
		usage();
		return 2;
	}
	if (privdrop_lookup(user, &self) == -1 ||
	    privdrop_lookup(nginx_user, &peer) == -1)
		return 1;

	/* Still as root: what only root may read, and the socket. */
	if (render_init(conf.xsl_dir) == -1)
		goto fail;
	if ((fd = unixsock_listen(sock, 256, &peer, 1)) == -1)
		goto fail;

	/*
	 * From here on as the web user, for good, in the sandbox the
	 * workers inherit.  Hardened again: a change of uid resets the
	 * dumpable flag to fs.suid_dumpable.
	 */
	if (privdrop_to(&self) == -1 || privdrop_harden() == -1 ||
	    sandbox_enter(SANDBOX_WORKER) == -1)
		goto fail;
	if (check_upload_dir(conf.upload_dir) == -1)
		goto fail;
	if ((db = appdb_open(conf.db_path)) == NULL) {
		char	 shown[512];

		appdb_describe(conf.db_path, shown, sizeof(shown));
		log_err("cannot open or migrate %s as %s", shown, self.name);
		fail_rc = 2;	/* the database named by -d: see webd(8) */
		goto fail;
	}
	appdb_close(db);
	if (webca_load(&conf) == -1)
		goto fail;
	if (conf.ca_chain != NULL) {
		char	*chain;
		size_t	 chain_len;

		if (csr_chain_load(conf.ca_chain, &chain, &chain_len) == -1)
			goto fail;
		free(chain);
	}
	if (conf.tls_ca != NULL && access(conf.tls_ca, R_OK) == -1) {
		log_err("%s: %s (read by the ticker as %s)", conf.tls_ca,
		    strerror(errno), self.name);
		goto fail;
	}
	if ((pool = worker_pool_new(n)) == NULL)
		goto fail;
	for (i = 0; i < PAGE__MAX; i++)
		route_names[i] = route_path(i);
	if ((conf.metrics = metrics_new(route_names, PAGE__MAX)) == NULL)
		goto fail;

	sig_setup(on_term);

	/* pids[n] is the ticker. */
	for (i = 0; i <= n; i++)
		pids[i] = spawn(fd, &conf, pool, i, i == n);
	log_info("%d workers on %s, and the ticker", n, sock);

	while (!quit) {
		pid = waitpid(-1, &status, 0);
		if (pid == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i <= n; i++)
			if (pids[i] == pid)
				break;
		if (i > n || quit)
			continue;
		if (WIFSIGNALED(status))
			log_warn("%s %ld killed by signal %d; replacing it",
			    i == n ? "ticker" : "worker", (long)pid,
			    WTERMSIG(status));
		else
			log_warn("%s %ld exited with %d; replacing it",
			    i == n ? "ticker" : "worker", (long)pid,
			    WEXITSTATUS(status));
		/* A worker that dies at once, again and again: slow down. */
		if (time(NULL) - window > 10) {
			window = time(NULL);
			restarts = 0;
		}
		if (++restarts > 10)
			nanosleep(&pause, NULL);
		if (i < n)
			worker_pool_reset(pool, i);
		pids[i] = spawn(fd, &conf, pool, i, i == n);
	}
	for (i = 0; i <= n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	/* Wakes a worker that the signal caught just before accept(2). */
	shutdown(fd, SHUT_RDWR);
	for (i = 0; i <= n; i++)
		if (pids[i] > 0)
			while (waitpid(pids[i], NULL, 0) == -1 && errno == EINTR)
				;
	close(fd);
	/* Not root any more: unlinked if our directory lets us; stack.sh
	 * removes it otherwise, and so do we at the next start. */
	unlink(sock);
	worker_pool_free(pool);
	metrics_free(conf.metrics);
	render_free();
	log_info("stopped");
	return 0;
fail:
	if (fd != -1) {
		close(fd);
		unlink(sock);
	}
	worker_pool_free(pool);
	metrics_free(conf.metrics);
	render_free();
	return fail_rc;
}
