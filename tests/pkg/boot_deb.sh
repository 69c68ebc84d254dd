#!/bin/sh
# boot_deb.sh: the package on a fresh Debian 12 under a real systemd.
# Not part of make check (it downloads a Debian base system and takes a
# few minutes); run it by hand, as root, where systemd-nspawn works:
#
#   sh tests/pkg/boot_deb.sh [DEB]     (default: make deb's)
#
# debootstrap makes a minimal bookworm once (kept in build/boottest/base;
# BOOT_MIRROR, default deb.debian.org), a copy of it gets the .deb by
# apt-get install, and systemd-nspawn boots that copy with a network of
# its own (loopback only: the ports are not the host's).  Then, inside:
# the units wait for a CA; ca-reissue-setup, the one set-up command,
# makes it and starts them; all four are active; /healthz, /login, a
# static file, /register's SMS code in the outbox, the CRL and cactl
# status answer; a certificate is issued, revoked and in the CRL; each daemon runs as its user with no capability left,
# NoNewPrivs and a seccomp filter; nginx reloads, reopens its logs and
# starts again; ca-reissue-setup runs again; systemd-analyze security
# (online, on the running units) prints the scores.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
W=$TOP/build/boottest
deb=${1:-}
fail=0
npid=""

bad() {
	echo "FAIL: $*"
	fail=1
}
[ "$(id -u)" -eq 0 ] || { echo "boot_deb: run me as root"; exit 1; }
"$TOP/tools/deps.sh" debootstrap systemd-container
if [ -z "$deb" ]; then
	deb=$(sh "$TOP/tools/mkdeb.sh" "$TOP/build/deb")
fi
mkdir -p "$W"
if [ ! -f "$W/base/etc/debian_version" ]; then
	rm -rf "$W/base"
	debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,curl,ca-certificates \
	    bookworm "$W/base" "${BOOT_MIRROR:-http://deb.debian.org/debian}" \
	    > "$W/debootstrap.log" 2>&1 ||
	    { tail "$W/debootstrap.log"; echo "boot_deb: debootstrap failed"; exit 1; }
fi
R=$W/root
rm -rf "$R"
cp -a "$W/base" "$R"
cp "$deb" "$R/tmp/ca-reissue.deb"
chroot "$R" sh -c 'apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends /tmp/ca-reissue.deb' > "$W/install.log" 2>&1 ||
    { tail "$W/install.log"; echo "boot_deb: apt-get install failed"; exit 1; }
echo "installed $(basename "$deb") in a fresh bookworm"

cleanup() {
	if [ -n "$npid" ]; then
		kill -TERM "$npid" 2>/dev/null || true
		i=0
		while kill -0 "$npid" 2>/dev/null && [ "$i" -lt 100 ]; do
			i=$((i + 1))
			sleep 0.2
		done
		kill -KILL "$npid" 2>/dev/null || true
	fi
	# The booted copy goes; the base stays for the next run.
	if [ "${KEEP_TEST_DIRS:-0}" != 1 ]; then
		rm -rf "$R"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
systemd-nspawn -q -D "$R" --boot --machine=careissue-boottest \
    --register=no --keep-unit --private-network \
    > "$W/boot.log" 2>&1 < /dev/null &
npid=$!
init=""
i=0
while :; do
	i=$((i + 1))
	[ "$i" -lt 300 ] || { tail "$W/boot.log"; echo "FAIL: no boot"; exit 1; }
	sleep 0.2
	[ -n "$init" ] || init=$(ps -o pid= --ppid "$npid" | tr -d ' ' | head -1)
	[ -n "$init" ] || continue
	st=$(nsenter -t "$init" -a systemctl is-system-running 2>/dev/null) ||
	    true
	case $st in running|degraded) break ;; esac
done
inside() {
	nsenter -t "$init" -a "$@"
}
units="ca-reissue-cad ca-reissue-webd ca-reissue-canotify ca-reissue-nginx"
# shellcheck disable=SC2086
[ "$(inside systemctl is-active $units | sort -u)" = inactive ] ||
    bad "a unit runs before ca-reissue-setup"
inside ca-reissue-setup > "$W/setup.log" 2>&1 || { cat "$W/setup.log"; bad "ca-reissue-setup"; }
# shellcheck disable=SC2086
[ "$(inside systemctl is-active $units | sort -u)" = active ] ||
    bad "not every unit is active: $(inside systemctl is-active $units | tr '\n' ' ')"
get() {
	inside curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
	    --cacert /var/lib/ca-reissue/ca/chain.pem "$@" || true
}
for u in https://127.0.0.1:8443/healthz https://127.0.0.1:8443/login \
    https://127.0.0.1:8443/static/css/app.css \
    http://127.0.0.1:8080/crl/issuing-ca.crl; do
	c=$(get "$u")
	echo "$c $u"
	[ "$c" = 200 ] || bad "$u: $c"
done
inside bash -c 'cd /tmp && c="curl -s --cacert /var/lib/ca-reissue/ca/chain.pem -c jar -b jar"
    t=$($c https://127.0.0.1:8443/register |
        sed -n "s/.*name=\"csrf\" value=\"\([0-9a-f]*\)\".*/\1/p" | head -1)
    $c -o /dev/null -d "step=request&mobile=13912345678&agree=1&csrf=$t" \
        https://127.0.0.1:8443/register' || true
inside grep -q '13912345678' /var/lib/ca-reissue/sms-outbox.txt ||
    bad "/register wrote no code to the SMS outbox"
inside env CA_SOCKET=/var/lib/ca-reissue/run/cad.sock cactl status \
    > "$W/status" 2>&1 || bad "cactl status: $(cat "$W/status")"
# The key process signs under the unit: a certificate issued, revoked,
# and in the CRL nginx serves within a few seconds.
inside sh -c 'set -e; cd /tmp
    export CA_SOCKET=/var/lib/ca-reissue/run/cad.sock
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout k.pem -subj /CN=boot -out r.csr 2>/dev/null
    cactl issue --csr r.csr --org 测试单位 --cn 测试 --out c.pem >/dev/null
    s=$(openssl x509 -in c.pem -noout -serial | cut -d= -f2)
    cactl revoke "$s" --reason keyCompromise >/dev/null
    i=0
    until curl -s http://127.0.0.1:8080/crl/issuing-ca.crl |
        openssl crl -inform DER -noout -text | grep -qi "$s"; do
        i=$((i + 1)); [ $i -lt 50 ] || exit 1; sleep 0.2; done
    echo "issued and revoked $s: in the CRL"' || bad "issue, revoke, CRL"
inside sh -c 'for d in /proc/[0-9]*; do
	c=$(cat $d/comm 2>/dev/null)
	case $c in cad|casign|webd|canotify) ;; *) continue ;; esac
	printf "%s %s " "$c" "$(stat -c %U $d)"
	awk "/^(CapEff|NoNewPrivs|Seccomp):/ { printf \"%s \", \$2 }" $d/status
	echo
    done' > "$W/procs"
sed 's/^/    /' "$W/procs"
while read -r c u caps nnp sec; do
	case $c in
	cad) want=careissue-ca ;;
	casign) want=careissue-key ;;
	webd) want=careissue-web ;;
	canotify) want=careissue-notify ;;
	esac
	[ "$u $caps $nnp $sec" = "$want 0000000000000000 1 2" ] ||
	    bad "$c: $u $caps $nnp $sec"
done < "$W/procs"
inside systemctl reload ca-reissue-nginx || bad "nginx reload"
sleep 1
inside systemctl kill --kill-whom=main --signal=USR1 ca-reissue-nginx
sleep 1
inside systemctl restart ca-reissue-nginx || bad "nginx restart after USR1"
sleep 1
[ "$(get https://127.0.0.1:8443/healthz)" = 200 ] ||
    bad "no /healthz after nginx's restart"
inside ca-reissue-setup > "$W/setup2.log" 2>&1 || { cat "$W/setup2.log"; bad "ca-reissue-setup again"; }
for u in $units; do
	echo "systemd-analyze security (running): $u $(inside systemd-analyze security "$u.service" |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
done
[ "$fail" = 0 ] || exit 1
echo "boot_deb: the package works on a fresh Debian 12 under systemd"
