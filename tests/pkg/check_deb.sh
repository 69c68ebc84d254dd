#!/bin/sh
# check_deb.sh: builds the Debian package and checks it without installing
# it (make check-pkg, part of make check).
#
#  1. tools/mkdeb.sh builds ca-reissue_VERSION_ARCH.deb
#  2. its files, with their modes and owners, are exactly
#     tests/pkg/contents.txt; nothing setuid, setgid or writable by others
#  3. the conffiles are the files in /etc
#  4. sysusers.d makes the five service users (no login shell); tmpfiles.d
#     gives each directory the owner and mode of README's "Users and
#     modes"; postinst runs systemd-sysusers before systemd-tmpfiles
#  5. lintian: no error (E:); the counts are printed
#  6. systemd-analyze verify says nothing about the four units and an
#     instance of each template (cad@, canotify@: a further CA), and
#     systemd-analyze security --offline scores them: cad and cad@ at
#     most 2.0, the others at most 3.5 (printed)
#  7. every program has its man page, formatted without a warning
#  8. as root: the packaged programs, set up by the packaged
#     ca-reissue-setup and started with the units' own command lines,
#     users, CapabilityBoundingSet and NoNewPrivileges (setpriv; paths
#     moved into a scratch directory; no systemd here, so not the rest
#     of the sandbox), with the packaged nginx configuration, answer
#     /healthz, /login, a static file, the CRL and cactl status, each
#     process as its user; nginx starts again after reopening its logs.
#     With two CAs (CAS: a further SM2 CA, BJCA, started from the
#     template units): its status, its CRL through nginx, and /healthz
#     naming it
#  9. as root: APPDB set to a PostgreSQL (tests/pg/pgtmp.sh): setup makes
#     the app database's schema there as the web user and hands the
#     string to webd's unit (cas.env); a value that is neither a
#     connection string nor empty is refused, saying what it must be
# 10. as root: CA_STORE set to that PostgreSQL, its password in a
#     passfile (careissue-ca's, 0600): a string holding a password
#     (password=, user:pass@) is refused with a line saying so and
#     nothing made; then setup, on a state directory of its own, makes
#     both CAs with their stores in schemas ca and ca_bjca (ca.conf's
#     store, no ca.db, the tables in the server) and writes cad's
#     drop-in for a TCP store (IPAddressAllow= its address;
#     systemd-analyze verify says nothing of it); cad, started as in
#     part 8, answers cactl status and issues a certificate whose row is
#     in the server; setup refuses a CA_STORE that differs from an
#     existing CA's store, and a new CA directory on schemas holding a CA
#     store (nothing made); on part 8's SQLite state it removes the drop-in
#
# Work directory build/pkgtest.XXXXXX, one per run (KEEP_TEST_DIRS=1
# keeps it).
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$TOP/build"
W=$(mktemp -d "$TOP/build/pkgtest.XXXXXX")
chmod 755 "$W"		# the service users pass through it to state/
fail=0
pids=""

bad() {
	echo "FAIL: $*"
	fail=1
}

cleanup() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null || true
	done
	sleep 0.5
	for p in $pids; do
		kill -KILL "$p" 2>/dev/null || true
	done
	[ ! -f "$W/pg/data/postmaster.pid" ] ||
	    "$TOP/tests/pg/pgtmp.sh" stop "$W/pg" >/dev/null 2>&1 || true
	if [ "${KEEP_TEST_DIRS:-0}" != 1 ]; then
		rm -rf "$W"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# 1. Build.
deb=$(sh "$TOP/tools/mkdeb.sh" "$W/deb") || { echo "FAIL: mkdeb"; exit 1; }
echo "built $(basename "$deb"): $(stat -c %s "$deb") bytes"

# 2. Contents, modes and owners.
dpkg-deb -c "$deb" | awk '{ print $1, $2, $6 }' | sort -k3 > "$W/contents"
echo "$(grep -c '^-' "$W/contents") files, $(grep -c '^d' "$W/contents") \
directories in the package"
sort -k3 "$TOP/tests/pkg/contents.txt" > "$W/expected"
if ! diff -u "$W/expected" "$W/contents" > "$W/contents.diff"; then
	bad "contents differ from tests/pkg/contents.txt:"
	sed 's/^/    /' "$W/contents.diff"
fi
if awk '$1 ~ /[sStT]/ || substr($1, 9, 1) == "w" || $2 != "root/root"' \
    "$W/contents" | grep .; then
	bad "setuid/setgid/sticky, world-writable or not root's (above)"
fi

R=$W/root
dpkg-deb -x "$deb" "$R"
dpkg-deb -e "$deb" "$R/DEBIAN"

# 3. Conffiles: everything in /etc, nothing else.
(cd "$R" && find etc -type f | sed 's|^|/|' | sort) > "$W/etcfiles"
sort "$R/DEBIAN/conffiles" | cmp -s - "$W/etcfiles" ||
    bad "conffiles are not exactly the files in /etc"

# 4. Users and directories.
for u in careissue-key careissue-ca careissue-web careissue-www \
    careissue-notify; do
	grep -Eq "^u $u +- +\".*\" +/nonexistent +/usr/sbin/nologin$" \
	    "$R/usr/lib/sysusers.d/ca-reissue.conf" ||
	    bad "sysusers.d: no system user $u without a login shell"
done
while read -r path mode owner; do
	grep -Eq "^d $path +$mode +$owner +$owner +-$" \
	    "$R/usr/lib/tmpfiles.d/ca-reissue.conf" ||
	    bad "tmpfiles.d: $path is not $mode $owner"
done <<'MODES'
/var/lib/ca-reissue 0711 root
/var/lib/ca-reissue/run 0711 root
/var/lib/ca-reissue/secrets 0700 root
/var/lib/ca-reissue/tls 0700 root
/var/lib/ca-reissue/ocsp 0700 root
/var/lib/ca-reissue/nginx 0700 root
/var/lib/ca-reissue/ocsp-static 0755 careissue-ca
/var/lib/ca-reissue/db 0700 careissue-web
/var/lib/ca-reissue/uploads 0700 careissue-web
/var/log/ca-reissue 0700 root
MODES
su=$(grep -n 'systemd-sysusers' "$R/DEBIAN/postinst" | head -1 | cut -d: -f1)
tf=$(grep -n 'systemd-tmpfiles' "$R/DEBIAN/postinst" | head -1 | cut -d: -f1)
[ -n "$su" ] && [ -n "$tf" ] && [ "$su" -lt "$tf" ] ||
    bad "postinst does not make the users before the directories"

# 5. lintian.
lintian --pedantic --display-info "$deb" > "$W/lintian" 2>&1 || true
grep -v '^running with root' "$W/lintian" | sed 's/^/    /'
e=$(grep -c '^E:' "$W/lintian" || true)
w=$(grep -c '^W:' "$W/lintian" || true)
i=$(grep -c '^I:' "$W/lintian" || true)
echo "lintian: $e errors, $w warnings, $i info"
[ "$e" = 0 ] || bad "lintian reports errors"

# 6. systemd units.  verify with the package as the root: the system's
# own units and the programs the units run besides ours are copied in.
mkdir -p "$R/bin" "$R/usr/sbin"
cp -an /lib/systemd/system/. "$R/lib/systemd/system/"
# The programs the units run that are not the package's (sh, rm, nginx).
for x in $(sed -n 's/^Exec[A-Za-z]*=[-@:+!]*\(\/[^ ]*\).*/\1/p' \
    "$R"/lib/systemd/system/ca-reissue-*.service | sort -u); do
	[ -e "$R$x" ] || cp "$x" "$R$x" || bad "no $x on this machine"
done
units="ca-reissue-cad.service ca-reissue-webd.service \
ca-reissue-canotify.service ca-reissue-nginx.service \
ca-reissue-cad@bjca.service ca-reissue-canotify@bjca.service"
# shellcheck disable=SC2086
out=$(systemd-analyze verify --man=no --root="$R" $units 2>&1) ||
    bad "systemd-analyze verify failed"
if [ -n "$out" ]; then
	bad "systemd-analyze verify:"
	echo "$out" | sed 's/^/    /'
fi
for u in $units; do
	s=$(systemd-analyze security --offline=true --root="$R" "$u" 2>&1 |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	case $u in
	ca-reissue-cad.service|ca-reissue-cad@*) max=2.0 ;;
	*) max=3.5 ;;
	esac
	echo "systemd-analyze security: $u $s (at most $max)"
	[ -n "$s" ] && awk -v s="$s" -v m="$max" 'BEGIN { exit !(s <= m) }' ||
	    bad "$u: exposure ${s:-?} over $max"
done

# 7. Man pages in the package.
for p in cad casign cactl canotify webd webctl ca-reissue-setup; do
	f=$R/usr/share/man/man8/$p.8.gz
	[ -f "$f" ] || { bad "no man page for $p"; continue; }
	o=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
	    man --warnings -E UTF-8 -l -Tutf8 -Z "$f" 2>&1 >/dev/null) || true
	[ -z "$o" ] || bad "$p.8: $o"
done

# 8. The packaged service, started as its units start it.
if [ "$(id -u)" -ne 0 ]; then
	echo "check_deb: part 8 SKIPPED (not root: it needs the users)"
	[ "$fail" = 0 ] || exit 1
	exit 0
fi
# A port nothing listens on (TCP state 0A in /proc/net/tcp and tcp6),
# below the kernel's ephemeral range (32768-60999), where client sockets
# could take it before nginx binds it.
free_port() {
	while :; do
		_p=$(( $(od -An -N2 -tu2 /dev/urandom) % 12000 + 20000 ))
		_h=$(printf '%04X' "$_p")
		awk -v h="$_h" '$4 == "0A" && $2 ~ (":" h "$")' \
		    /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -q . ||
		    { echo "$_p"; return; }
	done
}
S=$W/state
L=$W/log
mkdir -p "$L" "$W/etc"
chmod 700 "$L"
port=$(free_port)
hport=$(free_port)
printf 'BASE_URL=http://127.0.0.1:%s\nTLS_HOSTS="127.0.0.1 localhost"\n%s\n' \
    "$hport" 'CA_VENDOR=CFCA CAS="bjca:sm2:BJCA"' > "$W/etc/ca-reissue.conf"
# Paths of the package moved into the scratch directory.
moved() {
	sed -e "s|/var/lib/ca-reissue|$S|g" -e "s|/var/log/ca-reissue|$L|g" \
	    -e "s|/etc/ca-reissue/nginx|$W/etc|g" \
	    -e "s|/usr/share/ca-reissue|$R/usr/share/ca-reissue|g" \
	    -e "s|/usr/sbin/|$R/usr/sbin/|g"
}
CA_REISSUE_CONF=$W/etc/ca-reissue.conf CA_REISSUE_STATE=$S \
    BINDIR=$R/usr/sbin "$R/usr/sbin/ca-reissue-setup" --no-start \
    > "$L/setup.log" 2>&1 || { cat "$L/setup.log"; bad "setup failed"; exit 1; }
# Again: nothing to make, nothing replaced.
sum1=$(cat "$S/ca/ca.crt" "$S/tls/server.crt" "$S/ocsp/ocsp.crt" \
    "$S/secrets/app.key" "$S/ca/cas/bjca/ca.crt" "$S/ocsp/bjca/ocsp.crt" |
    sha256sum)
CA_REISSUE_CONF=$W/etc/ca-reissue.conf CA_REISSUE_STATE=$S \
    BINDIR=$R/usr/sbin "$R/usr/sbin/ca-reissue-setup" --no-start \
    > "$L/setup2.log" 2>&1 || { cat "$L/setup2.log"; bad "setup again failed"; }
[ "$(cat "$S/ca/ca.crt" "$S/tls/server.crt" "$S/ocsp/ocsp.crt" \
    "$S/secrets/app.key" "$S/ca/cas/bjca/ca.crt" "$S/ocsp/bjca/ocsp.crt" |
    sha256sum)" = "$sum1" ] ||
    bad "a second ca-reissue-setup replaced a certificate or the secret"
# Owners and modes as README's "Users and modes" says.
while read -r path mode owner; do
	got=$(stat -c '%a %U' "$S/$path")
	[ "$got" = "$mode $owner" ] || bad "$path is $got, not $mode $owner"
done <<'STATE'
. 711 root
run 711 root
secrets 700 root
secrets/ca.pass 600 root
secrets/app.key 600 root
ca 711 root
ca/private 700 root
ca/notice 700 root
ca/db 700 careissue-ca
ca/db/ca.db 600 careissue-ca
ca/crl 755 careissue-ca
ca/chain.pem 644 root
ca/ca.conf 644 root
db 700 careissue-web
db/app.db 600 careissue-web
uploads 700 careissue-web
tls 700 root
ocsp 700 root
nginx 700 root
nginx/client-cas.pem 600 root
ocsp-static 755 careissue-ca
sms-outbox.txt 600 root
cas.env 600 root
nginx/ocsp-try.conf 600 root
ca/cas 711 root
ca/cas/bjca 711 root
ca/cas/bjca/private 700 root
ca/cas/bjca/notice 700 root
ca/cas/bjca/db 700 careissue-ca
ca/cas/bjca/db/ca.db 600 careissue-ca
ca/cas/bjca/chain.pem 644 root
run/bjca 711 root
ocsp/bjca 700 root
ocsp-static/bjca 755 careissue-ca
STATE
grep -qx 'WEBD_CAS="-a bjca='"$S"'/run/bjca/cad-web.sock,'"$S"'/ca/cas/bjca/chain.pem"' \
    "$S/cas.env" || bad "cas.env: $(cat "$S/cas.env")"
grep -qx 'WEBD_APPDB="'"$S"'/db/app.db"' "$S/cas.env" ||
    bad "cas.env: $(cat "$S/cas.env")"
grep -q 'try_files /$ocsp_file /bjca/$ocsp_file @ocsp_live;' \
    "$S/nginx/ocsp-try.conf" || bad "ocsp-try.conf: $(cat "$S/nginx/ocsp-try.conf")"
# A unit's key (continuation lines joined), paths moved; NAME@I.service
# is the template NAME@.service with %i as I.
unitkey() {
	case $1 in
	*@*) _f=${1%%@*}@.service _i=${1#*@} _i=${_i%.service} ;;
	*) _f=$1 _i="" ;;
	esac
	awk -v k="$2=" '
	    cont { line = line " " $0; if (!sub(/\\$/, "", line)) { print line; cont = 0 }; next }
	    index($0, k) == 1 { line = substr($0, length(k) + 1)
		if (sub(/\\$/, "", line)) cont = 1; else print line }' \
	    "$R/lib/systemd/system/$_f" | sed "s|%i|$_i|g" | moved
}
# Starts unit $1's ExecStart with its Environment=, User=,
# CapabilityBoundingSet= and NoNewPrivileges=, as systemd would.
start_unit() {
	# shellcheck disable=SC1091
	_cas=$(. "$S/cas.env" && echo "$WEBD_CAS")
	# shellcheck disable=SC1091
	_appdb=$(. "$S/cas.env" && echo "$WEBD_APPDB")
	_cmd=$(unitkey "$1" ExecStart | sed -e 's/\${WORKERS}/2/' \
	    -e 's/\$WEBD_OPTS//' -e "s|\\\$WEBD_CAS|$_cas|" \
	    -e "s|\\\${WEBD_APPDB}|$_appdb|")
	_env=$(unitkey "$1" Environment | grep -v '^WORKERS' | tr '\n' ' ')
	_user=$(unitkey "$1" User)
	_caps=$(unitkey "$1" CapabilityBoundingSet | tr 'A-Z ' 'a-z\n' |
	    sed -n 's/^cap_\(.*\)/,+\1/p' | tr -d '\n')
	_as="setpriv --bounding-set=-all$_caps"
	[ "$(unitkey "$1" NoNewPrivileges)" != yes ] ||
	    _as="$_as --no-new-privs"
	[ -z "$_user" ] ||
	    _as="$_as --reuid=$_user --regid=$_user --init-groups"
	echo "$1: $_as" >> "$L/$1.log"
	# shellcheck disable=SC2086
	env $_env $_as $_cmd >> "$L/$1.log" 2>&1 &
	pids="$! $pids"
}
# Waits up to 10 s for cad's sockets in run directory $1 (started as
# unit $2); stops the check if they do not come.
wait_cad() {	# RUNDIR UNIT
	i=0
	until [ -S "$1/cad-web.sock" ] && [ -S "$1/notify.sock" ]; do
		i=$((i + 1))
		[ "$i" -lt 100 ] ||
		    { tail "$L"/*.log; bad "$2 did not start"; exit 1; }
		sleep 0.1
	done
}
start_unit ca-reissue-cad.service
wait_cad "$S/run" cad
start_unit ca-reissue-canotify.service
start_unit ca-reissue-cad@bjca.service
wait_cad "$S/run/bjca" cad@bjca
start_unit ca-reissue-canotify@bjca.service
start_unit ca-reissue-webd.service
i=0
until [ -S "$S/run/webd.sock" ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { tail "$L"/*.log; bad "webd did not start"; exit 1; }
	sleep 0.1
done
for f in nginx.conf fastcgi.conf; do
	moved < "$R/etc/ca-reissue/nginx/$f" | sed \
	    -e "s|listen 8443 ssl;|listen 127.0.0.1:$port ssl;|" \
	    -e "s|listen 8080;|listen 127.0.0.1:$hport;|" > "$W/etc/$f"
done
nginx -q -t -e stderr -c "$W/etc/nginx.conf" > "$L/nginx-t.log" 2>&1 ||
    { cat "$L/nginx-t.log"; bad "nginx -t refuses the packaged configuration"; }
start_unit ca-reissue-nginx.service
ngx=${pids%% *}
get() {	# URL: the status code
	curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
	    --cacert "$S/ca/chain.pem" "$1" || true
}
i=0
until [ "$(get "https://127.0.0.1:$port/healthz")" = 200 ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { bad "no /healthz through nginx"; break; }
	sleep 0.1
done
for u in "https://127.0.0.1:$port/login" \
    "https://127.0.0.1:$port/static/css/app.css" \
    "http://127.0.0.1:$hport/crl/issuing-ca.crl" \
    "http://127.0.0.1:$hport/crl/bjca.crl"; do
	c=$(get "$u")
	[ "$c" = 200 ] || bad "$u: $c"
done
"$R/usr/sbin/cactl" -s "$S/run/cad.sock" status > "$L/status" 2>&1 ||
    bad "cactl status: $(cat "$L/status")"
"$R/usr/sbin/cactl" -s "$S/run/bjca/cad.sock" status > "$L/status-bjca" 2>&1 &&
    grep -q '^vendor: *BJCA$' "$L/status-bjca" &&
    grep -q '^algorithm: *sm2$' "$L/status-bjca" ||
    bad "cactl status of bjca: $(cat "$L/status-bjca")"
curl -s --max-time 5 --cacert "$S/ca/chain.pem" \
    "https://127.0.0.1:$port/healthz" > "$L/healthz" || true
grep -q '"ca":"bjca","daemon":"ok"' "$L/healthz" ||
    bad "/healthz does not name bjca: $(cat "$L/healthz")"
ps -o user:20= --ppid "$ngx" | grep -qx ' *careissue-www' ||
    bad "nginx's workers do not run as careissue-www"
for pu in cad:careissue-ca casign:careissue-key webd:careissue-web \
    canotify:careissue-notify; do
	ps -eo user:20,comm,args | grep -F "$W/" |
	    awk -v c="${pu%%:*}" -v u="${pu#*:}" '$2 == c && $1 == u' |
	    grep -q . || bad "no ${pu%%:*} running as ${pu#*:}"
done
# nginx's logs after a reopen (USR1, as logrotate sends) are
# careissue-www's: the master must still open them when it starts again.
kill -USR1 "$ngx"
sleep 0.5
kill -TERM "$ngx"
i=0
while kill -0 "$ngx" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { bad "nginx did not stop"; break; }
	sleep 0.1
done
start_unit ca-reissue-nginx.service
ngx=${pids%% *}
i=0
until [ "$(get "https://127.0.0.1:$port/healthz")" = 200 ]; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { bad "nginx did not start again after USR1"; break; }
	sleep 0.1
done
[ "$fail" = 0 ] || { tail -n 5 "$L"/*.log; exit 1; }
echo "check_deb: the packaged service answers (https $port, http $hport)"

# 9. APPDB in PostgreSQL, and a value that is neither.
"$TOP/tests/pg/pgtmp.sh" start "$W/pg" > "$L/pg.log" 2>&1 ||
    { cat "$L/pg.log"; bad "no PostgreSQL for part 9"; exit 1; }
ci=$(cat "$W/pg/conninfo")
cp "$W/etc/ca-reissue.conf" "$W/etc/ca-reissue.conf.sqlite"
printf 'APPDB="%s"\n' "$ci" >> "$W/etc/ca-reissue.conf"
CA_REISSUE_CONF=$W/etc/ca-reissue.conf CA_REISSUE_STATE=$S \
    BINDIR=$R/usr/sbin "$R/usr/sbin/ca-reissue-setup" --no-start \
    > "$L/setup-pg.log" 2>&1 ||
    { cat "$L/setup-pg.log"; bad "setup with APPDB in PostgreSQL failed"; }
grep -qxF "WEBD_APPDB=\"$ci\"" "$S/cas.env" ||
    bad "cas.env does not give webd APPDB: $(cat "$S/cas.env")"
v=$(psql -XAtq -d "$ci" -c 'SELECT version FROM schema_version' 2>&1) ||
    true
[ "$v" = 15 ] || bad "APPDB's schema: $v"
cp "$W/etc/ca-reissue.conf.sqlite" "$W/etc/ca-reissue.conf"
echo 'APPDB=/srv/app.db' >> "$W/etc/ca-reissue.conf"
if CA_REISSUE_CONF=$W/etc/ca-reissue.conf CA_REISSUE_STATE=$S \
    BINDIR=$R/usr/sbin "$R/usr/sbin/ca-reissue-setup" --no-start \
    > "$L/setup-bad.log" 2>&1; then
	bad "setup took APPDB=/srv/app.db"
fi
grep -q 'APPDB is a libpq connection string' "$L/setup-bad.log" ||
    bad "setup's refusal of APPDB: $(cat "$L/setup-bad.log")"
[ "$fail" = 0 ] || exit 1
echo "check_deb: APPDB in PostgreSQL set up (schema version $v)"

# 10. CA_STORE: the CA stores in part 9's PostgreSQL, on a state
# directory of their own (S: moved() and start_unit follow it).
S=$W/state-pg
U=$R/etc/systemd/system		# the drop-ins, where verify finds them
port_pg=$(cat "$W/pg/port")
pf=$W/etc/ca-store.pgpass
printf '127.0.0.1:%s:careissue:careissue:%s\n' "$port_pg" \
    "$(printf '%s\n' "$ci" | sed 's/.* password=\([^ ]*\).*/\1/')" > "$pf"
chown careissue-ca "$pf"
chmod 600 "$pf"
store="$(printf '%s\n' "$ci" | sed 's/ password=[^ ]*//') passfile=$pf"
# Runs the packaged setup on $S with the settings of part 8 and
# CA_STORE=$1 (the log in $L/$2.log); its exit status.
setup_store() {	# CA_STORE LOG
	cp "$W/etc/ca-reissue.conf.sqlite" "$W/etc/ca-reissue.conf"
	printf 'CA_STORE="%s"\n' "$1" >> "$W/etc/ca-reissue.conf"
	CA_REISSUE_CONF=$W/etc/ca-reissue.conf CA_REISSUE_STATE=$S \
	    CA_REISSUE_UNITDIR=$U BINDIR=$R/usr/sbin \
	    "$R/usr/sbin/ca-reissue-setup" --no-start > "$L/$2.log" 2>&1
}
for bad_store in "$ci" \
    "postgresql://careissue:x@127.0.0.1:$port_pg/careissue"; do
	if setup_store "$bad_store" setup-pw; then
		bad "setup took a CA_STORE with a password"
	fi
	grep -q 'CA_STORE holds a password.*passfile=' "$L/setup-pw.log" ||
	    bad "setup's refusal of a password: $(cat "$L/setup-pw.log")"
	[ ! -e "$S/ca" ] || bad "a refused CA_STORE left $S/ca behind"
done
setup_store "$store" setup-store ||
    { cat "$L/setup-store.log"; bad "setup with CA_STORE failed"; exit 1; }
for c in ca:ca ca/cas/bjca:ca_bjca; do
	grep -qxF "store = $store options='-csearch_path=${c#*:}'" \
	    "$S/${c%%:*}/ca.conf" || bad "${c%%:*}/ca.conf: no store in ${c#*:}"
	[ ! -e "$S/${c%%:*}/ca.db" ] && [ ! -e "$S/${c%%:*}/db/ca.db" ] ||
	    bad "${c%%:*}: a ca.db beside a store in PostgreSQL"
	n=$(psql -XAtq -d "$ci" -c "SELECT count(*) FROM ${c#*:}.audit" 2>&1) ||
	    true
	[ "${n:-0}" -gt 0 ] 2>/dev/null ||
	    bad "no audit records in the schema ${c#*:}: $n"
done
for u in ca-reissue-cad.service ca-reissue-cad@.service; do
	grep -qx 'IPAddressAllow=127.0.0.1' "$U/$u.d/ca-store.conf" &&
	    grep -qx 'PrivateNetwork=no' "$U/$u.d/ca-store.conf" ||
	    bad "$u: drop-in $(cat "$U/$u.d/ca-store.conf" 2>&1)"
done
out=$(systemd-analyze verify --man=no --root="$R" ca-reissue-cad.service \
    ca-reissue-cad@bjca.service 2>&1) || bad "verify with the drop-in failed"
[ -z "$out" ] || bad "systemd-analyze verify with the drop-in: $out"
start_unit ca-reissue-cad.service
wait_cad "$S/run" "cad (CA_STORE)"
"$R/usr/sbin/cactl" -s "$S/run/cad.sock" status > "$L/status-pg" 2>&1 ||
    bad "cactl status (CA_STORE): $(cat "$L/status-pg")"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$W/pg-cert.key" -out "$W/pg-cert.csr" -subj /CN=x 2>/dev/null
serial=$("$R/usr/sbin/cactl" -s "$S/run/cad.sock" issue --csr \
    "$W/pg-cert.csr" --org 'CA_STORE Test' --cn pg --out "$W/pg-cert.pem" \
    2> "$L/issue-pg") || bad "cactl issue (CA_STORE): $(cat "$L/issue-pg")"
n=$(psql -XAtq -d "$ci" \
    -c "SELECT count(*) FROM ca.cert WHERE serial = '$serial'" 2>&1) || true
[ "$n" = 1 ] || bad "certificate $serial not in the store's cert table: $n"
ps -eo user:20,comm,args | grep -F "$S/" |
    awk '$2 == "cad" && $1 == "careissue-ca"' | grep -q . ||
    bad "no cad of CA_STORE running as careissue-ca"
# The CA's store stays where it was made; SQLite removes the drop-in.
setup_store "" setup-store-empty &&
    bad "setup took CA_STORE empty for a CA whose store is in PostgreSQL"
grep -q "keeps the store" "$L/setup-store-empty.log" ||
    bad "setup's refusal to move a store: $(cat "$L/setup-store-empty.log")"
# A second CA directory on the same schemas is refused before it is made.
S=$W/state-pg2
setup_store "$store" setup-store-taken &&
    bad "setup made a second CA on schemas that hold a CA store"
grep -q "the schema ca of CA_STORE's database already holds a CA store" \
    "$L/setup-store-taken.log" && [ ! -e "$S/ca" ] ||
    bad "a taken schema: $(cat "$L/setup-store-taken.log"; ls "$S")"
S=$W/state
setup_store "" setup-sqlite ||
    { cat "$L/setup-sqlite.log"; bad "setup without CA_STORE failed"; }
for u in ca-reissue-cad.service ca-reissue-cad@.service; do
	[ ! -e "$U/$u.d/ca-store.conf" ] || bad "$u: drop-in left for SQLite"
done
[ "$fail" = 0 ] || { tail -n 5 "$L"/*.log; exit 1; }
echo "check_deb: CA_STORE in PostgreSQL set up, cad issued $serial there"
