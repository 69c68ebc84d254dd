#!/bin/sh
# stack.sh: set up, start and stop one complete ca-reissue instance
# (signing daemon + FastCGI supervisor + nginx, the notice deliverer
# canotify and a reference receiver playing the five demo platforms) in a
# runtime directory.
# `make run` uses it on var/; the integration tests on temporary
# directories with free ports.  One script, so both run the same thing.
#
#   tools/stack.sh init  DIR [--demo]   create what DIR lacks: CA, TLS
#                                       certificate, app database (with
#                                       demo data if --demo), nginx config
#   tools/stack.sh start DIR            start all three in the background,
#                                       wait until /healthz answers
#   tools/stack.sh stop  DIR            stop them (TERM, then KILL)
#   tools/stack.sh start-cad DIR        start only the daemon, as start
#                                       does (tests that stop it use this)
#   tools/stack.sh users                as root: create the service users
#                                       that are missing (init does too)
#   tools/stack.sh sql DIR SQL          run SQL on DIR's app database
#                                       (sqlite3, or psql for PostgreSQL),
#                                       rows as a|b|c lines
#   STACK_NODE_OF=FIRST tools/stack.sh init DIR
#                                       make DIR a further web node of the
#                                       stack in FIRST (README "Several
#                                       web nodes"): start and stop then
#                                       run only its nginx and webd, on
#                                       DIR's own ports, against FIRST's
#                                       app database, upload directory,
#                                       sandbox gateway and daemons
#
# Environment: PORT (HTTPS, default 8443), HTTP_PORT (CRLs, OCSP; 8080),
# NOTICE_PORT (the demo platforms' receiver, loopback; 18090), CRL_SHARDS
# (partitioned CRLs for a new CA: cactl init --crl-shards; default none),
# WORKERS (default 2), BINDIR (default build/bin), PAY_SANDBOX (1: take
# payments through the sandbox gateway, the default, with webd-sandbox;
# 0: none, with the production webd), WEBD_FLAGS (extra webd
# options, e.g. -F for the tests), CA_ALGO (the key algorithm of a CA
# made by init: p256, the default, rsa3072 or sm2; see cactl init --help),
# CA_VENDOR (the 证书厂商 of that CA, e.g. CFCA), CA_STORE (a libpq
# connection string: that CA's store in PostgreSQL, cactl init --store;
# default DIR/ca/ca.db), CAS (more issuing CAs
# for init to add, each NAME:ALGO:VENDOR, e.g. "bjca:sm2:BJCA"; cactl ca
# add), STACK_DB (pg: the app database in PostgreSQL, a server of
# tests/pg/pgtmp.sh in DIR/pg made by init, started and stopped with the
# stack, and each CA's store in a schema of it, ca and ca_NAME, unless
# CA_STORE names the first's; default: SQLite in DIR/db/app.db and
# DIR/ca/ca.db).  Ports are remembered in
# DIR/env on init.
#
# DIR layout:
#   env                    PORT / HTTP_PORT chosen at init
#   secrets/ca.pass        CA key passphrase (0600; demo only — see README)
#   secrets/app.key        the application secret (0600): 领取码 derive
#                          from it (fcgi/pickup.h)
#   ca/                    the CA (cactl init): certs, private/, crl/
#   ca/cas/NAME/           each further issuing CA (cactl ca add), laid
#                          out as ca/; its CRLs are published in ca/crl/
#                          and served with the first CA's.  Each has its
#                          own cad (run/NAME/cad.sock, cad-web.sock,
#                          casign.sock; log/cad-NAME.log), canotify,
#                          OCSP responder (ocsp/NAME/) and pre-signed
#                          responses (ocsp-static/NAME/)
#   tls/                   nginx's server key and certificate
#   ocsp/                  the delegated OCSP responder's certificate
#                          (ocsp.crt, with the issuing CA) and key
#                          (ocsp.key, 0600), for cad -O; init issues it
#                          again when it is missing or within 30 days of
#                          expiry (cactl ocsp-responder, 90 days)
#   ocsp-static/           the pre-signed OCSP responses cad keeps (-G)
#                          and nginx serves for GET /ocsp/... (public)
#   platforms/             the five demo platforms (tests/platform/
#                          noticerecv.c): secrets.tsv and N.secret (their
#                          shared secrets, 0600), received.tsv (every
#                          notice they accepted), port; registered with
#                          the daemon (cactl platform add) at start
#   db/app.db              the web application's database (db/ belongs to
#                          the web user: SQLite makes its -wal and -shm
#                          there); app.db is a symlink to it
#   appdb                  what webd and webctl are given as the app
#                          database (-d): db/app.db's path, or with
#                          STACK_DB=pg the connection string (0600)
#   pg/                    STACK_DB=pg: the PostgreSQL server holding the
#                          app database and the CA stores (schemas ca,
#                          ca_NAME) (tests/pg/pgtmp.sh: its data,
#                          log, port, conninfo), as the user careissue-pg
#   sms-outbox.txt         the demo SMS sender's outbox (0600, webd -m):
#                          every text message, one-time codes included
#   paysandbox/            the sandbox payment gateway: its RSA key
#                          (key.pem, 0600), pub.pem, trades.db
#   uploads/               uploaded files (stamped statements), mode 0700,
#                          named by their SHA-256; never served by nginx
#   static/                a copy of the source tree's static/ (made at
#                          init), readable by nginx's workers wherever the
#                          source tree is
#   nginx/                 generated nginx.conf and fastcgi.conf
#   run/                   sockets, pid files, nginx temp files
#   log/                   cad.log, webd.log, nginx-*.log, canotify.log,
#                          platforms.log
#   demo-certs/            make run only: the demo people's client keys,
#                          certificates and .p12 for CA登录 (webctl
#                          demo-certs), listed in demo-certs.txt
#
# A further web node's DIR (STACK_NODE_OF) has only env, node-of (FIRST's
# path), appdb (a copy of FIRST's), secrets/app.key (a copy: every node
# needs the same application secret), sms-outbox.txt (its own), static/,
# nginx/, run/ and log/; ca, tls and ocsp-static are symlinks to FIRST's,
# whose uploads/ and paysandbox/ its webd uses.
#
# Users and modes (README "Security"): run as root, init creates the
# service users below if they are missing, and init and start give each
# part of DIR its owner and mode (set_modes); every process then drops to
# its user.  Run by anyone else, everything is that user's, with the same
# modes.  umask 077: whatever is not made readable on purpose is not.
set -eu
umask 077

TOP=$(cd "$(dirname "$0")/.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
WORKERS=${WORKERS:-2}

# The service users, one per role.  Their names are here and nowhere
# else in this script.
KEY_USER=careissue-key		# casign, the key process, once it has its key
CA_USER=careissue-ca		# cad, the CA store process
WEB_USER=careissue-web		# webd and its workers
WWW_USER=careissue-www		# nginx's worker processes
NOTIFY_USER=careissue-notify	# canotify, the notice deliverer

die() {
	echo "stack: $*" >&2
	exit 1
}

abspath() {
	mkdir -p "$1"
	(cd "$1" && pwd)
}

is_root() {
	[ "$(id -u)" -eq 0 ]
}

# Creates the service users that are missing (as root; else nothing).
make_users() {
	is_root || return 0
	for u in "$KEY_USER" "$CA_USER" "$WEB_USER" "$WWW_USER" \
	    "$NOTIFY_USER"; do
		id -u "$u" >/dev/null 2>&1 && continue
		if getent group "$u" >/dev/null 2>&1; then
			g="--gid $u"
		else
			g="--user-group"
		fi
		# shellcheck disable=SC2086
		useradd --system $g --no-create-home --home-dir /nonexistent \
		    --shell /usr/sbin/nologin "$u" 2>/dev/null ||
		    id -u "$u" >/dev/null 2>&1 ||	# made meanwhile
		    die "cannot create the user $u (useradd failed)"
	done
}

# chown as root; nothing otherwise (everything is the caller's).
own() {
	if is_root; then
		chown "$@"
	fi
}

# The issuing CAs added beside the first (cactl ca add), by name.
extra_cas() {
	[ -d "$1/ca/cas" ] || return 0
	for _c in "$1"/ca/cas/*/ca.conf; do
		[ -f "$_c" ] || continue
		basename "$(dirname "$_c")"
	done
}

# Gives each part of DIR $1 its owner and mode (README "Security").
# Idempotent; run by init and by start (a DIR made by an older version
# is brought in line).
set_modes() {
	_d=$1
	chmod 711 "$_d" "$_d/run"
	chmod 700 "$_d/log" "$_d/secrets" "$_d/nginx"
	chmod 600 "$_d/env"
	if [ -f "$_d/appdb" ]; then
		chmod 600 "$_d/appdb"
	fi
	find "$_d/log" "$_d/secrets" -type f -exec chmod 600 {} +
	if [ -f "$_d/demo-logins.txt" ]; then
		chmod 600 "$_d/demo-logins.txt"
	fi
	chmod -R u=rwX,go=rX "$_d/static"
	# A further web node: the rest is the first stack's.
	[ -f "$_d/node-of" ] && return 0
	# The CA: root's, passable (0711) so the web user reaches the public
	# certificates and canotify its socket.  private/ and notice/ (the
	# keys) root's alone, read by the key process before it drops; db/
	# (the store, where cad moves ca.db; ca.db links to it) and crl/
	# (public: nginx serves it) the store user's.  cad gives them to
	# that user itself too.
	for _ca in "$_d/ca" $(extra_cas "$_d" | sed "s|^|$_d/ca/cas/|"); do
		ca_modes "$_ca"
	done
	if [ -d "$_d/ca/cas" ]; then
		own root:root "$_d/ca/cas"
		chmod 711 "$_d/ca/cas"
	fi
	own -R "$CA_USER:$CA_USER" "$_d/ca/crl"
	chmod 755 "$_d/ca/crl"
	find "$_d/ca/crl" -type f -exec chmod 644 {} +
	# The pre-signed OCSP responses: cad (the store user) writes them,
	# nginx serves them: public.  One directory per further CA inside.
	for _o in "$_d/ocsp-static" $(extra_cas "$_d" |
	    sed "s|^|$_d/ocsp-static/|"); do
		mkdir -p "$_o"
		own "$CA_USER:$CA_USER" "$_o"
		chmod 755 "$_o"
	done
	for _n in $(extra_cas "$_d"); do
		mkdir -p "$_d/run/$_n"
		chmod 711 "$_d/run/$_n"
	done
	# The web user's: its database, uploads and the sandbox gateway.
	for p in db uploads paysandbox; do
		[ -d "$_d/$p" ] || continue
		own -R "$WEB_USER:$WEB_USER" "$_d/$p"
		chmod -R go-rwx "$_d/$p"
		chmod 700 "$_d/$p"
	done
}

# One CA directory $1: the keys root's alone, the store the store
# user's, the public certificates and settings readable.
ca_modes() {
	own root:root "$1"
	chmod 711 "$1"
	for p in private notice; do
		if [ -d "$1/$p" ]; then
			own -R root:root "$1/$p"
			chmod -R go-rwx "$1/$p"
		fi
	done
	if [ -d "$1/db" ]; then
		own -R "$CA_USER:$CA_USER" "$1/db"
		chmod -R go-rwx "$1/db"
	fi
	if [ -f "$1/ca.db" ] && [ ! -L "$1/ca.db" ]; then
		chmod 600 "$1/ca.db"	# cad moves it into db/
	fi
	for f in "$1"/root.crt "$1"/ca.crt "$1"/chain.pem "$1"/ca.conf; do
		if [ -f "$f" ]; then
			chmod 644 "$f"
		fi
	done
}

# What a CA $1 needs renewed by date, with the root key or its own: the
# root's CRL $2 (crl/$2.crl, 30 days before its nextUpdate), the OCSP
# responder's certificate in $3 and the notice signer's (30 days before
# they expire).  A real office does the root's part at a ceremony.
ca_upkeep() {
	_next=$(openssl crl -inform DER -in "$dir/ca/crl/$2.crl" \
	    -noout -nextupdate 2>/dev/null | sed 's/^nextUpdate=//')
	if [ -z "$_next" ] || [ "$(date -d "$_next" +%s 2>/dev/null || echo 0)" \
	    -lt $(($(date +%s) + 30 * 86400)) ]; then
		"$BINDIR/cactl" root-crl "$1" >/dev/null
	fi
	if [ ! -f "$3/ocsp.crt" ] || [ ! -f "$3/ocsp.key" ] ||
	    ! openssl x509 -in "$3/ocsp.crt" -noout \
	    -checkend $((30 * 86400)) >/dev/null 2>&1; then
		mkdir -p "$3"
		"$BINDIR/cactl" ocsp-responder "$1" "$3" >/dev/null
	fi
	if ! openssl x509 -in "$1/notice/notice.crt" -noout \
	    -checkend $((30 * 86400)) >/dev/null 2>&1; then
		"$BINDIR/cactl" notice-signer "$1" "$1/notice" >/dev/null
	fi
}

# The app database of DIR $1 as webd and webctl are given it (-d).
appdb_of() {
	if [ -f "$1/appdb" ]; then
		cat "$1/appdb"
	else
		echo "$1/db/app.db"
	fi
}

# Starts DIR $1's PostgreSQL (STACK_DB=pg) if it has one that is stopped.
pg_up() {
	[ -f "$1/pg/conninfo" ] || return 0
	[ -f "$1/pg/data/postmaster.pid" ] && return 0
	"$TOP/tests/pg/pgtmp.sh" restart "$1/pg"
}

# DIR $1 as a further web node of the stack in $2 (STACK_NODE_OF; README
# "Several web nodes"): what a second host holds.  Its own ports (env),
# nginx configuration, static files and logs; a copy of the first's
# app database setting and application secret (every node must have the
# same: 领取码 and one-time codes are keyed with it); the first's CA, TLS
# certificate and pre-signed OCSP responses through symlinks.  No
# database, CA or daemon of its own.
init_node() {
	dir=$1
	first=$(cd "$2" 2>/dev/null && pwd) || die "STACK_NODE_OF: no $2"
	[ "$first" != "$dir" ] || die "a node cannot be a node of itself"
	if [ ! -f "$first/env" ] || [ ! -f "$first/appdb" ] ||
	    [ -f "$first/node-of" ]; then
		die "$first is not a stack's first node (stack.sh init it)"
	fi
	if [ -e "$dir/ca" ] && [ ! -L "$dir/ca" ]; then
		die "$dir has a CA of its own: not a web node"
	fi
	mkdir -p "$dir/run" "$dir/log" "$dir/nginx" "$dir/secrets"
	echo "$first" > "$dir/node-of.tmp"
	mv "$dir/node-of.tmp" "$dir/node-of"
	for p in ca tls ocsp-static; do
		ln -sfn "$first/$p" "$dir/$p"
	done
	cp "$first/appdb" "$dir/appdb.tmp"
	mv "$dir/appdb.tmp" "$dir/appdb"
	cp "$first/secrets/app.key" "$dir/secrets/app.key.tmp"
	mv "$dir/secrets/app.key.tmp" "$dir/secrets/app.key"
	copy_static "$dir"
	set_modes "$dir"
	nginx_conf "$dir"
}

cmd_init() {
	dir=$(abspath "$1")
	demo=${2:-}
	if [ -f "$dir/env" ]; then
		want_port=${PORT:-}
		want_http=${HTTP_PORT:-}
		# shellcheck disable=SC1091
		. "$dir/env"
		if [ -n "$want_http" ] && [ "$want_http" != "$HTTP_PORT" ]; then
			die "HTTP_PORT is fixed when $dir is created (it is in \
every certificate's CRL URL: $HTTP_PORT); remove $dir to change it"
		fi
		NOTICE_PORT=${NOTICE_PORT:-18090}
		if [ -n "$want_port" ] && [ "$want_port" != "$PORT" ]; then
			PORT=$want_port
			printf 'PORT=%s\nHTTP_PORT=%s\nNOTICE_PORT=%s\n' \
			    "$PORT" "$HTTP_PORT" "$NOTICE_PORT" > "$dir/env"
		fi
	else
		PORT=${PORT:-8443}
		HTTP_PORT=${HTTP_PORT:-8080}
		NOTICE_PORT=${NOTICE_PORT:-18090}
		printf 'PORT=%s\nHTTP_PORT=%s\nNOTICE_PORT=%s\n' "$PORT" \
		    "$HTTP_PORT" "$NOTICE_PORT" > "$dir/env"
	fi
	make_users
	if [ -n "${STACK_NODE_OF:-}" ]; then
		init_node "$dir" "$STACK_NODE_OF"
		return 0
	fi
	[ -f "$dir/node-of" ] && die "$dir is a web node of \
$(cat "$dir/node-of"): init it with STACK_NODE_OF"
	mkdir -p "$dir/run" "$dir/log" "$dir/nginx" "$dir/uploads" \
	    "$dir/db" "$dir/secrets"
	if [ ! -f "$dir/secrets/ca.pass" ]; then
		openssl rand -base64 32 > "$dir/secrets/ca.pass"
	fi
	export CA_PASSPHRASE_FILE="$dir/secrets/ca.pass"
	# STACK_DB=pg: the app database in a PostgreSQL server of its own,
	# and (unless CA_STORE names another) each CA's store in a schema of
	# that server's database: ca for the first, ca_NAME for the others.
	if [ "${STACK_DB:-}" = pg ] && [ ! -f "$dir/pg/conninfo" ]; then
		rm -rf "$dir/pg"
		"$TOP/tests/pg/pgtmp.sh" start "$dir/pg" ||
		    die "PostgreSQL did not start (tests/pg/pgtmp.sh)"
		cp "$dir/pg/conninfo" "$dir/appdb.tmp"
		mv "$dir/appdb.tmp" "$dir/appdb"
	fi
	pg_up "$dir"
	if [ ! -f "$dir/ca/ca.conf" ]; then
		rm -rf "$dir/ca"
		_store=${CA_STORE:-}
		[ -n "$_store" ] || [ ! -f "$dir/pg/conninfo" ] ||
		    _store=$("$TOP/tests/pg/pgtmp.sh" schema "$dir/pg" ca) ||
		    die "no CA store in $dir/pg"
		"$BINDIR/cactl" init --algo "${CA_ALGO:-p256}" \
		    ${CA_VENDOR:+--vendor "$CA_VENDOR"} \
		    --base-url "http://127.0.0.1:$HTTP_PORT" \
		    ${CRL_SHARDS:+--crl-shards "$CRL_SHARDS"} \
		    ${_store:+--store "$_store"} "$dir/ca" >/dev/null
	fi
	# The root's CRL (ARL), which the issuing CA certificate's CRL
	# Distribution Point names: a CA made before it existed gets its
	# issuing CA certified again with it (cactl recertify); the ARL is
	# signed again 30 days before its nextUpdate (cactl root-crl).  Both
	# use the root key: a real office does this at a ceremony.
	if ! openssl x509 -in "$dir/ca/ca.crt" -noout \
	    -ext crlDistributionPoints 2>/dev/null | grep -q '/root-ca\.crl'
	then
		"$BINDIR/cactl" recertify "$dir/ca" >/dev/null
	fi
	# Further issuing CAs (证书厂商), each under its own root.
	for _spec in ${CAS:-}; do
		_n=${_spec%%:*}
		_rest=${_spec#*:}
		_a=${_rest%%:*}
		_v=""
		case "$_rest" in *:*) _v=${_rest#*:} ;; esac
		[ -f "$dir/ca/cas/$_n/ca.conf" ] && continue
		_store=""
		[ ! -f "$dir/pg/conninfo" ] ||
		    _store=$("$TOP/tests/pg/pgtmp.sh" schema "$dir/pg" \
		    "ca_$_n") || die "no CA store for $_n in $dir/pg"
		"$BINDIR/cactl" ca add "$_n" --algo "$_a" \
		    ${_v:+--vendor "$_v"} ${_store:+--store "$_store"} \
		    "$dir/ca" >/dev/null
	done
	ca_upkeep "$dir/ca" root-ca "$dir/ocsp"
	for _n in $(extra_cas "$dir"); do
		ca_upkeep "$dir/ca/cas/$_n" "$_n-root" "$dir/ocsp/$_n"
	done
	if [ ! -f "$dir/tls/server.crt" ]; then
		"$BINDIR/cactl" tls-server "$dir/ca" "$dir/tls" \
		    127.0.0.1 ::1 localhost >/dev/null
	fi
	# The five linked platforms of the guide, each with its own shared
	# secret, played by the reference receiver on NOTICE_PORT.
	if [ ! -f "$dir/platforms/secrets.tsv" ]; then
		mkdir -p "$dir/platforms"
		chmod 700 "$dir/platforms"
		i=0
		for name in 辽宁建设工程信息网 辽宁省招标投标监管网 \
		    辽宁省政府采购平台 辽宁省公共资源平台 沈阳市公共资源平台; do
			i=$((i + 1))
			(umask 077 && openssl rand -hex 24 \
			    > "$dir/platforms/$i.secret")
			printf '%s\t%s\n' "$name" \
			    "$(cat "$dir/platforms/$i.secret")"
		done > "$dir/platforms/secrets.tsv.tmp"
		chmod 600 "$dir/platforms/secrets.tsv.tmp"
		mv "$dir/platforms/secrets.tsv.tmp" "$dir/platforms/secrets.tsv"
	fi
	if [ ! -f "$dir/secrets/app.key" ]; then
		# The application secret (领取码 are derived from it).
		openssl rand -hex 32 > "$dir/secrets/app.key"
	fi
	if [ ! -f "$dir/paysandbox/pub.pem" ]; then
		# The sandbox payment gateway's own signing key (see
		# fcgi/paysandbox.h); webd reads pub.pem on the merchant side.
		mkdir -p "$dir/paysandbox"
		chmod 700 "$dir/paysandbox"
		(umask 077 && openssl genpkey -algorithm RSA \
		    -pkeyopt rsa_keygen_bits:2048 \
		    -out "$dir/paysandbox/key.pem" 2>/dev/null)
		openssl pkey -in "$dir/paysandbox/key.pem" -pubout \
		    -out "$dir/paysandbox/pub.pem"
	fi
	# The app database lives in db/, a directory of the web user, where
	# SQLite can make its -wal and -shm; app.db (where it used to be)
	# is a symlink to it, which SQLite follows for those files too.
	if [ -f "$dir/app.db" ] && [ ! -L "$dir/app.db" ]; then
		[ -e "$dir/db/app.db" ] && die "both $dir/app.db and \
$dir/db/app.db exist: keep one"
		for f in app.db app.db-wal app.db-shm; do
			if [ -f "$dir/$f" ]; then
				mv "$dir/$f" "$dir/db/$f"
			fi
		done
	fi
	ln -sfn db/app.db "$dir/app.db"
	[ -f "$dir/appdb" ] || echo "$dir/db/app.db" > "$dir/appdb"
	"$BINDIR/webctl" -d "$(appdb_of "$dir")" migrate >/dev/null
	if [ "$demo" = "--demo" ]; then
		"$BINDIR/webctl" -d "$(appdb_of "$dir")" demo \
		    --notice-port "$NOTICE_PORT" > "$dir/demo-logins.txt"
	fi
	copy_static "$dir"
	set_modes "$dir"
	nginx_conf "$dir"
}

# nginx's workers read the static files from DIR $1: the source tree
# may not be readable by their user (a clone in /root).
copy_static() {
	rm -rf "$1/static.tmp"
	cp -R "$TOP/static" "$1/static.tmp"
	rm -rf "$1/static"
	mv "$1/static.tmp" "$1/static"
}

# DIR $1's nginx configuration, from nginx/*.in, PORT and HTTP_PORT.
nginx_conf() {
	dir=$1
	if is_root; then
		user_line="user $WWW_USER $WWW_USER;"
	else
		user_line=""
	fi
	# The CRL's validity, for nginx's Cache-Control on /crl/.
	crl_hours=$(sed -n 's/^crl_hours *= *\([0-9][0-9]*\)$/\1/p' \
	    "$dir/ca/ca.conf")
	[ -n "$crl_hours" ] || die "no crl_hours in $dir/ca/ca.conf"
	# CA登录 trusts every CA's chain; a pre-signed OCSP GET is looked
	# for in each CA's directory.
	cat "$dir/ca/chain.pem" > "$dir/nginx/client-cas.pem.tmp"
	ocsp_try='/$ocsp_file'
	for _n in $(extra_cas "$dir"); do
		cat "$dir/ca/cas/$_n/chain.pem" >> "$dir/nginx/client-cas.pem.tmp"
		ocsp_try="$ocsp_try /$_n/\$ocsp_file"
	done
	mv "$dir/nginx/client-cas.pem.tmp" "$dir/nginx/client-cas.pem"
	for f in nginx.conf fastcgi.conf; do
		sed -e "s|@PREFIX@|$dir|g" -e "s|@PORT@|$PORT|g" \
		    -e "s|@OCSP_TRY@|$ocsp_try|g" \
		    -e "s|@HTTP_PORT@|$HTTP_PORT|g" -e "s|@TOP@|$TOP|g" \
		    -e "s|@USER_LINE@|$user_line|g" \
		    -e "s|@CRL_HOURS@|$crl_hours|g" \
		    "$TOP/nginx/$f.in" > "$dir/nginx/$f.tmp"
		mv "$dir/nginx/$f.tmp" "$dir/nginx/$f"
	done
}

# Waits up to $2 tenths of a second for command $1 to succeed.
wait_for() {
	i=0
	while ! eval "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge "$2" ] && return 1
		sleep 0.1
	done
	return 0
}

# True if the process in pid file $1 runs (a zombie counts as stopped).
alive() {
	[ -f "$1" ] || return 1
	_pid=$(cat "$1" 2>/dev/null) || return 1
	kill -0 "$_pid" 2>/dev/null || return 1
	case "$(ps -o stat= -p "$_pid" 2>/dev/null)" in
	Z*) return 1 ;;
	esac
	return 0
}

# Starts cad for DIR $1 and waits for its sockets; 1 if it did not come
# up (the end of its log on stderr).  cad starts as root, hands its key
# to the key process (which drops to KEY_USER) and drops to CA_USER.
# Three sockets: the admin one (every operation; cactl, as root), the web
# one (what the workers use, given to WEB_USER) and the notice one (given
# to NOTIFY_USER).  Not root, the users are ignored: everything runs as
# the caller.
# With a CA name $2 (cactl ca add), that CA's cad: its directory
# ca/cas/NAME, sockets in run/NAME/, OCSP in ocsp/NAME and
# ocsp-static/NAME, log/cad-NAME.log, run/cad-NAME.pid.
start_cad() {
	_d=$1
	if [ -n "${2:-}" ]; then
		_ca=$_d/ca/cas/$2 _run=$_d/run/$2 _sfx=-$2 _o=/$2
	else
		_ca=$_d/ca _run=$_d/run _sfx="" _o=""
	fi
	# Stale sockets: cad, no longer root when it stops, may not be
	# allowed to remove them from run/.
	rm -f "$_ca/notify.sock" "$_run/cad.sock" "$_run/cad-web.sock"
	CA_PASSPHRASE_FILE="$_d/secrets/ca.pass" "$BINDIR/cad" -c "$_ca" \
	    -s "$_run/cad.sock" \
	    -w "$_run/cad-web.sock" -W "$WEB_USER" \
	    -n "$_ca/notify.sock" -U "$NOTIFY_USER" \
	    -u "$CA_USER" -k "$KEY_USER" -O "$_d/ocsp$_o" \
	    -G "$_d/ocsp-static$_o" \
	    >> "$_d/log/cad$_sfx.log" 2>&1 &
	echo $! > "$_d/run/cad$_sfx.pid"
	wait_for "[ -S '$_run/cad.sock' ] &&
	    [ -S '$_run/cad-web.sock' ]" 100 ||
	    { tail -5 "$_d/log/cad$_sfx.log" >&2; return 1; }
	return 0
}

# The pid files of every process of DIR $1 (the order stop uses).
pids_of() {
	echo nginx webd
	for _n in $(extra_cas "$1"); do
		echo "canotify-$_n cad-$_n"
	done
	echo canotify cad platforms
}

# The daemon alone (the tests stop it and start it again).
cmd_start_cad() {
	dir=$(abspath "$1")
	[ -f "$dir/env" ] || die "$dir is not set up: run stack.sh init first"
	[ -f "$dir/node-of" ] && die "$dir is a web node: it has no cad"
	alive "$dir/run/cad.pid" && die "cad is already running for $dir"
	start_cad "$dir" || die "cad did not start"
}

cmd_start() {
	dir=$(abspath "$1")
	[ -f "$dir/env" ] || die "$dir is not set up: run stack.sh init first"
	# shellcheck disable=SC1091
	. "$dir/env"
	NOTICE_PORT=${NOTICE_PORT:-18090}
	for p in $(pids_of "$dir"); do
		alive "$dir/run/$p.pid" && die "$p is already running for $dir"
	done
	make_users
	set_modes "$dir"
	if [ -f "$dir/node-of" ]; then
		# A further web node: its nginx and webd, nothing else.
		rm -f "$dir/run/webd.sock"
		start_web "$dir" "$(cat "$dir/node-of")"
		return 0
	fi
	export CA_PASSPHRASE_FILE="$dir/secrets/ca.pass"

	# Stale sockets: the daemons, no longer root when they stop, may not
	# be allowed to remove them from run/.
	rm -f "$dir/run/webd.sock"
	pg_up "$dir" || die "the app database's PostgreSQL did not start"
	start_cad "$dir" || { cmd_stop "$dir"; die "cad did not start"; }
	pinned="-a $dir/ca/root.crt -s $dir/ca/notice/notice.crt"
	for _n in $(extra_cas "$dir"); do
		start_cad "$dir" "$_n" ||
		    { cmd_stop "$dir"; die "cad of CA $_n did not start"; }
		pinned="$pinned -a $dir/ca/cas/$_n/root.crt -s $dir/ca/cas/$_n/notice/notice.crt"
	done

	# The demo platforms: registered once with each CA, then the
	# receiver and the deliverers.
	for _s in "$dir/run/cad.sock" $(extra_cas "$dir" |
	    sed "s|.*|$dir/run/&/cad.sock|"); do
		listed=$("$BINDIR/cactl" -s "$_s" platform list \
		    2>/dev/null) || die "cactl platform list failed ($_s)"
		i=0
		while IFS="$(printf '\t')" read -r name secret; do
			i=$((i + 1))
			case "$listed" in
			*"$name	"*) continue ;;
			esac
			"$BINDIR/cactl" -s "$_s" platform add "$name" \
			    --url "http://127.0.0.1:$NOTICE_PORT/notice/$i" \
			    --secret-file "$dir/platforms/$i.secret" \
			    >/dev/null || die "cannot register platform $name"
		done < "$dir/platforms/secrets.tsv"
	done
	rm -f "$dir/platforms/port"
	# shellcheck disable=SC2086
	"$BINDIR/noticerecv" -l "$NOTICE_PORT" $pinned -d "$dir/platforms" \
	    -k "$dir/platforms/secrets.tsv" >> "$dir/log/platforms.log" 2>&1 &
	echo $! > "$dir/run/platforms.pid"
	wait_for "[ -f '$dir/platforms/port' ]" 50 ||
	    { tail -3 "$dir/log/platforms.log" >&2; cmd_stop "$dir";
	      die "the demo platforms' receiver did not start (port \
$NOTICE_PORT in use? set NOTICE_PORT=)"; }
	"$BINDIR/canotify" -s "$dir/ca/notify.sock" -u "$NOTIFY_USER" \
	    >> "$dir/log/canotify.log" 2>&1 &
	echo $! > "$dir/run/canotify.pid"
	for _n in $(extra_cas "$dir"); do
		"$BINDIR/canotify" -s "$dir/ca/cas/$_n/notify.sock" \
		    -u "$NOTIFY_USER" >> "$dir/log/canotify-$_n.log" 2>&1 &
		echo $! > "$dir/run/canotify-$_n.pid"
	done

	start_web "$dir" "$dir"
}

# Starts webd and nginx of DIR $1, whose first node (daemons, uploads,
# sandbox gateway) is in $2 ($1 itself for a whole stack), and waits
# until /healthz answers through nginx; stops $1 and dies if not.
start_web() {
	dir=$1
	first=$2
	cas_web=""
	for _n in $(extra_cas "$first"); do
		cas_web="$cas_web -a $_n=$first/run/$_n/cad-web.sock,$first/ca/cas/$_n/chain.pem"
	done
	# The sandbox payment gateway is a test double: only webd-sandbox
	# has it (the production webd has no sandbox code or page).  One
	# gateway for every node: its trades are in the first node's
	# directory, and each node's ticker sends its notifications.
	pay=""
	webd=webd
	if [ "${PAY_SANDBOX:-1}" = 1 ]; then
		pay="-P $first/paysandbox -b https://127.0.0.1:$PORT \
		    -t $dir/ca/root.crt"
		webd=webd-sandbox
	fi
	# webd reads its keys and stylesheets and binds its socket (given to
	# nginx's worker user) as root, then becomes WEB_USER.
	# shellcheck disable=SC2086
	"$BINDIR/$webd" -s "$dir/run/webd.sock" -d "$(appdb_of "$dir")" \
	    -x "$TOP/xsl" -c "$first/run/cad-web.sock" $cas_web \
	    -u "$first/uploads" \
	    -w "$WORKERS" $pay -k "$dir/secrets/app.key" \
	    -C "$dir/ca/chain.pem" -m "$dir/sms-outbox.txt" \
	    -U "$WEB_USER" -N "$WWW_USER" \
	    ${WEBD_FLAGS:-} >> "$dir/log/webd.log" 2>&1 &
	echo $! > "$dir/run/webd.pid"
	wait_for "[ -S '$dir/run/webd.sock' ]" 100 ||
	    { tail -5 "$dir/log/webd.log" >&2; cmd_stop "$dir";
	      die "webd did not start"; }

	nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" \
	    -e "$dir/log/nginx-error.log" >> "$dir/log/nginx-stderr.log" 2>&1 &
	echo $! > "$dir/run/nginx.pid"
	# Ready when /healthz answers through nginx; and it must be *our*
	# nginx answering (another one may hold the port).
	if ! wait_for "curl -sfk --max-time 2 \
	    https://127.0.0.1:$PORT/healthz" 150 ||
	    ! wait_for "alive '$dir/run/nginx.pid'" 5 ||
	    ! { sleep 0.3; alive "$dir/run/nginx.pid"; }; then
		tail -5 "$dir/log/nginx-error.log" >&2
		cmd_stop "$dir"
		die "nginx did not answer on https://127.0.0.1:$PORT/ (port \
in use? set PORT= and HTTP_PORT=, or remove $dir/env)"
	fi
}

cmd_stop() {
	dir=$(abspath "$1")
	for p in $(pids_of "$dir"); do
		f="$dir/run/$p.pid"
		alive "$f" || { rm -f "$f"; continue; }
		kill -TERM "$(cat "$f")" 2>/dev/null || true
		if ! wait_for "! alive '$f'" 50; then
			kill -KILL "$(cat "$f")" 2>/dev/null || true
		fi
		rm -f "$f"
	done
	# The daemons, no longer root, may not remove their sockets.
	rm -f "$dir/run/cad.sock" "$dir/run/cad-web.sock" "$dir/run/casign.sock" \
	    "$dir/run/webd.sock"
	for _n in $(extra_cas "$dir"); do
		rm -f "$dir/run/$_n/cad.sock" "$dir/run/$_n/cad-web.sock" \
		    "$dir/run/$_n/casign.sock"
	done
	# The app database's PostgreSQL (STACK_DB=pg) last: nothing uses it.
	if [ -f "$dir/pg/data/postmaster.pid" ]; then
		"$TOP/tests/pg/pgtmp.sh" stop "$dir/pg" || true
	fi
}

# SQL $2 on DIR $1's app database: sqlite3, or psql for PostgreSQL; rows
# as lines of |-separated values, no header.
cmd_sql() {
	dir=$(abspath "$1")
	db=$(appdb_of "$dir")
	case $db in
	postgres://* | postgresql://* | *dbname=*)
		psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$db" -c "$2" ;;
	*)
		sqlite3 -batch -noheader -cmd ".timeout 5000" "$db" "$2" ;;
	esac
}

if [ "${1:-}" = users ]; then
	is_root || die "users: only root creates users"
	make_users
	exit 0
fi
[ $# -ge 2 ] || die "usage: stack.sh init|start|start-cad|stop DIR [--demo] | sql DIR SQL | users"
case "$1" in
sql) [ $# -eq 3 ] || die "usage: stack.sh sql DIR SQL"; cmd_sql "$2" "$3" ;;
init) cmd_init "$2" "${3:-}" ;;
start) cmd_start "$2" ;;
start-cad) cmd_start_cad "$2" ;;
stop) cmd_stop "$2" ;;
*) die "unknown command '$1'" ;;
esac
