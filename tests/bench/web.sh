# web.sh: shell helpers shared by pagebench.sh and soak.sh (sourced, not
# run): a dedicated stack through tools/stack.sh on free ports, the demo
# data with 20 certificates in company A's CA管理, and logging in with
# curl.  Expects TOP and BINDIR set, and say() / die() defined.

# A TCP port on 127.0.0.1 that was free a moment ago.
web_free_port() {
	python3 -c 'import socket; s = socket.socket(); \
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# web_stack_up DIR WORKERS: init (demo data) and start a stack in DIR on
# free ports, issue the demo certificates, and give company A (辽宁演示建
# 设工程有限公司) 20 certificates in all: the demo issues 12, the other 8
# are copies of its personal ones with new serials and key serials (rows
# of the app database only; the pages read nothing else).  Sets WEB_PORT.
# With STACK_DB=pg in the environment the app database is in a
# PostgreSQL of the stack's own (tools/stack.sh).
web_stack_up() {
	_d=$1
	WEB_PORT=$(web_free_port)
	_hp=$(web_free_port)
	_np=$(web_free_port)
	PORT=$WEB_PORT HTTP_PORT=$_hp NOTICE_PORT=$_np WORKERS=$2 \
	    BINDIR=$BINDIR "$TOP/tools/stack.sh" init "$_d" --demo > "$_d.init.log" 2>&1 ||
	    { tail -5 "$_d.init.log" >&2; die "stack.sh init failed"; }
	PORT=$WEB_PORT HTTP_PORT=$_hp WORKERS=$2 BINDIR=$BINDIR \
	    "$TOP/tools/stack.sh" start "$_d" >> "$_d.init.log" 2>&1 ||
	    { tail -5 "$_d.init.log" >&2; die "stack.sh start failed"; }
	"$BINDIR/webctl" -d "$(web_appdb "$_d")" demo-certs \
	    --ca-socket "$_d/run/cad.sock" --out "$_d/demo-certs" \
	    > "$_d/demo-certs.txt" 2>> "$_d.init.log" ||
	    die "webctl demo-certs failed (see $_d.init.log)"
	web_sql "$_d" "INSERT INTO cert (serial_hex, cert_type, company_id,
	    holder_id, vendor, lock_type, media_vendor, key_serial,
	    first_applied_at, not_after, status)
	    SELECT 'BE' || $(web_hex30 "$_d" id), cert_type, company_id,
	    holder_id, vendor, lock_type, media_vendor, 'BE' || key_serial,
	    first_applied_at - 86400, not_after, status FROM cert
	    WHERE company_id = 1 AND lock_type <> 'company_master'
	    ORDER BY id LIMIT 8" > /dev/null
	_n=$(web_sql "$_d" "SELECT count(*) FROM cert WHERE company_id = 1")
	[ "$_n" = 20 ] || die "company A has $_n certificates, not 20"
}

web_stack_down() {
	"$TOP/tools/stack.sh" stop "$1" >/dev/null 2>&1 || true
}

# What DIR's webd and webctl are given as the app database (-d): the
# SQLite file, or a PostgreSQL connection string (tools/stack.sh init
# writes it).
web_appdb() {
	cat "$1/appdb"
}

# web_sql DIR SQL: runs SQL on DIR's app database (tools/stack.sh sql:
# sqlite3, waiting for locks, or psql).
web_sql() {
	"$TOP/tools/stack.sh" sql "$1" "$2"
}

# web_hex30 DIR EXPR: SQL for EXPR as 30 upper-case hex digits, in the
# dialect of DIR's app database.
web_hex30() {
	case $(web_appdb "$1") in
	*dbname=* | postgres*://*) echo "lpad(upper(to_hex($2)), 30, '0')" ;;
	*) echo "printf('%030X', $2)" ;;
	esac
}

# The hidden CSRF token of the page in file $1.
web_csrf() {
	sed -n 's/.*name="csrf" value="\([0-9a-f]\{64\}\)".*/\1/p' "$1" |
	    head -1
}

# web_login DIR JAR MOBILE [OCTET]: logs MOBILE in (password Demo@2026)
# with curl and cookie jar JAR, from 127.0.0.OCTET (default 1), and
# chooses their first identity.  Prints the session's CSRF token.
web_login() {
	_c="curl -sk --max-time 20 --interface 127.0.0.${4:-1} -c $2 -b $2"
	_u=https://127.0.0.1:$WEB_PORT
	rm -f "$2"
	$_c -o "$2.html" "$_u/login" || return 1
	_t=$(web_csrf "$2.html")
	[ -n "$_t" ] || return 1
	_s=$($_c -o /dev/null -w '%{http_code}' -d "mobile=$3&password=Demo@2026&agree=1&csrf=$_t" "$_u/login")
	[ "$_s" = 303 ] || { echo "web_login: POST /login: $_s" >&2; return 1; }
	$_c -o "$2.html" "$_u/identity" || return 1
	_t=$(web_csrf "$2.html")
	_m=$(sed -n 's/.*name="membership" id="[^"]*" value="\([0-9]*\)".*/\1/p' \
	    "$2.html" | head -1)
	[ -n "$_t" ] && [ -n "$_m" ] || return 1
	_s=$($_c -o /dev/null -w '%{http_code}' \
	    -d "membership=$_m&csrf=$_t" "$_u/identity")
	[ "$_s" = 303 ] || { echo "web_login: POST /identity: $_s" >&2; return 1; }
	echo "$_t"
}

# The session cookie ("__Host-sid=...") in curl cookie jar $1.
web_cookie() {
	awk '$6 == "__Host-sid" {print "__Host-sid=" $7}' "$1" | tail -1
}
