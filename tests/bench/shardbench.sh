#!/bin/sh
# shardbench.sh RUNDIR N: the per-revocation publication cost of the
# three kinds of CRL with N revoked certificates in the store: a CA made
# with `cactl init --crl-shards 256`, its store filled by storefill, cad
# running; then tests/bench/shardlat.py (full CRL vs one shard's base vs
# one shard's delta).  Prints key=value lines.  Needs CA_PASSPHRASE_FILE,
# BINDIR, BENCHBIN.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
D=$1/shard
N=$2
rm -rf "$D"
mkdir -p "$D"
"$BINDIR/cactl" init --crl-shards 256 --base-url http://127.0.0.1:18080 \
    "$D/ca" >/dev/null
"$BENCHBIN/storefill" "$D/ca/ca.db" "$N" "$D/index.txt" >/dev/null
"$BINDIR/cad" -c "$D/ca" -s "$D/cad.sock" -n "$D/notify.sock" \
    > "$D/cad.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || :' EXIT
i=0
until [ -S "$D/cad.sock" ]; do
	i=$((i + 1))
	[ "$i" -lt 3000 ] || { tail -3 "$D/cad.log" >&2; exit 1; }
	sleep 0.1
done
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$D/k.pem" -out "$D/r.csr" -subj /CN=shard 2>/dev/null
echo "shard_revoked=$N"
python3 "$TOP/tests/bench/shardlat.py" "$D/ca" "$D/cad.sock" \
    "$BINDIR/cactl" "$D/r.csr" "${SHARD_REPS:-5}"
