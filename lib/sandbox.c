/*
 * sandbox.c: see sandbox.h.  The lists name system calls, not library
 * functions: glibc, OpenSSL, SQLite and libp11 are what make them, so a
 * new library version may need a new name here (a key process killed
 * by SIGSYS, or EPERM in a store log, says which: `ausearch` or
 * `journalctl -k` shows the number).
 */
#include <sys/socket.h>

#include <errno.h>
#include <seccomp.h>
#include <stddef.h>

#include "lib/log.h"
#include "lib/sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_RELAXED	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_RELAXED	1
#endif
#endif
#ifndef SANDBOX_RELAXED
#define SANDBOX_RELAXED	0
#endif

/* What every kind needs to run C at all. */
static const int	 base_calls[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
	SCMP_SYS(close), SCMP_SYS(exit), SCMP_SYS(exit_group),
	SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(madvise), SCMP_SYS(mprotect),
	SCMP_SYS(rt_sigreturn), SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(futex), SCMP_SYS(getrandom), SCMP_SYS(clock_gettime),
	SCMP_SYS(gettimeofday), SCMP_SYS(time), SCMP_SYS(getpid),
	SCMP_SYS(gettid), SCMP_SYS(fstat), SCMP_SYS(newfstatat),
	SCMP_SYS(lseek), SCMP_SYS(poll), SCMP_SYS(ppoll),
	SCMP_SYS(restart_syscall), SCMP_SYS(nanosleep),
	SCMP_SYS(clock_nanosleep), SCMP_SYS(fcntl)
};

/* The key process, serving: accept its store's connections. */
static const int	 key_calls[] = {
	SCMP_SYS(accept), SCMP_SYS(accept4), SCMP_SYS(recvfrom),
	SCMP_SYS(sendto), SCMP_SYS(shutdown), SCMP_SYS(getuid),
	SCMP_SYS(geteuid)
};

/*
 * A key process whose key is in a token: its PKCS#11 module goes on
 * reading its own files (SoftHSM's object store), a device (a USB token:
 * ioctl) or a local daemon (pcscd, p11-kit: AF_UNIX) while it signs.
 */
static const int	 token_calls[] = {
	SCMP_SYS(openat), SCMP_SYS(open), SCMP_SYS(stat), SCMP_SYS(lstat),
	SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(readlink),
	SCMP_SYS(getdents64), SCMP_SYS(pread64), SCMP_SYS(pwrite64),
	SCMP_SYS(flock), SCMP_SYS(ioctl), SCMP_SYS(fsync), SCMP_SYS(rename),
	SCMP_SYS(unlink), SCMP_SYS(ftruncate), SCMP_SYS(connect),
	SCMP_SYS(getsockopt), SCMP_SYS(setsockopt), SCMP_SYS(sendmsg),
	SCMP_SYS(recvmsg), SCMP_SYS(getppid), SCMP_SYS(sched_yield),
	SCMP_SYS(uname), SCMP_SYS(getgid), SCMP_SYS(getegid)
};

/*
 * The key process's monitor, already its user: forking, and its children
 * loading a key (descriptors, a PKCS#11 module).  No change of user.
 */
static const int	 keymon_calls[] = {
	SCMP_SYS(openat), SCMP_SYS(open), SCMP_SYS(stat), SCMP_SYS(lstat),
	SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(readlink),
	SCMP_SYS(getdents64), SCMP_SYS(pread64), SCMP_SYS(statfs),
	SCMP_SYS(fstatfs), SCMP_SYS(uname), SCMP_SYS(sysinfo),
	SCMP_SYS(clone), SCMP_SYS(clone3), SCMP_SYS(fork), SCMP_SYS(vfork),
	SCMP_SYS(wait4), SCMP_SYS(waitid), SCMP_SYS(kill),
	SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigsuspend),
	SCMP_SYS(set_robust_list), SCMP_SYS(set_tid_address),
	SCMP_SYS(rseq), SCMP_SYS(prctl), SCMP_SYS(seccomp),
	SCMP_SYS(getresuid),
	SCMP_SYS(getresgid), SCMP_SYS(getuid), SCMP_SYS(geteuid),
	SCMP_SYS(getgid), SCMP_SYS(getegid), SCMP_SYS(getppid),
	SCMP_SYS(setrlimit), SCMP_SYS(prlimit64), SCMP_SYS(getrlimit),
	SCMP_SYS(flock), SCMP_SYS(mlock), SCMP_SYS(munlock),
	SCMP_SYS(sched_getaffinity), SCMP_SYS(sched_yield),
	SCMP_SYS(accept), SCMP_SYS(accept4), SCMP_SYS(shutdown),
	SCMP_SYS(umask), SCMP_SYS(chdir), SCMP_SYS(unlink)
};

/* The store process, serving: SQLite, the CRL files, its sockets. */
static const int	 store_calls[] = {
	SCMP_SYS(openat), SCMP_SYS(open), SCMP_SYS(stat), SCMP_SYS(lstat),
	SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(readlink),
	SCMP_SYS(pread64), SCMP_SYS(pwrite64), SCMP_SYS(fsync),
	SCMP_SYS(fdatasync), SCMP_SYS(ftruncate), SCMP_SYS(rename),
	SCMP_SYS(renameat), SCMP_SYS(unlink), SCMP_SYS(unlinkat),
	SCMP_SYS(fchmod), SCMP_SYS(fchown), SCMP_SYS(getcwd),
	SCMP_SYS(mkdir), SCMP_SYS(rmdir), SCMP_SYS(statfs),
	SCMP_SYS(fstatfs), SCMP_SYS(getdents64), SCMP_SYS(uname),
	SCMP_SYS(sysinfo), SCMP_SYS(pipe), SCMP_SYS(pipe2),
	SCMP_SYS(dup), SCMP_SYS(dup2), SCMP_SYS(dup3), SCMP_SYS(ioctl),
	SCMP_SYS(connect), SCMP_SYS(accept), SCMP_SYS(accept4),
	SCMP_SYS(bind), SCMP_SYS(listen), SCMP_SYS(getsockopt),
	SCMP_SYS(setsockopt), SCMP_SYS(getsockname), SCMP_SYS(getpeername),
	SCMP_SYS(recvfrom), SCMP_SYS(sendto), SCMP_SYS(recvmsg),
	SCMP_SYS(sendmsg), SCMP_SYS(shutdown),
	SCMP_SYS(clone), SCMP_SYS(clone3), SCMP_SYS(set_robust_list),
	SCMP_SYS(rseq), SCMP_SYS(rt_sigaction), SCMP_SYS(sigaltstack),
	SCMP_SYS(tgkill), SCMP_SYS(getuid), SCMP_SYS(geteuid),
	SCMP_SYS(getgid), SCMP_SYS(getegid), SCMP_SYS(sched_yield),
	SCMP_SYS(sched_getaffinity), SCMP_SYS(prctl), SCMP_SYS(flock),
	SCMP_SYS(getrlimit), SCMP_SYS(prlimit64), SCMP_SYS(fallocate),
	SCMP_SYS(umask), SCMP_SYS(wait4), SCMP_SYS(kill)
};

/* Never, for any kind but the relaxed build's LeakSanitizer (ptrace). */
static const int	 denied_calls[] = {
	SCMP_SYS(execve), SCMP_SYS(execveat), SCMP_SYS(ptrace),
	SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev),
	SCMP_SYS(kexec_load), SCMP_SYS(init_module),
	SCMP_SYS(finit_module), SCMP_SYS(bpf), SCMP_SYS(userfaultfd),
	SCMP_SYS(perf_event_open)
};

/* What LeakSanitizer (sanitizer builds only) does at exit. */
static const int	 lsan_calls[] = {
	SCMP_SYS(ptrace), SCMP_SYS(clone), SCMP_SYS(wait4),
	SCMP_SYS(sched_yield), SCMP_SYS(prctl), SCMP_SYS(openat),
	SCMP_SYS(open), SCMP_SYS(readlink), SCMP_SYS(getdents64),
	SCMP_SYS(sigaltstack), SCMP_SYS(rt_sigaction), SCMP_SYS(tgkill),
	SCMP_SYS(getppid), SCMP_SYS(kill), SCMP_SYS(pipe), SCMP_SYS(pipe2),
	SCMP_SYS(set_robust_list), SCMP_SYS(stat), SCMP_SYS(lstat),
	SCMP_SYS(getrlimit), SCMP_SYS(prlimit64), SCMP_SYS(uname)
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* socket(2)'s first argument is AF_UNIX (SCMP_A0() written out: clang
 * warns about the initializer the macro leaves out). */
static const struct scmp_arg_cmp unix_only = {
	.arg = 0, .op = SCMP_CMP_EQ, .datum_a = AF_UNIX, .datum_b = 0
};

/* The same for IPv4 and IPv6 (SANDBOX_STORE_NET alone). */
static const struct scmp_arg_cmp inet_only = {
	.arg = 0, .op = SCMP_CMP_EQ, .datum_a = AF_INET, .datum_b = 0
};
static const struct scmp_arg_cmp inet6_only = {
	.arg = 0, .op = SCMP_CMP_EQ, .datum_a = AF_INET6, .datum_b = 0
};

int
sandbox_relaxed(void)
{
	return SANDBOX_RELAXED;
}

static int
allow(scmp_filter_ctx f, const int *calls, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (seccomp_rule_add(f, SCMP_ACT_ALLOW, calls[i], 0) != 0)
			return -1;
	return 0;
}

int
sandbox_enter(enum sandbox_kind kind)
{
	scmp_filter_ctx	 f;
	uint32_t	 dflt, deny = SCMP_ACT_ERRNO(EPERM);
	size_t		 i;
	int		 rc = -1;

	switch (kind) {
	case SANDBOX_KEY:
		dflt = SCMP_ACT_KILL_PROCESS;
		break;
	case SANDBOX_KEYTOKEN:
		dflt = SCMP_ACT_ERRNO(EPERM);
		break;
	case SANDBOX_WORKER:
		dflt = SCMP_ACT_ALLOW;
		break;
	default:
		dflt = SCMP_ACT_ERRNO(EPERM);
		break;
	}
	if ((f = seccomp_init(dflt)) == NULL) {
		log_err("sandbox: seccomp_init failed");
		return -1;
	}
	/* Kernel-enforced no_new_privs comes with the filter. */
	if (seccomp_attr_set(f, SCMP_FLTATR_CTL_NNP, 1) != 0)
		goto out;
	/*
	 * A binary tree of the allowed calls instead of a list: each
	 * system call then walks a few comparisons, not a hundred (the
	 * store process makes several per certificate).  libseccomp 2.5
	 * has it; without it the filter is only slower.
	 */
	(void)seccomp_attr_set(f, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (SANDBOX_RELAXED && kind != SANDBOX_WORKER &&
	    allow(f, lsan_calls, NELEM(lsan_calls)) == -1)
		goto out;
	if (kind != SANDBOX_WORKER &&
	    allow(f, base_calls, NELEM(base_calls)) == -1)
		goto out;
	switch (kind) {
	case SANDBOX_KEY:
		if (allow(f, key_calls, NELEM(key_calls)) == -1)
			goto out;
		break;
	case SANDBOX_KEYTOKEN:
		if (allow(f, key_calls, NELEM(key_calls)) == -1 ||
		    allow(f, token_calls, NELEM(token_calls)) == -1 ||
		    seccomp_rule_add_array(f, SCMP_ACT_ALLOW,
		    SCMP_SYS(socket), 1, &unix_only) != 0)
			goto out;
		break;
	case SANDBOX_KEYMON:
		/*
		 * Its children inherit this filter, and a filter added on
		 * top can only take away: what a token's module needs
		 * (SANDBOX_KEYTOKEN) must be allowed here too.
		 */
		if (allow(f, keymon_calls, NELEM(keymon_calls)) == -1 ||
		    allow(f, token_calls, NELEM(token_calls)) == -1 ||
		    seccomp_rule_add_array(f, SCMP_ACT_ALLOW,
		    SCMP_SYS(socket), 1, &unix_only) != 0)
			goto out;
		break;
	case SANDBOX_STORE:
	case SANDBOX_STORE_NET:
		if (allow(f, store_calls, NELEM(store_calls)) == -1 ||
		    seccomp_rule_add_array(f, SCMP_ACT_ALLOW,
		    SCMP_SYS(socket), 1, &unix_only) != 0 ||
		    seccomp_rule_add_array(f, SCMP_ACT_ALLOW,
		    SCMP_SYS(socketpair), 1, &unix_only) != 0)
			goto out;
		if (kind == SANDBOX_STORE_NET &&
		    (seccomp_rule_add_array(f, SCMP_ACT_ALLOW,
		    SCMP_SYS(socket), 1, &inet_only) != 0 ||
		    seccomp_rule_add_array(f, SCMP_ACT_ALLOW,
		    SCMP_SYS(socket), 1, &inet6_only) != 0))
			goto out;
		break;
	case SANDBOX_WORKER:
		for (i = 0; i < NELEM(denied_calls); i++) {
			if (SANDBOX_RELAXED &&
			    denied_calls[i] == SCMP_SYS(ptrace))
				continue;
			if (seccomp_rule_add(f, deny, denied_calls[i], 0) != 0)
				goto out;
		}
		break;
	}
	if (seccomp_load(f) != 0) {
		log_err("sandbox: cannot load the seccomp filter");
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		log_err("sandbox: cannot build the seccomp filter");
	seccomp_release(f);
	return rc;
}
