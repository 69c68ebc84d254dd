#!/bin/sh
# abcompare.sh: compare two built trees' page and issuance speed, in one
# run, with interleaved rounds (issue 19: "`make bench`'s page and issuance
# rows do not get slower (same run, before and after)").
#
#   tests/bench/abcompare.sh BEFORE_TREE AFTER_TREE OUTDIR
#
# BEFORE_TREE and AFTER_TREE are checkouts (e.g. git worktrees), each
# already built with `make` (build/bin/); AFTER_TREE also needs
# build/bench/issuebench (`make build/bench/issuebench`).  For example:
#
#   git worktree add --detach /tmp/before bace75f
#   make -C /tmp/before -j2
#   make -j2 all build/bench/issuebench
#   tests/bench/abcompare.sh /tmp/before . /tmp/ab
#
# Issuance (as keyprocbench.sh): AFTER_TREE's issuebench is the client for
# both sides, with one set of 64 P-256 requests (issuebench -P once, -R for
# every run).  Each round gives each side a fresh CA made by its own `cactl
# init` and its own cad; WARM s warm-up, SECS s measured, CONNS
# connections; the first certificate is checked with `openssl verify`.
#
# Page (as pagebench.sh, its core only): one stack per tree
# (tools/stack.sh of that tree, demo data, 20 certificates in company A's
# CA管理: tests/bench/web.sh), both up for the whole run; 张演示 logs in to
# each with curl; then wrk -t2 -cCONNS GETs /certs?size=20 with the session
# cookie (tests/bench/page.lua: every reply must be 200 and show "共 20 条"),
# WARM s warm-up, SECS s measured.  The idle stack costs nothing while the
# other is measured.
#
# Rounds alternate the order (before, after; then after, before; ...) so
# that a drift of the machine's load hits both sides alike.  Reported per
# side: the median and the spread (min..max) of certs/s, p50, p99 and of
# requests/s, p50, p99; the CPU time per certificate of cad (with its key
# process) and per page of webd (with its workers), from /proc, which the
# machine's other load disturbs less than the rates; and each round's
# ratio after / before of certs/s and of requests/s (the two ran back to
# back), with their median and spread.  A difference smaller than the
# spread is noise.  Both pages' sizes are recorded (page_bytes): a page
# that grew for another reason costs more to make and to send.
#
# Run it as make bench is run (as root: tools/stack.sh makes the service
# users and drops to them), with nothing else of yours running; on a busy
# machine raise AB_ROUNDS.
#
# Environment: AB_ROUNDS (5 of each), BENCH_SECS (10), BENCH_CONNS (32),
# BENCH_WARM (2), AB_PARTS ("issue page": either or both).
# Output: OUTDIR/results (key=value: every round's line, then the
# summaries), the summary table on standard output, progress on stderr.
set -eu

[ $# -eq 3 ] || { echo "usage: abcompare.sh BEFORE_TREE AFTER_TREE OUTDIR" >&2;
    exit 2; }
B=$(cd "$1" && pwd)
A=$(cd "$2" && pwd)
mkdir -p "$3"
D=$(cd "$3" && pwd)
ROUNDS=${AB_ROUNDS:-5}
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-32}
WARM=${BENCH_WARM:-2}
PARTS=${AB_PARTS:-issue page}
KEYS=64
R=$D/results
CAD_PID=""
UP=""

say() { echo "abcompare: $*" >&2; }
die() { say "$*"; cleanup; exit 1; }
put() { echo "$1=$2" >> "$R"; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# stats: "median min max" of the numbers on standard input.
stats() {
	sort -g | awk '{v[NR] = $1} END {
	    if (NR == 0) { print "- - -"; exit }
	    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	    print m, v[1], v[NR] }'
}
# tree_ticks PID: utime + stime + cutime + cstime, in clock ticks, of PID
# and all its descendants (keyprocbench.sh's way: the command name is
# dropped first, then ppid is field 3 and the four times fields 13-16).
tree_ticks() {
	cat /proc/[0-9]*/stat 2>/dev/null |
	    sed 's/^\([0-9]*\) (.*) /\1 /' |
	    awk -v root="$1" '{pp[$1] = $3; t[$1] = $13 + $14 + $15 + $16}
	    END {
		for (p in pp) {
			q = p
			while (q + 0 != root + 0 && (q in pp) && q + 0 > 1)
				q = pp[q]
			if (q + 0 == root + 0)
				s += t[p]
		}
		print s + 0
	    }'
}
HZ=$(getconf CLK_TCK)
rev() { git -C "$1" log -1 --format='%h %cs' 2>/dev/null || echo "?"; }

cleanup() {
	if [ -n "$CAD_PID" ]; then
		kill "$CAD_PID" 2>/dev/null || true
		wait "$CAD_PID" 2>/dev/null || true
		CAD_PID=""
	fi
	for s in $UP; do
		"$s/tools/stack.sh" stop "$D/stack-$(side_of "$s")" \
		    >/dev/null 2>&1 || true
	done
	UP=""
}
trap cleanup EXIT INT TERM
side_of() { if [ "$1" = "$B" ]; then echo before; else echo after; fi; }
tree_of() { if [ "$1" = before ]; then echo "$B"; else echo "$A"; fi; }

for t in "$B" "$A"; do
	for p in cad cactl casign webd webctl; do
		[ -x "$t/build/bin/$p" ] || die "$t/build/bin/$p missing: make"
	done
done
CLIENT=$A/build/bench/issuebench
[ -x "$CLIENT" ] || die "$CLIENT missing: make build/bench/issuebench in $A"

rm -f "$R"
put ab_date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put ab_before "$B ($(rev "$B"))"
put ab_after "$A ($(rev "$A"))"
put ab_machine "$(nproc) cores, $(sed -n \
    's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
put ab_settings "rounds=$ROUNDS secs=$SECS conns=$CONNS warm=$WARM"

# order ROUND: the two sides in that round's order.
order() { if [ $(($1 % 2)) -eq 1 ]; then echo before after;
    else echo after before; fi; }

# --- issuance -------------------------------------------------------------
issue_one() {
	side=$1
	bin=$(tree_of "$side")/build/bin
	S=$D/issue/$side-$2
	rm -rf "$S"
	mkdir -p "$S"
	"$bin/cactl" init --base-url http://127.0.0.1:18080 "$S/ca" \
	    > "$S/init.log" 2>&1 || die "$side: cactl init failed ($S)"
	"$bin/cad" -c "$S/ca" -s "$S/cad.sock" > "$S/cad.log" 2>&1 &
	CAD_PID=$!
	i=0
	until [ -S "$S/cad.sock" ]; do
		i=$((i + 1))
		[ "$i" -ge 3000 ] && { tail -5 "$S/cad.log" >&2;
		    die "$side: cad did not start"; }
		sleep 0.1
	done
	c0=$(tree_ticks "$CAD_PID")
	line=$("$CLIENT" -R "$D/csr" -s "$S/cad.sock" -c "$CONNS" -d "$SECS" \
	    -w "$WARM" -k "$KEYS" -o "$S/one.der") ||
	    die "$side: issuebench failed: $line"
	c1=$(tree_ticks "$CAD_PID")
	kill "$CAD_PID" 2>/dev/null || true
	wait "$CAD_PID" 2>/dev/null || true
	CAD_PID=""
	sleep 1		# cad's key process sees its lifeline go and ends
	openssl x509 -inform DER -in "$S/one.der" -out "$S/one.pem"
	openssl verify -CAfile "$S/ca/chain.pem" "$S/one.pem" >/dev/null ||
	    die "$side: the certificate does not verify ($S)"
	# cad's CPU (with casign's) per certificate; the warm-up's
	# certificates are taken to have come at the measured rate.
	ms=$(awk -v t="$((c1 - c0))" -v hz="$HZ" -v n="$(field certs "$line")" \
	    -v w="$WARM" -v s="$SECS" 'BEGIN {
	    printf "%.3f", t * 1000 / hz / (n * (w + s) / s + (n == 0)) }')
	line="$line cpu_ms=$ms load=$(cut -d' ' -f1 /proc/loadavg)"
	say "issue round $2 $side: $line"
	put "issue_${side}_$2" "$line"
	echo "$line" >> "$D/issue/$side.lines"
	rm -f "$S"/ca/ca.db* "$S"/ca/db/ca.db*
}

if echo "$PARTS" | grep -qw issue; then
	rm -rf "$D/issue"
	mkdir -p "$D/issue" "$D/csr"
	: > "$D/issue/before.lines"
	: > "$D/issue/after.lines"
	if [ -z "${CA_PASSPHRASE_FILE:-}" ]; then
		export CA_PASSPHRASE_FILE="$D/ca.pass"
		(umask 077; openssl rand -base64 32 > "$CA_PASSPHRASE_FILE")
	fi
	"$CLIENT" -P "$D/csr" -k "$KEYS"
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		for s in $(order "$r"); do
			issue_one "$s" "$r"
		done
		r=$((r + 1))
	done
fi

# --- page -----------------------------------------------------------------
# page_up SIDE: that tree's stack (its own stack.sh, web.sh and programs)
# in $D/stack-SIDE, logged in; sets URL_SIDE and COOKIE_SIDE.
page_up() {
	side=$1
	TOP=$(tree_of "$side")
	# shellcheck disable=SC2034 # web.sh reads it
	BINDIR=$TOP/build/bin
	# shellcheck source=tests/bench/web.sh
	. "$TOP/tests/bench/web.sh"
	rm -rf "$D/stack-$side" "$D/stack-$side.init.log"
	mkdir -p "$D/stack-$side"
	say "page: $side's stack (demo data, 20 certificates in CA管理)"
	UP="$UP $TOP"
	web_stack_up "$D/stack-$side" "$(nproc)"
	web_login "$D/stack-$side" "$D/jar-$side" 13900000001 > /dev/null ||
	    die "$side: login failed"
	c=$(web_cookie "$D/jar-$side")
	[ -n "$c" ] || die "$side: no session cookie"
	u=https://127.0.0.1:$WEB_PORT
	curl -sk -H "Cookie: $c" "$u/certs?size=20" > "$D/page-$side.html"
	grep -q "共 20 条" "$D/page-$side.html" ||
	    die "$side: /certs?size=20 does not show 共 20 条"
	w=$(cat "$D/stack-$side/run/webd.pid")
	eval "URL_$side=\$u; COOKIE_$side=\$c; WEBD_$side=\$w"
}

page_one() {
	side=$1
	eval "u=\$URL_$side; c=\$COOKIE_$side; w=\$WEBD_$side"
	wrk -t2 -c"$CONNS" -d"${WARM}s" -s "$A/tests/bench/page.lua" \
	    "$u/certs?size=20" -- "$c" "共 20 条" > /dev/null
	t0=$(tree_ticks "$w")
	wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$A/tests/bench/page.lua" \
	    "$u/certs?size=20" -- "$c" "共 20 条" > "$D/page/$side-$2.txt"
	t1=$(tree_ticks "$w")
	line=$(sed -n 's/^wrk: //p' "$D/page/$side-$2.txt")
	[ -n "$line" ] || die "$side: wrk gave no result ($D/page/$side-$2.txt)"
	# webd's CPU (supervisor and workers) per request.
	ms=$(awk -v t="$((t1 - t0))" -v hz="$HZ" \
	    -v n="$(field requests "$line")" 'BEGIN {
	    printf "%.3f", t * 1000 / hz / (n + (n == 0)) }')
	line="$line cpu_ms=$ms load=$(cut -d' ' -f1 /proc/loadavg)"
	say "page round $2 $side: $line"
	put "page_${side}_$2" "$line"
	echo "$line" >> "$D/page/$side.lines"
}

if echo "$PARTS" | grep -qw page; then
	rm -rf "$D/page"
	mkdir -p "$D/page"
	: > "$D/page/before.lines"
	: > "$D/page/after.lines"
	page_up before
	page_up after
	put page_bytes "before $(wc -c < "$D/page-before.html") after \
$(wc -c < "$D/page-after.html")"
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		for s in $(order "$r"); do
			page_one "$s" "$r"
		done
		r=$((r + 1))
	done
	cleanup
fi

# --- summary --------------------------------------------------------------
# row PART KEY LABEL: "LABEL  before median (min..max)  after ...  ratio".
row() {
	[ -s "$D/$1/before.lines" ] || return 0
	set -- "$1" "$2" "$3" \
	    "$(while read -r l; do field "$2" "$l"; done \
	    < "$D/$1/before.lines" | stats)" \
	    "$(while read -r l; do field "$2" "$l"; done \
	    < "$D/$1/after.lines" | stats)"
	put "$1_$2" "before $4 after $5"
	echo "$4 $5" | awk -v label="$3" '{
	    printf "%-22s %10s (%s..%s)  %10s (%s..%s)  %6.3f\n",
	    label, $1, $2, $3, $4, $5, $6, ($1 > 0 ? $4 / $1 : 0) }'
}
# pairs PART KEY LABEL: each round's after / before (the two measured one
# after the other, so under the same load), their median and spread.
pairs() {
	[ -s "$D/$1/before.lines" ] || return 0
	p=$(while read -r b <&3 && read -r a <&4; do
		awk -v a="$(field "$2" "$a")" -v b="$(field "$2" "$b")" \
		    'BEGIN {printf "%.3f\n", (b > 0 ? a / b : 0)}'
	done 3< "$D/$1/before.lines" 4< "$D/$1/after.lines")
	put "$1_$2_pairs" "$(echo "$p" | tr '\n' ' ' | sed 's/ $//')"
	echo "$p" | stats | awk -v label="$3" -v all="$(echo "$p" |
	    tr '\n' ' ')" '{printf "%-22s a/b per round: median %s (%s..%s): %s\n",
	    label, $1, $2, $3, all}'
}
{
	echo "before: $(rev "$B") ($B)"
	echo "after:  $(rev "$A") ($A)"
	echo "$ROUNDS rounds each, interleaved; ${SECS}s measured," \
	    "$CONNS connections"
	printf "%-22s %24s  %24s  %6s\n" "" "before median (min..max)" \
	    "after median (min..max)" "a/b"
	row issue certs_per_s "issuance certs/s"
	row issue p50_ms "issuance p50 ms"
	row issue p99_ms "issuance p99 ms"
	row issue cpu_ms "issuance CPU ms/cert"
	row page rps "page /certs req/s"
	row page p50_ms "page p50 ms"
	row page p99_ms "page p99 ms"
	row page cpu_ms "page webd CPU ms/req"
	pairs issue certs_per_s "issuance certs/s"
	pairs page rps "page /certs req/s"
	for p in issue page; do
		for s in before after; do
			[ -s "$D/$p/$s.lines" ] || continue
			n=$(while read -r l; do field errors "$l";
			    field bad "$l"; done < "$D/$p/$s.lines" |
			    awk '{s += $1} END {print s + 0}')
			[ "$n" = 0 ] || echo "$p $s: $n errors or bad replies"
		done
	done
} | tee "$D/summary"
