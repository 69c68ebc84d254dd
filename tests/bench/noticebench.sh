#!/bin/sh
# noticebench.sh OUTDIR: revocation -> CRL published -> every linked
# platform notified, over NOTICE_REVOCATIONS (100) revocations, each of a
# certificate linked to all five demo platforms.  A whole stack
# (tools/stack.sh): cad queues the signed notices in the revocation's
# transaction, canotify delivers them, the reference receiver
# (tests/platform/noticerecv.c) verifies, stores with fsync and answers.
# Measured from just before `cactl revoke` to the CRL file changing and to
# the fifth platform's acceptance (tests/bench/noticelat.py).  Prints
# key=value lines.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
D=$1/notice
N=${NOTICE_REVOCATIONS:-100}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

rm -rf "$D"
mkdir -p "$D/t"
P=$(free_port); H=$(free_port); NP=$(free_port)
PORT=$P HTTP_PORT=$H NOTICE_PORT=$NP PAY_SANDBOX=0 BINDIR=$BINDIR \
    "$TOP/tools/stack.sh" init "$D" > "$D/init.log" 2>&1
PAY_SANDBOX=0 BINDIR=$BINDIR "$TOP/tools/stack.sh" start "$D" \
    >> "$D/init.log" 2>&1
trap '"$TOP/tools/stack.sh" stop "$D" >/dev/null 2>&1 || :' EXIT
CACTL="$BINDIR/cactl -s $D/run/cad.sock"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$D/t/k.pem" -out "$D/t/r.csr" -subj /CN=bench 2>/dev/null
: > "$D/t/serials"
i=0
while [ "$i" -lt "$N" ]; do
	i=$((i + 1))
	$CACTL issue --csr "$D/t/r.csr" --org 通知基准 --cn "n$i" \
	    --platform 辽宁建设工程信息网 --platform 辽宁省招标投标监管网 \
	    --platform 辽宁省政府采购平台 --platform 辽宁省公共资源平台 \
	    --platform 沈阳市公共资源平台 --out /dev/null 2>/dev/null \
	    >> "$D/t/serials"
done
# The "linked" notices first, so the revocations start from empty queues.
i=0
while [ "$(grep -c '	linked	' "$D/platforms/received.tsv" 2>/dev/null)" != \
    $((N * 5)) ]; do
	i=$((i + 1))
	[ "$i" -lt 600 ] || { echo "noticebench: linked notices stuck" >&2;
	    exit 1; }
	sleep 0.1
done
python3 "$TOP/tests/bench/noticelat.py" "$D" "$BINDIR/cactl" "$D/t/serials"
