/*
 * check_backup.c: the backup and restore drill (README, "Backup and
 * restore"), against a full instance (tests/integ/stack.c).
 *
 * Under a running reissue load (two chains of certificates linked to a
 * platform, each reissued again and again by `cactl reissue`), the CA
 * and the app database are backed up; issuing and revoking go on; the
 * instance stops, its CA directory and app database are "lost" (moved
 * away), both are restored into fresh places and the instance starts
 * again.  Then: the audit chains verify, every certificate committed
 * before the backup is there, the next CRL's number is above every CRL
 * published before, and `cactl reconcile` names every certificate
 * issued (or revoked) after the backup from the published CRL and the
 * platform's record of its notices.  Bad input (a backup directory that
 * exists, is not writable or lacks space, a damaged or mismatched
 * backup, a restore over the running instance) is refused with exit 2
 * and leaves nothing behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "tests/integ/stack.h"

#define T	"\"$STACK_DIR/t\""
#define CACTL	"\"$BINDIR/cactl\" -s \"$STACK_DIR/run/cad.sock\""
#define WEBCTL	"\"$BINDIR/webctl\""
#define PLATFORM "辽宁建设工程信息网"

static struct stack	 st;

static void
up(void)
{
	if (stack_up(&st, NULL) != 0 ||
	    stack_sh(&st, "mkdir -p " T) != 0) {
		stack_down(&st);
		fprintf(stderr, "check_backup: could not start the stack\n");
		exit(EXIT_FAILURE);
	}
}

static void
down(void)
{
	stack_sh(&st, "touch " T "/stop; umount " T "/small " T "/ro "
	    "2>/dev/null; true");
	stack_down(&st);
}

/* Issues t/NAME (linked to the platform with link) and its serial. */
static void
issue(const char *name, int link)
{
	ck_assert_msg(stack_sh(&st, "openssl req -new -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout /dev/null -out " T
	    "/%s.csr -subj /CN=x 2>/dev/null && " CACTL " issue --csr " T
	    "/%s.csr --org '备份演练有限公司' --ou '工程部' --cn '%s' "
	    "--order 'bk-%s' %s --out " T "/%s.pem > " T "/%s.serial",
	    name, name, name, name, link ? "--platform '" PLATFORM "'" : "",
	    name, name) == 0, "cactl issue %s failed", name);
}

/*
 * Starts a background loop reissuing the chain that starts at t/NAME:
 * each new serial is appended to t/issued.NAME once cactl has it (the
 * reply comes after the COMMIT); it stops when t/stop appears.
 */
static void
load_start(const char *name)
{
	ck_assert(stack_sh(&st, "( cur=$(cat " T "/%s.serial); n=0; "
	    "while [ ! -f " T "/stop ]; do n=$((n + 1)); "
	    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
	    "-nodes -keyout /dev/null -out " T "/%s.l.csr -subj /CN=x "
	    "2>/dev/null || break; "
	    "new=$(" CACTL " reissue --serial \"$cur\" --reason lost "
	    "--order \"load-%s-$n\" --csr " T "/%s.l.csr --out " T
	    "/%s.l.pem) || { echo \"reissue $n failed\" >> " T
	    "/load.err; break; }; "
	    "echo \"$new\" >> " T "/issued.%s; cur=$new; done; "
	    "touch " T "/done.%s ) >/dev/null 2>&1 &", name, name, name,
	    name, name, name, name) == 0);
}

/* Waits (at most 30 s) until the loops have stopped. */
static void
load_stop(void)
{
	ck_assert(stack_sh(&st, "touch " T "/stop; i=0; while [ $i -lt 300 ] "
	    "&& ! { [ -f " T "/done.a ] && [ -f " T "/done.b ]; }; do "
	    "sleep 0.1; i=$((i + 1)); done; [ -f " T "/done.a ] && [ -f " T
	    "/done.b ]") == 0);
	ck_assert_msg(stack_sh(&st, "! [ -s " T "/load.err ]") == 0,
	    "the reissue load failed");
}

/* The CRL Number of a DER CRL, in decimal into t/NAME. */
#define CRLNUM(file, out) \
	"printf '%%d\\n' \"0x$(openssl crl -inform DER -in " file " -noout " \
	"-crlnumber | sed 's/^crlNumber=//; s/^0x//')\" > " T "/" out

/* The whole of t/name, malloc'd (NULL if missing). */
static char *
slurp_t(const char *name)
{
	char	 path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/t/%s", st.dir, name);
	return stack_slurp(path, NULL);
}

START_TEST(test_bad_backup_places_are_refused_and_leave_nothing)
{
	issue("bad0", 0);
	/* Exists. */
	ck_assert(stack_sh(&st, "mkdir " T "/exists && touch " T
	    "/exists/keep") == 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " backup --ca \"$STACK_DIR/ca\" "
	    T "/exists 2> " T "/e1"), 2);
	ck_assert(stack_sh(&st, "grep -q 'exists' " T "/e1 && [ \"$(wc -l "
	    "< " T "/e1)\" -eq 1 ] && [ \"$(ls -A " T "/exists)\" = keep ]")
	    == 0);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " -d \"$STACK_DIR/app.db\" "
	    "backup " T "/exists 2> " T "/e2"), 2);
	ck_assert(stack_sh(&st, "grep -q 'exists' " T "/e2") == 0);
	/*
	 * A write that fails half-way (the file-size limit stands in for a
	 * disk that fills up after the space check): exit 2, the partial
	 * directory removed.
	 */
	ck_assert_int_eq(stack_sh(&st, "trap '' XFSZ; ulimit -f 40; " CACTL
	    " backup --ca \"$STACK_DIR/ca\" " T "/half 2> " T "/e8"), 2);
	ck_assert_msg(stack_sh(&st, "tail -1 " T "/e8 | grep -q '^cactl: "
	    ".*disk full' && ! [ -e " T "/half ] && [ -z "
	    "\"$(ls " T " | grep partial)\" ]") == 0, "a failed backup left "
	    "something behind or did not say why");
	ck_assert_int_eq(stack_sh(&st, "trap '' XFSZ; ulimit -f 40; " WEBCTL
	    " -d \"$STACK_DIR/app.db\" backup " T "/whalf 2> " T "/e9"), 2);
	ck_assert(stack_sh(&st, "grep -q 'disk full' " T "/e9 && ! [ -e " T
	    "/whalf ] && [ -z \"$(ls " T " | grep partial)\" ]") == 0);
	/* A parent that does not exist. */
	ck_assert_int_eq(stack_sh(&st, CACTL " backup --ca \"$STACK_DIR/ca\" "
	    T "/nowhere/bk 2> " T "/e3"), 2);
	ck_assert(stack_sh(&st, "grep -q 'does not exist' " T "/e3") == 0);
	/*
	 * Not writable and too small: as root (which may write anywhere),
	 * a read-only and a 512 KiB file system.
	 */
	if (geteuid() != 0 || stack_sh(&st, "mkdir -p " T "/ro " T "/small "
	    "&& mount -t tmpfs -o ro,size=64k tmpfs " T "/ro && "
	    "mount -t tmpfs -o size=512k tmpfs " T "/small") != 0) {
		fprintf(stderr, "check_backup: SKIPPED the read-only and "
		    "full file system cases (they need root and tmpfs)\n");
		return;
	}
	ck_assert_int_eq(stack_sh(&st, CACTL " backup --ca \"$STACK_DIR/ca\" "
	    T "/ro/bk 2> " T "/e4"), 2);
	ck_assert(stack_sh(&st, "grep -q 'not writable' " T "/e4 && "
	    "[ -z \"$(ls -A " T "/ro)\" ]") == 0);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " -d \"$STACK_DIR/app.db\" "
	    "backup " T "/ro/wbk 2> " T "/e5"), 2);
	ck_assert(stack_sh(&st, "grep -q 'not writable' " T "/e5") == 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " backup --ca \"$STACK_DIR/ca\" "
	    T "/small/bk 2> " T "/e6"), 2);
	ck_assert(stack_sh(&st, "grep -q 'not enough space' " T "/e6 && "
	    "[ -z \"$(ls -A " T "/small)\" ]") == 0);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " -d \"$STACK_DIR/app.db\" "
	    "backup " T "/small/wbk 2> " T "/e7"), 2);
	ck_assert(stack_sh(&st, "grep -q 'not enough space' " T "/e7 && "
	    "[ -z \"$(ls -A " T "/small)\" ]") == 0);
	stack_sh(&st, "umount " T "/ro " T "/small");
}
END_TEST

START_TEST(test_damaged_or_mismatched_backups_are_refused)
{
	ck_assert(stack_sh(&st, CACTL " backup --ca \"$STACK_DIR/ca\" " T
	    "/good > /dev/null && " WEBCTL " -d \"$STACK_DIR/app.db\" "
	    "backup " T "/wgood > /dev/null") == 0);
	/* One flipped byte in the store. */
	ck_assert(stack_sh(&st, "cp -r " T "/good " T "/flip && printf 'X' | "
	    "dd of=" T "/flip/ca.db bs=1 seek=5000 conv=notrunc "
	    "2>/dev/null") == 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " restore " T "/flip " T
	    "/r1 2> " T "/e1"), 2);
	ck_assert(stack_sh(&st, "grep -q 'damaged: ca.db does not match' " T
	    "/e1 && ! [ -e " T "/r1 ]") == 0);
	/* A file missing, a truncated manifest, an extra file. */
	ck_assert(stack_sh(&st, "cp -r " T "/good " T "/miss && rm " T
	    "/miss/private/ca.key") == 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " restore " T "/miss " T
	    "/r2 2> " T "/e2"), 2);
	ck_assert(stack_sh(&st, "grep -q 'private/ca.key is missing' " T
	    "/e2") == 0);
	ck_assert(stack_sh(&st, "cp -r " T "/good " T "/trunc && sed -i '$d' "
	    T "/trunc/MANIFEST") == 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " restore " T "/trunc " T
	    "/r3 2> " T "/e3"), 2);
	ck_assert(stack_sh(&st, "grep -q 'truncated' " T "/e3") == 0);
	/* Mismatched: the web backup to cactl, the CA backup to webctl. */
	ck_assert_int_eq(stack_sh(&st, CACTL " restore " T "/wgood " T
	    "/r4 2> " T "/e4"), 2);
	ck_assert(stack_sh(&st, "grep -q \"kind 'web', not 'ca'\" " T "/e4")
	    == 0);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " restore " T "/good " T
	    "/r5.db 2> " T "/e5"), 2);
	ck_assert(stack_sh(&st, "grep -q \"kind 'ca', not 'web'\" " T "/e5 "
	    "&& ! [ -e " T "/r5.db ] && [ -z \"$(ls " T " | grep partial)\" ]")
	    == 0);
	/* Mismatched inside: another CA's certificate, manifest re-summed
	 * (what a careless copy of two backups together would give). */
	ck_assert(stack_sh(&st, "cp -r " T "/good " T "/mixed && cd " T
	    "/mixed && openssl req -x509 -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout /dev/null -subj /CN=other "
	    "-out ca.crt 2>/dev/null && sum=$(sha256sum ca.crt | cut -c1-64) "
	    "&& sed -i '$d' MANIFEST && sed -i \"s/^file [0-9a-f]* 0644 "
	    "ca.crt$/file $sum 0644 ca.crt/\" MANIFEST && printf 'end %%s\\n' "
	    "\"$(sha256sum < MANIFEST | cut -c1-64)\" >> MANIFEST") == 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " restore " T "/mixed " T
	    "/r6 2> " T "/e6"), 2);
	ck_assert(stack_sh(&st, "grep -q 'do not match' " T "/e6 && ! [ -e "
	    T "/r6 ]") == 0);
	/* Reconcile takes only this CA's CRLs as evidence (the root's is
	 * not). */
	ck_assert_int_eq(stack_sh(&st, CACTL " reconcile --ca "
	    "\"$STACK_DIR/ca\" --crl \"$STACK_DIR/ca/crl/root-ca.crl\" 2> " T
	    "/e7"), 2);
	ck_assert(stack_sh(&st, "grep -q 'not signed by this CA' " T "/e7")
	    == 0);
	/* And the good ones restore. */
	ck_assert(stack_sh(&st, CACTL " restore " T "/good " T "/r7 "
	    ">/dev/null 2>&1 && " WEBCTL " restore " T "/wgood " T "/r7.db "
	    ">/dev/null 2>&1") == 0);
	/*
	 * A service with a further CA (cactl ca add, DIR/cas/NAME): one
	 * backup holds both, and the restore settles both stores (a
	 * restore record, the CRL number raised) and both crl_dirs.
	 */
	ck_assert(stack_sh(&st, CACTL " ca add extra --algo p256 "
	    "--passphrase-file \"$STACK_DIR/secrets/ca.pass\" " T "/r7 "
	    ">/dev/null 2>&1 && " CACTL " backup --ca " T "/r7 " T "/bk8 "
	    ">/dev/null && grep -q '^file [0-9a-f]* 0600 cas/extra/ca.db$' "
	    T "/bk8/MANIFEST && grep -q '^file [0-9a-f]* 0600 "
	    "cas/extra/private/ca.key$' " T "/bk8/MANIFEST") == 0);
	ck_assert(stack_sh(&st, CACTL " restore " T "/bk8 " T "/r8 > " T
	    "/r8.out 2>&1") == 0);
	ck_assert(stack_sh(&st, "for d in " T "/r8 " T "/r8/cas/extra; do "
	    "[ \"$(sqlite3 $d/ca.db 'SELECT op FROM audit ORDER BY id DESC "
	    "LIMIT 1')\" = restore ] && [ \"$(sqlite3 $d/ca.db 'SELECT "
	    "number > 1000000000000 FROM crl_state')\" = 1 ] && grep -qx "
	    "\"crl_dir = $(cd " T " && pwd -P)/r8/crl\" $d/ca.conf || exit 1; "
	    "done") == 0);
	/* A damaged further CA refuses the whole restore. */
	ck_assert(stack_sh(&st, "cp -r " T "/bk8 " T "/bk9 && printf 'X' | "
	    "dd of=" T "/bk9/cas/extra/ca.crt bs=1 seek=100 conv=notrunc "
	    "2>/dev/null") == 0);
	ck_assert_int_eq(stack_sh(&st, CACTL " restore " T "/bk9 " T
	    "/r9 2> " T "/e9"), 2);
	ck_assert(stack_sh(&st, "grep -q 'cas/extra/ca.crt does not match' "
	    T "/e9 && ! [ -e " T "/r9 ]") == 0);
}
END_TEST

START_TEST(test_drill_backup_under_load_restore_reconcile)
{
	char	*before, *after, *rec, *p, *line;
	long	 nb = 0, na = 0, nr = 0;

	issue("a", 1);
	issue("b", 1);
	issue("keeper", 0);
	load_start("a");
	load_start("b");
	/* Some of the load committed; what it has said so far is "before". */
	ck_assert(stack_sh(&st, "i=0; while [ $i -lt 100 ] && [ \"$(cat " T
	    "/issued.a " T "/issued.b 2>/dev/null | wc -l)\" -lt 6 ]; do "
	    "sleep 0.1; i=$((i + 1)); done; cat " T "/a.serial " T
	    "/b.serial " T "/keeper.serial " T "/issued.a " T "/issued.b > "
	    T "/before") == 0);
	ck_assert(stack_sh(&st, CACTL " backup --ca \"$STACK_DIR/ca\" " T
	    "/bk > " T "/bk.out && " WEBCTL " -d \"$STACK_DIR/app.db\" backup "
	    T "/wbk > " T "/wbk.out") == 0);
	/* Everything the load says from now on is after the backup. */
	ck_assert(stack_sh(&st, "wc -l < " T "/issued.a > " T "/mark.a && "
	    "wc -l < " T "/issued.b > " T "/mark.b") == 0);
	ck_assert(stack_sh(&st, "[ ! -e " T "/done.a ] && [ ! -e " T
	    "/done.b ]") == 0);
	/* Go on issuing and revoking. */
	ck_assert(stack_sh(&st, "i=0; while [ $i -lt 100 ] && [ \"$(wc -l < "
	    T "/issued.a)\" -lt $(($(cat " T "/mark.a) + 4)) ]; do sleep 0.1; "
	    "i=$((i + 1)); done") == 0);
	issue("late", 0);
	ck_assert(stack_sh(&st, CACTL " revoke \"$(cat " T "/late.serial)\" "
	    "--reason keyCompromise > /dev/null && " CACTL " revoke \"$(cat "
	    T "/keeper.serial)\" --reason superseded > /dev/null") == 0);
	load_stop();
	ck_assert(stack_sh(&st, "tail -n +$(($(cat " T "/mark.a) + 1)) " T
	    "/issued.a > " T "/after && tail -n +$(($(cat " T "/mark.b) + 1)) "
	    T "/issued.b >> " T "/after && cat " T "/late.serial >> " T
	    "/after") == 0);
	/* A restore over the running instance is refused. */
	ck_assert_int_eq(stack_sh(&st, CACTL " restore " T "/bk "
	    "\"$STACK_DIR/ca\" 2> " T "/e1"), 2);
	ck_assert(stack_sh(&st, "grep -q 'running instance' " T "/e1") == 0);
	ck_assert_int_eq(stack_sh(&st, WEBCTL " restore " T "/wbk "
	    "\"$STACK_DIR/db/app.db\" 2> " T "/e2"), 2);
	ck_assert(stack_sh(&st, "grep -q 'running instance' " T "/e2") == 0);
	/* The last CRL, and every notice delivered (at most 30 s). */
	ck_assert(stack_sh(&st, CACTL " crl > /dev/null") == 0);
	ck_assert_msg(stack_sh(&st, "i=0; while [ $i -lt 300 ]; do "
	    "[ -z \"$(" CACTL " notify list --state pending)\" ] "
	    "&& break; sleep 0.1; i=$((i + 1)); done; [ $i -lt 300 ]") == 0,
	    "notices were not delivered");
	ck_assert(stack_sh(&st, "mkdir " T "/published && cp "
	    "\"$STACK_DIR\"/ca/crl/*.crl " T "/published/ && "
	    CRLNUM(T "/published/issuing-ca.crl", "maxcrl")) == 0);
	/* Stop; the CA directory and the app database are lost. */
	ck_assert(stack_sh(&st, "\"$TOP/tools/stack.sh\" stop \"$STACK_DIR\" "
	    ">/dev/null 2>&1; mv \"$STACK_DIR/ca\" " T "/lost-ca && mkdir "
	    T "/lost-db && mv \"$STACK_DIR\"/db/app.db* " T "/lost-db/")
	    == 0);
	/* Restore into fresh places and start. */
	ck_assert(stack_sh(&st, CACTL " restore --published " T "/published "
	    T "/bk \"$STACK_DIR/ca\" > " T "/restore.out 2>&1") == 0);
	ck_assert(stack_sh(&st, WEBCTL " restore " T "/wbk "
	    "\"$STACK_DIR/db/app.db\" > " T "/wrestore.out 2>&1") == 0);
	ck_assert_msg(stack_sh(&st, "\"$TOP/tools/stack.sh\" start "
	    "\"$STACK_DIR\" > " T "/start.out 2>&1") == 0,
	    "the restored instance did not start");
	/* The audit chains verify. */
	ck_assert(stack_sh(&st, CACTL " audit verify > /dev/null") == 0);
	ck_assert(stack_sh(&st, WEBCTL " -d \"$STACK_DIR/app.db\" "
	    "audit-verify > /dev/null") == 0);
	/* Every certificate committed before the backup is there. */
	before = slurp_t("before");
	ck_assert_ptr_nonnull(before);
	for (line = strtok_r(before, "\n", &p); line != NULL;
	    line = strtok_r(NULL, "\n", &p)) {
		ck_assert_msg(stack_sh(&st, CACTL " show '%s' > /dev/null",
		    line) == 0, "certificate %s from before the backup is "
		    "lost", line);
		nb++;
	}
	ck_assert_int_ge(nb, 9);
	/* The CRL published at start is above every one before. */
	ck_assert(stack_sh(&st, CRLNUM("\"$STACK_DIR/ca/crl/issuing-ca.crl\"",
	    "newcrl")) == 0);
	ck_assert_msg(stack_sh(&st, "[ \"$(cat " T "/newcrl)\" -gt \"$(cat "
	    T "/maxcrl)\" ]") == 0, "the CRL number went backwards");
	/* What was issued after the backup is reported, not lost. */
	ck_assert_int_eq(stack_sh(&st, CACTL " reconcile --ca "
	    "\"$STACK_DIR/ca\" --crl " T "/published/issuing-ca.crl "
	    "--notices \"$STACK_DIR/platforms/received.tsv\" > " T "/rec"), 1);
	after = slurp_t("after");
	rec = slurp_t("rec");
	ck_assert_ptr_nonnull(after);
	ck_assert_ptr_nonnull(rec);
	/*
	 * A reissue that committed just before the snapshot may say so
	 * just after it: such a certificate is in the store instead.
	 */
	for (line = strtok_r(after, "\n", &p); line != NULL;
	    line = strtok_r(NULL, "\n", &p)) {
		if (stack_sh(&st, "grep -q '^missing %s:' " T "/rec", line) ==
		    0)
			nr++;
		else
			ck_assert_msg(stack_sh(&st, CACTL " show '%s' > "
			    "/dev/null 2>&1", line) == 0, "%s, issued after "
			    "the backup, is neither restored nor reported",
			    line);
		na++;
	}
	ck_assert_int_ge(na, 5);
	ck_assert_int_ge(nr, na - 2);
	ck_assert(stack_sh(&st, "grep -q \"^unrevoked $(cat " T
	    "/keeper.serial):\" " T "/rec") == 0);
	/* Nothing from before the backup is reported missing. */
	ck_assert(stack_sh(&st, "! grep '^missing' " T "/rec | grep -q -F -f "
	    T "/before") == 0);
	/* And the restored CA works: revoking again closes the gap. */
	ck_assert(stack_sh(&st, CACTL " revoke \"$(cat " T "/keeper.serial)\" "
	    "--reason superseded > /dev/null") == 0);
	free(before);
	free(after);
	free(rec);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("backup");
	TCase	*tc = tcase_create("backup");
	SRunner	*sr;
	int	 failed;

	tcase_add_unchecked_fixture(tc, up, down);
	tcase_set_timeout(tc, 90);
	tcase_add_test(tc,
	    test_bad_backup_places_are_refused_and_leave_nothing);
	tcase_add_test(tc, test_damaged_or_mismatched_backups_are_refused);
	tcase_add_test(tc, test_drill_backup_under_load_restore_reconcile);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 && stack_sanitizer_reports() == 0 ?
	    EXIT_SUCCESS : EXIT_FAILURE;
}
