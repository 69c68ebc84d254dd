#!/bin/sh
# sm2bench.sh: the SM2 (国密) part of `make bench` (issue 9 item 1), called
# by bench.sh after the ECDSA measurements it is set beside; can also run
# alone.
#
#   tests/bench/sm2bench.sh RUNDIR RESULTS
#
#   issuance: an SM2 CA (cactl init --algo sm2) in RUNDIR/sm2, cad, and
#       issuebench -a sm2 (SM2 requests signed with the ID) with the same
#       connections, duration, warm-up and key count as the P-256 run;
#       one certificate is checked with tests/integ/sm2sig.sh (openssl
#       pkeyutl, SM3, distid:1234567812345678) against the issuing CA.
#   CRL: an SM2 CA whose store holds N revoked certificates (storefill),
#       REPS forced CRLs timed by crltime as for P-256; the published CRL
#       is checked the same way.
#
# Key=value results (sm2_*) are appended to RESULTS.  Environment: BINDIR,
# BENCHBIN, BENCH_SECS (10), BENCH_CONNS (32), BENCH_REPS (3),
# BENCH_SM2_CRL_N (100000; the P-256 row of the same N is its peer).
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
BENCHBIN=${BENCHBIN:-$TOP/build/bench}
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-32}
REPS=${BENCH_REPS:-3}
N=${BENCH_SM2_CRL_N:-100000}
RUN=$1
R=$2
D=$RUN/sm2
WARM=2
KEYS=64
CAD_PID=""

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }
put() { echo "$1=$2" >> "$R"; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }
stop_cad() {
	[ -n "$CAD_PID" ] || return 0
	kill "$CAD_PID" 2>/dev/null || true
	wait "$CAD_PID" 2>/dev/null || true
	CAD_PID=""
}
trap stop_cad EXIT INT TERM

# start_cad CADIR: starts cad on CADIR/cad.sock, log CADIR/cad.log.
start_cad() {
	rm -f "$1/cad.sock"
	"$BINDIR/cad" -c "$1" -s "$1/cad.sock" > "$1/cad.log" 2>&1 &
	CAD_PID=$!
	i=0
	until [ -S "$1/cad.sock" ]; do
		i=$((i + 1))
		[ "$i" -ge 3000 ] && { tail -5 "$1/cad.log" >&2;
		    die "cad did not start"; }
		sleep 0.1
	done
}

rm -rf "$D"
mkdir -p "$D"
if [ -z "${CA_PASSPHRASE_FILE:-}" ]; then
	export CA_PASSPHRASE_FILE="$D/ca.pass"
	(umask 077; openssl rand -base64 32 > "$CA_PASSPHRASE_FILE")
fi

say "SM2 issuance: an SM2 CA, cad, $CONNS connections for ${SECS}s"
"$BINDIR/cactl" init --algo sm2 --base-url http://127.0.0.1:18080 \
    "$D/ca" >/dev/null
start_cad "$D/ca"
CPU0=$(awk '{print $14 + $15}' "/proc/$CAD_PID/stat")
line=$("$BENCHBIN/issuebench" -a sm2 -s "$D/ca/cad.sock" -c "$CONNS" \
    -d "$SECS" -w "$WARM" -k "$KEYS" -o "$D/one.der") ||
    die "issuebench -a sm2 failed: $line"
CPU1=$(awk '{print $14 + $15}' "/proc/$CAD_PID/stat")
echo "issuebench -a sm2: $line" >&2
stop_cad
put sm2_rate "$(field certs_per_s "$line")"
put sm2_p50 "$(field p50_ms "$line")"
put sm2_p99 "$(field p99_ms "$line")"
put sm2_certs "$(field certs "$line")"
put sm2_errors "$(field errors "$line")"
put sm2_cpu "$(calc %.0f "($CPU1 - $CPU0) / ($SECS + $WARM + 0.6)")"
"$TOP/tests/integ/sm2sig.sh" "$D/one.der" "$D/ca/ca.crt" ||
    die "the daemon's SM2 certificate does not verify with the ID"

say "SM2 CRL, $N revoked: fill the store, cad, $REPS forced CRLs"
"$BINDIR/cactl" init --algo sm2 --base-url http://127.0.0.1:18080 \
    "$D/crl" >/dev/null
"$BENCHBIN/storefill" "$D/crl/ca.db" "$N" "$D/index.txt" >/dev/null
start_cad "$D/crl"
: > "$D/times"
k=0
while [ "$k" -lt "$REPS" ]; do
	line=$("$BENCHBIN/crltime" "$D/crl/cad.sock" "$D/crl/cad.log") ||
	    die "forced SM2 CRL failed (see $D/crl/cad.log)"
	field seconds "$line" >> "$D/times"
	k=$((k + 1))
done
stop_cad
put sm2crl_n "$N"
put sm2crl_s "$(sort -g "$D/times" | head -1)"
put sm2crl_all "$(tr '\n' ' ' < "$D/times")"
put sm2crl_bytes "$(wc -c < "$D/crl/crl/issuing-ca.crl")"
"$TOP/tests/integ/sm2sig.sh" "$D/crl/crl/issuing-ca.crl" "$D/crl/ca.crt" ||
    die "the daemon's SM2 CRL does not verify with the ID"
# The store is large; keep the logs.
rm -rf "$D/crl/ca.db" "$D/crl/ca.db-wal" "$D/index.txt"
