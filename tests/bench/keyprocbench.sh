#!/bin/sh
# keyprocbench.sh: issuance before and after the key process (issue 15
# item 1: "signing throughput stays within 10% of today's"), called by
# bench.sh at the end of its issuance part (a); can also run alone, and
# `BENCH_ONLY=keyproc make bench` runs only it.
#
#   tests/bench/keyprocbench.sh RUNDIR RESULTS
#
# "Before" is BENCH_KEYPROC_BEFORE (f760750^), the last tree in which cad
# signed in-process with the CA key (f760750 brought ca/casign.c).  Its
# cad and cactl are built from `git archive` in RUNDIR/keyproc/before-src.
# "After" is the programs in BINDIR (what `make bench` has just built from
# this tree: cad, which asks casign to sign over a unix socket), or, if
# BENCH_KEYPROC_AFTER names a commit, cad, cactl and casign built from that
# commit the same way (so that uncommitted work in the tree stays out).
#
# Both are driven by the same client, BENCHBIN/issuebench, with the same
# 64 P-256 requests (written once with -P, read by every run with -R):
# the ISSUE frame (ca/proto.h, ca/proto.c) is the same in both trees, and
# so is issuebench.c apart from -R, and one client binary is one variable
# fewer.  If a future tree's frame differs, the old tree's own issuebench
# (with its own generated requests) drives the old cad, and the report says
# so.
#
# Every round, each side gets a fresh P-256 CA made by its own `cactl
# init` and its own cad started the way bench.sh starts ours; the rounds
# run before, after, before, after, ... (BENCH_KEYPROC_ROUNDS of each, 3),
# so whatever else the machine does hits both alike.  Each run: CONNS
# connections, a WARM-second warm-up, SECS measured seconds; the first
# certificate is checked with `openssl verify`.  The CPU of cad and all
# its descendants (casign's monitor and children) is read from /proc.
#
# Key=value results (keyproc_*) are appended to RESULTS: every round's
# issuebench line, the medians of certs/s, p50 and p99 of each side, and
# the ratios after / before of those medians; or keyproc_skipped with the
# reason when the history has no BEFORE (a shallow clone, no .git).
# Environment: BINDIR, BENCHBIN, BENCH_SECS (10), BENCH_CONNS (32),
# BENCH_KEYPROC_ROUNDS (3), BENCH_KEYPROC_BEFORE (f760750^),
# BENCH_KEYPROC_AFTER (empty: BINDIR), KEYPROC_CMD (how the caller was
# run, for the report).
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
BENCHBIN=${BENCHBIN:-$TOP/build/bench}
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-32}
ROUNDS=${BENCH_KEYPROC_ROUNDS:-3}
BEFORE=${BENCH_KEYPROC_BEFORE:-f760750^}
AFTER=${BENCH_KEYPROC_AFTER:-}
RUN=$1
R=$2
D=$RUN/keyproc
WARM=2
KEYS=64
CAD_PID=""

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }
put() { echo "$1=$2" >> "$R"; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }
# Median of the numbers on standard input (mean of the middle two if even).
median() {
	sort -g | awk '{v[NR] = $1} END {
	    if (NR % 2) print v[(NR + 1) / 2];
	    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# A path as the report shows it: relative to the top of the tree.
rel() { echo "$1" | sed "s|^$TOP/||"; }

# tree PID: "pid ticks" for PID and each of its descendants, ticks being
# utime + stime + cutime + cstime (children that ended and were waited
# for are in their parent's cutime/cstime).  The command name is dropped
# first: with it gone, ppid is field 3 and the four times fields 13-16.
tree() {
	cat /proc/[0-9]*/stat 2>/dev/null |
	    sed 's/^\([0-9]*\) (.*) /\1 /' |
	    awk -v root="$1" '{pp[$1] = $3; t[$1] = $13 + $14 + $15 + $16}
	    END {
		for (p in pp) {
			q = p
			while (q + 0 != root + 0 && (q in pp) && q + 0 > 1)
				q = pp[q]
			if (q + 0 == root + 0)
				print p, t[p]
		}
	    }'
}
tree_ticks() { tree "$1" | awk '{s += $2} END {print s + 0}'; }

# stop_cad: ends cad, then waits (up to 10 s) for the processes it started
# (casign's monitor and children see it go on their lifeline and end), so
# that none of them is still running during the other side's round.
stop_cad() {
	[ -n "$CAD_PID" ] || return 0
	kids=$(tree "$CAD_PID" | awk -v root="$CAD_PID" '$1 != root {print $1}')
	kill "$CAD_PID" 2>/dev/null || true
	wait "$CAD_PID" 2>/dev/null || true
	CAD_PID=""
	for k in $kids; do
		i=0
		while kill -0 "$k" 2>/dev/null; do
			i=$((i + 1))
			if [ "$i" -ge 100 ]; then
				say "process $k (started by cad) still" \
				    "running 10 s after cad ended: stopping it"
				kill "$k" 2>/dev/null || true
				break
			fi
			sleep 0.1
		done
	done
}
trap stop_cad EXIT INT TERM

# build REV DIR TARGETS...: REV's tree from git archive into DIR, then
# make TARGETS there (log DIR.log).  The caller's make variables
# (MAKEFLAGS and its jobserver) are not handed down.
build() {
	rev=$1
	dir=$2
	shift 2
	mkdir -p "$dir"
	git -C "$TOP" archive "$rev" | tar -x -C "$dir"
	(unset MAKEFLAGS MFLAGS MAKELEVEL; make -C "$dir" -j"$(nproc)" "$@") \
	    > "$dir.log" 2>&1 || { tail -20 "$dir.log" >&2;
	    die "cannot build $* of $rev (see $dir.log)"; }
}

# The parts of the wire format an ISSUE request depends on, from one tree:
# the frame header constants, the field kinds, the ISSUE fields, and the
# encoder (proto.c, whole).
frame_of() {
	sed -n -e '/^#define PROTO_VERSION/p' -e '/^#define PROTO_HDR_LEN/p' \
	    -e '/^#define PROTO_MAX_PAYLOAD/p' \
	    -e '/PROTO_ISSUE = 3/,/PROTO_REISSUE/p' \
	    -e '/^enum proto_kind/,/^}/p' "$1/ca/proto.h"
	cat "$1/ca/proto.c"
}

rm -rf "$D"
mkdir -p "$D"
put keyproc_before_ref "$BEFORE"
# No history, or a shallow one without BEFORE: said, not measured.
if ! command -v git >/dev/null ||
    ! git -C "$TOP" rev-parse -q --verify "$BEFORE^{commit}" >/dev/null 2>&1
then
	why="the git history here has no $BEFORE (a shallow clone, or no .git)"
	why="$why: the tree before the key process cannot be built"
	say "before/after the key process: NOT MEASURED: $why"
	put keyproc_skipped "$why"
	exit 0
fi
put keyproc_before_rev "$(git -C "$TOP" log -1 --format='%h %cs' "$BEFORE")"

say "before the key process: building $BEFORE's cad and cactl"
build "$BEFORE" "$D/before-src" build/bin/cad build/bin/cactl
BEFORE_BIN=$D/before-src/build/bin
if [ -n "$AFTER" ]; then
	say "with the key process: building $AFTER's cad, cactl and casign"
	build "$AFTER" "$D/after-src" build/bin/cad build/bin/cactl \
	    build/bin/casign
	AFTER_BIN=$D/after-src/build/bin
	AFTER_SRC=$D/after-src
	put keyproc_after_rev "$AFTER, $(git -C "$TOP" log -1 \
	    --format='%h %cs' "$AFTER") (\`git archive\`, built like the other)"
else
	AFTER_BIN=$BINDIR
	AFTER_SRC=$TOP
	dirty=$(git -C "$TOP" status --porcelain -- ca lib Makefile 2>/dev/null |
	    awk '{print $2}' | tr '\n' ' ')
	desc="the programs in $BINDIR"
	[ "$BINDIR" = "$TOP/build/bin" ] &&
	    desc="this tree, HEAD $(git -C "$TOP" log -1 --format='%h %cs')"
	[ -n "$dirty" ] && desc="$desc, with uncommitted changes to $dirty"
	put keyproc_after_rev "$desc"
fi
for p in cad cactl casign; do
	[ -x "$AFTER_BIN/$p" ] || die "$AFTER_BIN/$p missing: run make first"
done
[ -x "$BENCHBIN/issuebench" ] || die "$BENCHBIN/issuebench missing"

# One request set for both sides; the old cad gets the same client unless
# its ISSUE frame differs from ours.
mkdir -p "$D/csr"
"$BENCHBIN/issuebench" -P "$D/csr" -k "$KEYS"
BEFORE_CLIENT="$BENCHBIN/issuebench -R $D/csr"
AFTER_CLIENT="$BENCHBIN/issuebench -R $D/csr"
if [ "$(frame_of "$D/before-src")" = "$(frame_of "$AFTER_SRC")" ]; then
	put keyproc_client "the same client and the same $KEYS P-256 requests \
(written once by \`issuebench -P\`) for both sides: the ISSUE frame of \
$BEFORE (ca/proto.h's header, field kinds and ISSUE fields; ca/proto.c) is \
ours octet for octet"
else
	say "the ISSUE frame of $BEFORE differs: its own issuebench for it"
	build "$BEFORE" "$D/before-src" build/bench/issuebench
	BEFORE_CLIENT=$D/before-src/build/bench/issuebench
	put keyproc_client "NOT the same for both sides: the ISSUE frame of \
$BEFORE differs from ours, so its own issuebench (\`$(rel \
"$BEFORE_CLIENT")\`), with its own $KEYS generated requests, drove its cad"
fi
put keyproc_before_bin "$(rel "$BEFORE_BIN")"
put keyproc_after_bin "$(rel "$AFTER_BIN")"
put keyproc_before_client "$(rel "$BEFORE_CLIENT" | sed "s| $TOP/| |")"
put keyproc_after_client "$(rel "$AFTER_CLIENT" | sed "s| $TOP/| |")"

if [ -z "${CA_PASSPHRASE_FILE:-}" ]; then
	export CA_PASSPHRASE_FILE="$D/ca.pass"
	(umask 077; openssl rand -base64 32 > "$CA_PASSPHRASE_FILE")
fi
HZ=$(getconf CLK_TCK)
# What the run lasts from the client's start to its end (issuebench waits
# 0.3 s + 10 ms a connection before the common start): the CPU divisor.
SPAN=$(calc %.2f "0.3 + 0.01 * $CONNS + $WARM + $SECS")

# one SIDE ROUND: a fresh CA by SIDE's cactl, SIDE's cad, the client.
one() {
	side=$1
	S=$D/$side-$2
	if [ "$side" = before ]; then
		bin=$BEFORE_BIN
		client=$BEFORE_CLIENT
	else
		bin=$AFTER_BIN
		client=$AFTER_CLIENT
	fi
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
	load0=$(loadavg)
	cpu0=$(tree_ticks "$CAD_PID")
	# $client is a program and its -R option: split on purpose.
	# shellcheck disable=SC2086
	line=$($client -s "$S/cad.sock" -c "$CONNS" -d "$SECS" -w "$WARM" \
	    -k "$KEYS" -o "$S/one.der") || die "$side: issuebench failed: $line"
	cpu1=$(tree_ticks "$CAD_PID")
	nprocs=$(tree "$CAD_PID" | wc -l)
	load1=$(loadavg)
	stop_cad
	openssl x509 -inform DER -in "$S/one.der" -out "$S/one.pem"
	openssl verify -CAfile "$S/ca/chain.pem" "$S/one.pem" >/dev/null ||
	    die "$side: the certificate does not verify ($S)"
	cpu=$(calc %.0f "($cpu1 - $cpu0) * 100 / $HZ / $SPAN")
	# CPU per certificate: the certificates of the warm-up are not
	# counted by issuebench, so they are taken to have come at the rate
	# of the counted seconds.
	certs=$(field certs "$line")
	ms=$(calc %.3f "($cpu1 - $cpu0) * 1000 / $HZ / \
	    ($certs * ($WARM + $SECS) / $SECS + ($certs == 0))")
	line="$line cpu_pct=$cpu cpu_ms_per_cert=$ms procs=$nprocs \
load=$(echo "$load0" |
	    tr ' ' /)..$(echo "$load1" | tr ' ' /)"
	echo "keyproc round $2 $side: $line" >&2
	put "keyproc_${side}_$2" "$line"
	echo "$line" >> "$D/$side.lines"
}

put keyproc_date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put keyproc_machine "$(nproc) cores (\`nproc\`), $(sed -n \
    's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(uname -sr), \
OpenSSL $(openssl version | awk '{print $2}')"
put keyproc_rounds "$ROUNDS"
put keyproc_secs "$SECS"
put keyproc_conns "$CONNS"
put keyproc_warm "$WARM"
put keyproc_keys "$KEYS"
put keyproc_dir "$(rel "$D")"
# The command as run: the settings that differ from the defaults, then
# the caller's command (bench.sh passes its own) or this script's.
envs=""
[ "$BINDIR" = "$TOP/build/bin" ] || envs="${envs}BINDIR=$(rel "$BINDIR") "
[ "$BENCHBIN" = "$TOP/build/bench" ] ||
    envs="${envs}BENCHBIN=$(rel "$BENCHBIN") "
for v in BENCH_SECS BENCH_CONNS BENCH_KEYPROC_ROUNDS BENCH_KEYPROC_BEFORE \
    BENCH_KEYPROC_AFTER; do
	eval "x=\${$v:-}"
	[ -z "$x" ] || envs="$envs$v=$x "
done
put keyproc_cmd "$envs${KEYPROC_CMD:-tests/bench/keyprocbench.sh \
$(rel "$RUN") $(rel "$R")}"
: > "$D/before.lines"
: > "$D/after.lines"
r=1
while [ "$r" -le "$ROUNDS" ]; do
	say "before/after the key process, round $r of $ROUNDS:" \
	    "$CONNS connections, ${WARM}s + ${SECS}s each"
	one before "$r"
	one after "$r"
	r=$((r + 1))
done

for side in before after; do
	for k in certs_per_s p50_ms p99_ms cpu_pct cpu_ms_per_cert; do
		while read -r line; do
			field "$k" "$line"
		done < "$D/$side.lines" | median > "$D/$side.$k"
	done
	put "keyproc_${side}_rate" "$(cat "$D/$side.certs_per_s")"
	put "keyproc_${side}_p50" "$(cat "$D/$side.p50_ms")"
	put "keyproc_${side}_p99" "$(cat "$D/$side.p99_ms")"
	put "keyproc_${side}_cpu" "$(cat "$D/$side.cpu_pct")"
	put "keyproc_${side}_cpu_ms" "$(cat "$D/$side.cpu_ms_per_cert")"
	put "keyproc_${side}_errors" "$(while read -r line; do
	    field errors "$line"; done < "$D/$side.lines" |
	    awk '{s += $1} END {print s + 0}')"
done
put keyproc_x_rate "$(calc %.3f "$(cat "$D/after.certs_per_s") / \
$(cat "$D/before.certs_per_s")")"
put keyproc_x_p50 "$(calc %.3f "$(cat "$D/after.p50_ms") / \
$(cat "$D/before.p50_ms")")"
put keyproc_x_p99 "$(calc %.3f "$(cat "$D/after.p99_ms") / \
$(cat "$D/before.p99_ms")")"
put keyproc_x_cpu_ms "$(calc %.3f "$(cat "$D/after.cpu_ms_per_cert") / \
$(cat "$D/before.cpu_ms_per_cert")")"
# Each round's pair (after / before, run one after the other) too.
while read -r b <&3 && read -r a <&4; do
	calc '%.3f\n' "$(field certs_per_s "$a") / $(field certs_per_s "$b")"
done 3< "$D/before.lines" 4< "$D/after.lines" > "$D/pairs"
put keyproc_pairs "$(tr '\n' ' ' < "$D/pairs" | sed 's/ $//')"
put keyproc_pairs_median "$(median < "$D/pairs")"
# The build trees and the stores are large; keep the logs and the lines.
rm -rf "$D/before-src/build/obj" "$D/after-src/build/obj"
for s in "$D"/before-* "$D"/after-*; do
	[ -d "$s/ca" ] && rm -f "$s/ca/ca.db" "$s/ca/ca.db-wal" \
	    "$s/ca/ca.db-shm" "$s"/ca/db/ca.db*
done
say "before/after the key process: certs/s median $(cat \
    "$D/before.certs_per_s") before, $(cat "$D/after.certs_per_s") after"
