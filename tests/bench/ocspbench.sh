#!/bin/sh
# ocspbench.sh: the OCSP part of `make bench` (issue 7 item 6), called by
# bench.sh; can also run alone.
#
#   tests/bench/ocspbench.sh RUNDIR RESULTS
#
# One complete instance (tools/stack.sh: cad + webd + nginx) in
# RUNDIR/ocsp whose store holds N revoked certificates (storefill, which
# also writes the same N revocations as an openssl index.txt), and, as the
# peer, `openssl ocsp -index index.txt -multi 2` with the same responder
# certificate and key (webd's ocsp/ocsp.crt, ocsp.key) and the same CA.
# Both get the same DER request (one revoked serial of the store, no
# nonce) POSTed by wrk -t2 -cCONNS over keep-alive for SECS seconds after
# a WARM-second warm-up; every answer must be a successful OCSPResponse.
# Key=value results are appended to RESULTS.  Environment: BINDIR,
# BENCHBIN, BENCH_SECS (10), BENCH_CONNS (32), BENCH_OCSP_N (100000),
# BENCH_OCSP_PORTS ("18090 18453 18091": our plain HTTP, our HTTPS, the
# peer's port).
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
BENCHBIN=${BENCHBIN:-$TOP/build/bench}
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-32}
N=${BENCH_OCSP_N:-100000}
set -- "$1" "$2" ${BENCH_OCSP_PORTS:-18090 18453 18091}
RUN=$1
R=$2
HTTP=$3
HTTPS=$4
PEER=$5
WARM=2
D=$RUN/ocsp
PEER_PID=""

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }
put() { echo "$1=$2" >> "$R"; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
cleanup() {
	stop_peer
	BINDIR=$BINDIR "$TOP/tools/stack.sh" stop "$D" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

warm() {
	wrk -t2 -c"$CONNS" -d"${WARM}s" -s "$TOP/tests/bench/ocsp.lua" "$1" \
	    -- "$D/req.der" > /dev/null
}

# measure NAME URL: the measured run, its results put as ocsp_NAME_*.
measure() {
	wrk -t2 -c"$CONNS" -d"${SECS}s" --latency \
	    -s "$TOP/tests/bench/ocsp.lua" "$2" -- "$D/req.der" \
	    > "$D/wrk-$1.txt"
	line=$(sed -n 's/^wrk: //p' "$D/wrk-$1.txt")
	[ -n "$line" ] || die "wrk gave no result (see $D/wrk-$1.txt)"
	echo "wrk $1: $line" >&2
	put "ocsp_$1_rate" "$(field rps "$line")"
	put "ocsp_$1_p50" "$(field p50_ms "$line")"
	put "ocsp_$1_p99" "$(field p99_ms "$line")"
	put "ocsp_$1_requests" "$(field requests "$line")"
	put "ocsp_$1_bad" "$(( $(field bad "$line") + $(field errors "$line") ))"
}

# The peer: openssl ocsp -multi 2, answering on $PEER, checked once.
start_peer() {
	openssl ocsp -index "$D/index.txt" -port "$PEER" \
	    -rsigner "$D/ocsp/ocsp.crt" -rkey "$D/ocsp/ocsp.key" \
	    -CA "$D/ca/ca.crt" -multi 2 >> "$D/peer.log" 2>&1 &
	PEER_PID=$!
	i=0
	until curl -s --max-time 2 -H 'Content-Type: application/ocsp-request' \
	    --data-binary "@$D/req.der" "http://127.0.0.1:$PEER/" \
	    -o "$D/peer.der" 2>/dev/null && [ -s "$D/peer.der" ]; do
		i=$((i + 1))
		[ "$i" -lt 100 ] ||
		    die "openssl ocsp did not answer (see $D/peer.log)"
		sleep 0.1
	done
}

# Stops the peer and its -multi children (the parent does not always
# take them along).
stop_peer() {
	[ -n "$PEER_PID" ] || return 0
	for c in $(ps -o pid= --ppid "$PEER_PID" 2>/dev/null); do
		kill "$c" 2>/dev/null || true
	done
	kill "$PEER_PID" 2>/dev/null || true
	wait "$PEER_PID" 2>/dev/null || true
	PEER_PID=""
}

say "OCSP: a stack with $N revoked certificates"
rm -rf "$D"
mkdir -p "$D"
PORT=$HTTPS HTTP_PORT=$HTTP NOTICE_PORT=$((HTTP + 3)) PAY_SANDBOX=0 \
    BINDIR=$BINDIR "$TOP/tools/stack.sh" init "$D" > "$D/init.log" 2>&1
"$BENCHBIN/storefill" "$D/ca/ca.db" "$N" "$D/index.txt" >/dev/null
PAY_SANDBOX=0 BINDIR=$BINDIR "$TOP/tools/stack.sh" start "$D"

# One revoked serial of the store; the request both responders get.
serial=$(awk -F '\t' 'NR == 1 + int('"$N"' / 2) {print $4}' "$D/index.txt")
openssl ocsp -issuer "$D/ca/ca.crt" -serial "0x$serial" -no_nonce \
    -reqout "$D/req.der" >/dev/null
curl -s -H 'Content-Type: application/ocsp-request' \
    --data-binary "@$D/req.der" "http://127.0.0.1:$HTTP/ocsp" \
    -o "$D/ours.der"
openssl ocsp -respin "$D/ours.der" -issuer "$D/ca/ca.crt" -serial \
    "0x$serial" -CAfile "$D/ca/chain.pem" 2>&1 | grep -q ': revoked' ||
    die "our responder did not say revoked (see $D/ours.der)"

say "OCSP: ours, wrk -t2 -c$CONNS -d${SECS}s"
warm "http://127.0.0.1:$HTTP/ocsp"
measure ours "http://127.0.0.1:$HTTP/ocsp"
BINDIR=$BINDIR "$TOP/tools/stack.sh" stop "$D"

# OpenSSL 3.0's responder children spin at full CPU, answering nobody,
# once a client closes a kept-alive connection (as wrk does at the end of
# a run): the peer is started afresh for the warm-up and again for the
# measured run.
say "OCSP: openssl ocsp -index (same $N revocations) -multi 2"
: > "$D/peer.log"
start_peer
openssl ocsp -respin "$D/peer.der" -issuer "$D/ca/ca.crt" -serial \
    "0x$serial" -CAfile "$D/ca/chain.pem" 2>&1 | grep -q ': revoked' ||
    die "openssl ocsp did not say revoked (see $D/peer.der)"
warm "http://127.0.0.1:$PEER/"
stop_peer
start_peer
measure peer "http://127.0.0.1:$PEER/"
stop_peer
put ocsp_n "$N"
rm -f "$D/ca/ca.db" "$D/ca/ca.db-wal" "$D/index.txt"
