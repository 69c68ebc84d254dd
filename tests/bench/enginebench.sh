#!/bin/sh
# enginebench.sh: issuance on each engine of the CA store, same run
# (issue 20 item 5).
#
#   tests/bench/enginebench.sh RUNDIR RESULTS
#
# Two CAs made alike in RUNDIR/engines (cactl init, P-256): one with its
# store in SQLite (ca-lite/ca.db, the default), one in a PostgreSQL 15 of
# tests/pg/pgtmp.sh on 127.0.0.1 (ca-pg: cactl init --store, a schema of
# its own).  Each gets a cad; issuebench sends both the same BENCH_KEYS
# requests (-P, then -R):
#   1. closed loop, BENCH_CONNS clients one request outstanding each,
#      BENCH_SECS s after a 2-s warm-up: the peak, p50 and p99;
#   2. open loop (issuebench -r) at half of SQLite's peak, the same offered
#      rate for both engines: requests on a schedule, each latency counted
#      from when it was due, p50 and p99; and PostgreSQL again at half of
#      its own peak, should SQLite's half be more than it can take;
#   3. a closed-loop round and then the same open loop on a third CA
#      alike whose directory (so its SQLite store) is on tmpfs
#      (/dev/shm), so that it holds as many certificates as the first:
#      a diagnostic, never a set-up to run (nothing there survives a
#      reboot), that tells the daemon's own latency from what the disk
#      under the store adds.
# The rounds alternate engines (SQLite, PostgreSQL, SQLite, PostgreSQL),
# each cad stopped outside its own rounds.  Appends key=value lines to
# RESULTS: eng_lite_* and eng_pg_* (rate, p50, p99, errors; open_*),
# eng_pg_own_* (the open loop at PostgreSQL's own half), eng_offered and
# eng_pg_own_offered, eng_mem_rate and eng_mem_open_* (the tmpfs rounds).
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
BENCHBIN=${BENCHBIN:-$TOP/build/bench}
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-32}
KEYS=${BENCH_KEYS:-64}
WARM=2
D=$1/engines
R=$2
CAD_PID=""
MEM=""

say() { echo "enginebench: $*" >&2; }
put() { echo "$1=$2" >> "$R"; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }
cleanup() {
	[ -z "$CAD_PID" ] || kill "$CAD_PID" 2>/dev/null || true
	[ ! -f "$D/pg/data/postmaster.pid" ] ||
	    "$TOP/tests/pg/pgtmp.sh" stop "$D/pg" >/dev/null 2>&1 || true
	[ -z "$MEM" ] || rm -rf "$MEM"
}
die() { say "$*"; cleanup; exit 1; }
trap cleanup EXIT INT TERM

rm -rf "$D"
mkdir -p "$D/csr"
export CA_PASSPHRASE_FILE="$D/ca.pass"
(umask 077; openssl rand -base64 32 > "$CA_PASSPHRASE_FILE")
"$TOP/tests/pg/pgtmp.sh" start "$D/pg" > "$D/pg.log" 2>&1 ||
    { cat "$D/pg.log" >&2; die "PostgreSQL did not start"; }
ci=$(cat "$D/pg/conninfo")
store=$("$TOP/tests/pg/pgtmp.sh" schema "$D/pg" ca) ||
    die "cannot make the CA store's schema"
"$BINDIR/cactl" init --base-url http://127.0.0.1:18080 "$D/ca-lite" \
    >/dev/null || die "cactl init (SQLite) failed"
"$BINDIR/cactl" init --base-url http://127.0.0.1:18080 \
    --store "$store" "$D/ca-pg" >/dev/null ||
    die "cactl init (PostgreSQL) failed"
"$BENCHBIN/issuebench" -P "$D/csr" -k "$KEYS" >/dev/null ||
    die "issuebench -P failed"

# cad_up NAME: starts the cad of ca-NAME on NAME.sock (CAD_PID).
cad_up() {
	rm -f "$D/$1.sock"
	"$BINDIR/cad" -c "$D/ca-$1" -s "$D/$1.sock" >> "$D/cad-$1.log" 2>&1 &
	CAD_PID=$!
	i=0
	until [ -S "$D/$1.sock" ]; do
		i=$((i + 1))
		[ "$i" -lt 300 ] || { tail -5 "$D/cad-$1.log" >&2;
		    die "cad of ca-$1 did not start"; }
		sleep 0.1
	done
}
cad_down() {
	kill "$CAD_PID" 2>/dev/null || true
	wait "$CAD_PID" 2>/dev/null || true
	CAD_PID=""
}
# round NAME [RATE]: one issuebench run against ca-NAME's cad, its line.
round() {
	cad_up "$1"
	_l=$("$BENCHBIN/issuebench" -s "$D/$1.sock" -c "$CONNS" -d "$SECS" \
	    -w "$WARM" -k "$KEYS" -R "$D/csr" ${2:+-r "$2"}) ||
	    { cad_down; die "issuebench against ca-$1 failed: $_l"; }
	cad_down
	say "$1${2:+ open loop at $2/s}: $_l (load $(cut -d' ' -f1 /proc/loadavg))"
	echo "$_l"
}

say "closed loop, $CONNS clients, ${SECS}s: SQLite, then PostgreSQL"
lite=$(round lite)
pg=$(round pg)
half=$(calc %.0f "$(field certs_per_s "$lite") / 2")
say "open loop at $half/s (half of SQLite's peak): SQLite, then PostgreSQL"
olite=$(round lite "$half")
opg=$(round pg "$half")
# Half of SQLite's peak may be more than PostgreSQL's whole peak (then
# its queue only grows): its latency at half of its own peak as well.
phalf=$(calc %.0f "$(field certs_per_s "$pg") / 2")
say "open loop at $phalf/s (half of PostgreSQL's own peak): PostgreSQL"
oown=$(round pg "$phalf")
# The diagnostic: SQLite's open loop again with the CA on tmpfs.
MEM=$(mktemp -d /dev/shm/careissue-bench-XXXXXX) ||
    die "cannot make a directory in /dev/shm"
chmod 755 "$MEM"	# cad's store user goes through it, as through $D
"$BINDIR/cactl" init --base-url http://127.0.0.1:18080 "$MEM/ca" \
    >/dev/null || die "cactl init (tmpfs) failed"
ln -s "$MEM/ca" "$D/ca-mem"
say "closed loop, then open loop at $half/s, with the SQLite store on" \
    "tmpfs (diagnostic)"
mem=$(round mem)
omem=$(round mem "$half")
# What the PostgreSQL CA stored is a certificate of that CA.
n=$(psql -XAtq -d "$store" \
    -c 'SELECT count(*) FROM cert')
[ "$n" -gt 0 ] || die "the PostgreSQL store holds no certificate"

put eng_date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put eng_machine "$(nproc) cores (\`nproc\`), $(sed -n \
    's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(uname -sr), \
PostgreSQL $(psql -XAtq -d "$ci" -c 'SHOW server_version'), SQLite \
$(sqlite3 -version | awk '{print $1}')"
envs=""
for v in BENCH_SECS BENCH_CONNS BENCH_KEYS; do
	eval "x=\${$v:-}"
	[ -z "$x" ] || envs="$envs$v=$x "
done
put eng_cmd "$envs${ENGINE_CMD:-tests/bench/enginebench.sh $1 $2}"
put eng_secs "$SECS"
put eng_conns "$CONNS"
put eng_keys "$KEYS"
put eng_offered "$half"
put eng_pg_own_offered "$phalf"
put eng_pg_own_rate "$(field certs_per_s "$oown")"
put eng_pg_own_p50 "$(field p50_ms "$oown")"
put eng_pg_own_p99 "$(field p99_ms "$oown")"
put eng_pg_own_errors "$(field errors "$oown")"
put eng_pg_stored "$n"
put eng_mem_rate "$(field certs_per_s "$mem")"
put eng_mem_open_rate "$(field certs_per_s "$omem")"
put eng_mem_open_p50 "$(field p50_ms "$omem")"
put eng_mem_open_p99 "$(field p99_ms "$omem")"
put eng_mem_open_errors "$(field errors "$omem")"
for e in lite pg; do
	eval "l=\$$e ol=\$o$e"
	put "eng_${e}_rate" "$(field certs_per_s "$l")"
	put "eng_${e}_p50" "$(field p50_ms "$l")"
	put "eng_${e}_p99" "$(field p99_ms "$l")"
	put "eng_${e}_errors" "$(field errors "$l")"
	put "eng_${e}_open_rate" "$(field certs_per_s "$ol")"
	put "eng_${e}_open_p50" "$(field p50_ms "$ol")"
	put "eng_${e}_open_p99" "$(field p99_ms "$ol")"
	put "eng_${e}_open_errors" "$(field errors "$ol")"
done
cleanup
trap - EXIT INT TERM
