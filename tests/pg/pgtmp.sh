#!/bin/sh
# pgtmp.sh: throw-away PostgreSQL servers for the tests (issue 20), from
# Debian's postgresql package, each in a directory of its own, listening
# on 127.0.0.1 only (and a unix socket inside that directory), run as the
# user careissue-pg when started as root (PostgreSQL refuses root), as
# the caller otherwise.  Nothing of the system's own clusters is touched.
#
#   pgtmp.sh start DIR            a new primary in DIR (DIR must not exist)
#   pgtmp.sh replica [--sync] PRIMARY DIR
#                                 a streaming standby of PRIMARY, made with
#                                 pg_basebackup -R, started read-only;
#                                 --sync: synchronous (PRIMARY's commits
#                                 wait until it has the WAL on disk, so a
#                                 lost primary loses no commit), as README
#                                 asks of production
#   pgtmp.sh promote DIR          the standby becomes a primary
#   pgtmp.sh stop DIR             fast shutdown (the data stay)
#   pgtmp.sh restart DIR          a stopped server starts again, on its port
#   pgtmp.sh kill DIR             SIGKILL of the postmaster, as a lost host
#   pgtmp.sh schema DIR NAME      makes the schema NAME ([a-z0-9_]) in the
#                                 database careissue if it is missing, and
#                                 prints a connection string whose tables
#                                 are that schema's (a CA store: its table
#                                 names are the app database's too)
#
# start writes DIR/conninfo, a libpq connection string for the role
# careissue (a password of its own, scram-sha-256; REPLICATION, for the
# standby) and the database careissue: host=127.0.0.1 port=P
# dbname=careissue user=careissue password=... ; DIR/port alone; the
# server's log is DIR/log.  A standby's conninfo names its own port.
set -eu
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGUSER_OS=careissue-pg

die() {
	echo "pgtmp: $*" >&2
	exit 1
}

# Runs "$@" as the server's user.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid="$PGUSER_OS" --regid="$PGUSER_OS" \
		    --init-groups "$@"
	else
		"$@"
	fi
}

# A TCP port nothing listens on (state 0A in /proc/net/tcp{,6}), below
# the kernel's ephemeral range (32768-60999 on Debian), where any client
# socket may take a port between this look and the server's bind.
free_port() {
	while :; do
		_p=$(( $(od -An -N2 -tu2 /dev/urandom) % 12000 + 20000 ))
		_h=$(printf '%04X' "$_p")
		awk -v h="$_h" '$4 == "0A" && $2 ~ (":" h "$")' \
		    /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -q . ||
		    { echo "$_p"; return; }
	done
}

# Makes the directory $1 for the server's user.
own_dir() {
	mkdir -p "$1"
	if [ "$(id -u)" -eq 0 ]; then
		id -u "$PGUSER_OS" >/dev/null 2>&1 ||
		    useradd --system --no-create-home --home-dir /nonexistent \
		    --shell /usr/sbin/nologin "$PGUSER_OS" ||
		    die "cannot create the user $PGUSER_OS"
		chown "$PGUSER_OS:$PGUSER_OS" "$1"
		# The server's user must reach it through the parents.
		_d=$(dirname "$1")
		while [ "$_d" != / ]; do
			chmod o+x "$_d" 2>/dev/null || true
			_d=$(dirname "$_d")
		done
	fi
	chmod 700 "$1"
}

# Starts the server of DIR $1 on port $2 and waits until it answers;
# fails (the reason in DIR/log) if it does not.
start_on() {
	as_pg "$PGBIN/pg_ctl" -D "$1/data" -l "$1/log" -w -t 30 \
	    -o "-c listen_addresses=127.0.0.1 -c port=$2 \
	    -c unix_socket_directories=$1" start >/dev/null || return 1
	echo "$2" > "$1/port"
}

# As start_on, or says why not and exits.
run() {
	start_on "$1" "$2" ||
	    { tail -5 "$1/log" >&2; die "the server in $1 did not start"; }
}

# Starts the server of DIR $1 on a free port, left in $port.  Another
# process may bind the port between free_port's look and the server's
# bind, so a lost race ("Address already in use") tries another port.
run_free() {
	for _try in 1 2 3 4 5; do
		port=$(free_port)
		start_on "$1" "$port" && return 0
		grep -q "Address already in use" "$1/log" 2>/dev/null ||
		    break
		echo "pgtmp: port $port was taken; trying another" >&2
		: > "$1/log"
	done
	run "$1" "$port"
}

[ -x "$PGBIN/initdb" ] || die "no $PGBIN/initdb: install Debian's \
postgresql (tools/deps.sh does)"
cmd=${1:-}
case $cmd in
start)
	[ $# -eq 2 ] || die "usage: pgtmp.sh start DIR"
	dir=$(realpath -m "$2")
	[ ! -e "$dir" ] || die "$dir exists"
	own_dir "$dir"
	pw=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
	printf '%s\n' "$pw" > "$dir/pw"
	[ "$(id -u)" -ne 0 ] || chown "$PGUSER_OS" "$dir/pw"
	# The superuser is the server's OS user (peer authentication on
	# the socket in DIR); the tests use the role careissue over TCP.
	su=$(as_pg id -un)
	as_pg "$PGBIN/initdb" -D "$dir/data" -U "$su" -E UTF8 \
	    --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 \
	    >"$dir/initdb.log" 2>&1 ||
	    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
	# The role's password on the standby's replication connection too.
	printf '%s\n' "host replication careissue 127.0.0.1/32 scram-sha-256" \
	    >> "$dir/data/pg_hba.conf"
	run_free "$dir"
	as_pg "$PGBIN/psql" -X -q -h "$dir" -p "$port" -U "$su" \
	    -d postgres -v ON_ERROR_STOP=1 -v pw="$pw" >/dev/null <<'SQL' ||
CREATE ROLE careissue LOGIN REPLICATION PASSWORD :'pw';
CREATE DATABASE careissue OWNER careissue;
SQL
	    die "cannot create the role and database"
	rm -f "$dir/pw"
	echo "host=127.0.0.1 port=$port dbname=careissue user=careissue \
password=$pw" > "$dir/conninfo"
	;;
replica)
	sync=0
	if [ "${2:-}" = --sync ]; then
		sync=1
		shift
	fi
	[ $# -eq 3 ] || die "usage: pgtmp.sh replica [--sync] PRIMARY DIR"
	pri=$(realpath "$2")
	dir=$(realpath -m "$3")
	[ -f "$pri/conninfo" ] || die "$pri holds no server of pgtmp.sh"
	[ ! -e "$dir" ] || die "$dir exists"
	own_dir "$dir"
	ci=$(cat "$pri/conninfo")
	as_pg "$PGBIN/pg_basebackup" -d "$ci" -D "$dir/data" -R -X stream \
	    -c fast >"$dir/basebackup.log" 2>&1 ||
	    { cat "$dir/basebackup.log" >&2; die "pg_basebackup failed"; }
	run_free "$dir"
	echo "$ci" | sed "s/port=[0-9]*/port=$port/" > "$dir/conninfo"
	[ "$sync" = 1 ] || exit 0
	# Any standby is the synchronous one; then wait until it is.
	as_pg "$PGBIN/psql" -X -q -h "$pri" -p "$(cat "$pri/port")" \
	    -U "$(as_pg id -un)" -d postgres -v ON_ERROR_STOP=1 \
	    -c "ALTER SYSTEM SET synchronous_standby_names = '*'" \
	    -c "SELECT pg_reload_conf()" >/dev/null ||
	    die "cannot make $dir the synchronous standby of $pri"
	for _i in $(seq 100); do
		[ "$(as_pg "$PGBIN/psql" -X -At -h "$pri" \
		    -p "$(cat "$pri/port")" -U "$(as_pg id -un)" -d postgres \
		    -c "SELECT count(*) FROM pg_stat_replication WHERE \
		    sync_state = 'sync'")" = 1 ] && exit 0
		sleep 0.1
	done
	die "$dir did not become the synchronous standby of $pri"
	;;
promote)
	[ $# -eq 2 ] || die "usage: pgtmp.sh promote DIR"
	as_pg "$PGBIN/pg_ctl" -D "$2/data" -w -t 30 promote >/dev/null ||
	    die "cannot promote $2"
	;;
restart)
	[ $# -eq 2 ] || die "usage: pgtmp.sh restart DIR"
	dir=$(realpath "$2")
	[ -f "$dir/port" ] || die "$dir holds no server of pgtmp.sh"
	run "$dir" "$(cat "$dir/port")"
	;;
stop)
	[ $# -eq 2 ] || die "usage: pgtmp.sh stop DIR"
	[ -f "$2/data/postmaster.pid" ] || exit 0
	as_pg "$PGBIN/pg_ctl" -D "$2/data" -w -t 30 -m fast stop >/dev/null
	;;
schema)
	[ $# -eq 3 ] || die "usage: pgtmp.sh schema DIR NAME"
	[ -f "$2/conninfo" ] || die "$2 holds no server of pgtmp.sh"
	case $3 in
	"" | *[!a-z0-9_]*) die "a schema's name is a-z, 0-9 and _: '$3'" ;;
	esac
	ci=$(cat "$2/conninfo")
	psql -XAtq -v ON_ERROR_STOP=1 -d "$ci" \
	    -c "CREATE SCHEMA IF NOT EXISTS $3" >/dev/null ||
	    die "cannot make the schema $3 in $2"
	echo "$ci options='-csearch_path=$3'"
	;;
kill)
	[ $# -eq 2 ] || die "usage: pgtmp.sh kill DIR"
	[ -f "$2/data/postmaster.pid" ] || die "$2 is not running"
	kill -KILL "$(head -1 "$2/data/postmaster.pid")"
	;;
*)
	die "usage: pgtmp.sh start|replica|promote|stop|restart|kill|schema ..." ;;
esac
