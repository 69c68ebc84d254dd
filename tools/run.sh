#!/bin/sh
# run.sh: what `make run` does after building: set up var/ on first use
# (with demo data), start the whole stack, print where it is and the demo
# logins, and keep running until Ctrl-C, which stops all of it.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
VAR="$TOP/var"
STACK="$TOP/tools/stack.sh"
BINDIR=${BINDIR:-$TOP/build/bin}

# Two 证书厂商 as in the guide: CFCA, the first CA (P-256), and BJCA, an
# SM2 CA beside it under its own root (cactl ca add; README "Several
# issuing CAs").  CAS="" keeps one CA.
export CA_VENDOR="${CA_VENDOR-CFCA}" CAS="${CAS-bjca:sm2:BJCA}"

first=""
[ -f "$VAR/env" ] || first=1
if [ -n "$first" ]; then
	"$STACK" init "$VAR" --demo
else
	"$STACK" init "$VAR"
fi
# shellcheck disable=SC1091
. "$VAR/env"

stop() {
	trap - INT TERM EXIT
	echo
	echo "stopping ca-reissue ..."
	"$STACK" stop "$VAR"
	exit 0
}
trap stop INT TERM
trap '"$STACK" stop "$VAR"' EXIT

"$STACK" start "$VAR"
# First set-up with demo data: the demo people's certificates for CA登录
# (keys, certificates, PKCS#12) in var/demo-certs/, issued by the daemon.
# Each further CA's daemon issues the certificates of its vendor.
cas=""
for c in "$VAR"/ca/cas/*/ca.conf; do
	[ -f "$c" ] || continue
	n=$(basename "$(dirname "$c")")
	cas="$cas --ca $n=$VAR/run/$n/cad.sock"
done
if [ -f "$VAR/demo-logins.txt" ] && [ ! -d "$VAR/demo-certs" ]; then
	# shellcheck disable=SC2086
	if ! "$BINDIR/webctl" -d "$VAR/app.db" demo-certs \
	    --ca-socket "$VAR/run/cad.sock" $cas --out "$VAR/demo-certs" \
	    > "$VAR/demo-certs.txt" 2>> "$VAR/log/webctl.log"; then
		echo "run: demo certificates not (all) issued; see" \
		    "$VAR/log/webctl.log and run: $BINDIR/webctl -d" \
		    "$VAR/app.db demo-certs --ca-socket $VAR/run/cad.sock" \
		    "--out $VAR/demo-certs" >&2
	fi
fi
cat <<EOM

ca-reissue is running.
  pages:   https://127.0.0.1:$PORT/   (TLS certificate from the demo CA:
           $VAR/ca/chain.pem; your browser will warn until you trust it)
  CRLs:    http://127.0.0.1:$HTTP_PORT/crl/   OCSP: http://127.0.0.1:$HTTP_PORT/ocsp
  CA CLI:  CA_SOCKET=$VAR/run/cad.sock build/bin/cactl status
  linked platforms (signed notices, PLATFORMS.md): cactl platform list,
           cactl notify list; the five demo platforms are played by the
           reference receiver: $VAR/platforms/received.tsv
  logs:    $VAR/log/
  SMS:     $VAR/sms-outbox.txt (registration and password-reset codes;
           no SMS gateway here)
EOM
if [ -f "$VAR/demo-logins.txt" ]; then
	echo
	cat "$VAR/demo-logins.txt"
fi
if [ -d "$VAR/demo-certs" ]; then
	cat <<EOM

CA登录 with the demo people's certificates (issued by the demo CA):
  browser: import $VAR/demo-certs/MOBILE-N.p12 (password Demo@2026)
  curl:    --cert $VAR/demo-certs/MOBILE-N.crt --key ...MOBILE-N.key; POST
           /login/ca with agree=1 and the csrf value from /login?tab=ca
  which is whose: $VAR/demo-certs.txt
EOM
fi
echo
echo "Press Ctrl-C to stop."
while :; do
	sleep 1 &
	wait $! || true
	for p in cad webd nginx canotify platforms; do
		if ! kill -0 "$(cat "$VAR/run/$p.pid" 2>/dev/null)" 2>/dev/null
		then
			echo "run: $p stopped unexpectedly; see $VAR/log/" >&2
			stop
		fi
	done
done
