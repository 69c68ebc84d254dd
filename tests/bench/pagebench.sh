#!/bin/sh
# pagebench.sh: bench.sh (d), page throughput (issue 8 item 2).
#
#   tests/bench/pagebench.sh RUNDIR RESULTS
#
# A dedicated stack (tools/stack.sh, demo data, WORKERS = nproc) in
# RUNDIR/pages; 张演示 (13900000001, 管理员 of 辽宁演示建设工程有限公司) logs in
# once with curl; then wrk (-t2 -cCONNS, keep-alive, HTTPS through the
# stack's nginx) GETs /certs?size=20 — CA管理 listing 20 certificates —
# with that session cookie on every request (every reply must be 200 and
# show "共 20 条"), and, in the same run, a static file of exactly the
# page's size that the same nginx server serves from RUNDIR/pages/
# bench-static/.  A second stack, RUNDIR/pages-pg, is the same with its
# app database in PostgreSQL (STACK_DB=pg: a server of tests/pg/pgtmp.sh
# on loopback, issue 20 item 5), and its page is measured the same way.
# Each gets a BENCH_WARM-s warm-up, then BENCH_SECS s measured; the three
# are run BENCH_PAGE_REPS times (static, page, page on PostgreSQL,
# alternating) and the best of each kept (other tenants of a shared VM
# only ever slow a run down).  The CPU time of the workers, of nginx and
# of PostgreSQL's processes per request comes from /proc.  Then perf
# records one worker during a 5-s page run; perfsum.py sums it
# (RUNDIR/profile-page.txt).  Appends key=value lines to RESULTS
# (page_*, pgpage_*, static_*).
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
RUN=$1
R=$2
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-32}
WARM=${BENCH_WARM:-2}
REPS=${BENCH_PAGE_REPS:-4}
D=$RUN/pages
DPG=$RUN/pages-pg
PATHQ="/certs?size=20"
MARK="共 20 条"

say() { echo "pagebench: $*" >&2; }
die() { say "$*"; web_stack_down "$D"; web_stack_down "$DPG"; exit 1; }
put() { echo "$1=$2" >> "$R"; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# Summed utime + stime, in clock ticks, of the pids in $1.
ticks() {
	for p in $1; do
		awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0
	done | awk '{s += $1} END {print s + 0}'
}
. "$TOP/tests/bench/web.sh"

rm -rf "$D" "$D.init.log" "$DPG" "$DPG.init.log"
mkdir -p "$D" "$DPG"
W=$(nproc)
trap 'web_stack_down "$D"; web_stack_down "$DPG"' EXIT INT TERM

# stack_ready DIR: the stack of DIR up (STACK_DB as set), 张演示 logged
# in and the page checked; sets URL, COOKIE, BYTES (the page's size).
stack_ready() {
	web_stack_up "$1" "$W"
	URL=https://127.0.0.1:$WEB_PORT
	web_login "$1" "$1/jar" 13900000001 > /dev/null || die "login failed"
	COOKIE=$(web_cookie "$1/jar")
	[ -n "$COOKIE" ] || die "no session cookie"
	curl -sk -H "Cookie: $COOKIE" -o "$1/page.html" -w '%{http_code}' \
	    "$URL$PATHQ" > "$1/page.status"
	[ "$(cat "$1/page.status")" = 200 ] ||
	    die "GET $PATHQ: $(cat "$1/page.status")"
	grep -q "$MARK" "$1/page.html" || die "the page does not show $MARK"
	rows=$(grep -o 'href="/certs/view?id=[0-9]*"' "$1/page.html" |
	    sort -u | wc -l)
	[ "$rows" -eq 20 ] || die "the page lists $rows certificates, not 20"
	BYTES=$(wc -c < "$1/page.html")
}
say "a stack with $W workers (nproc), demo data, 20 certificates in CA管理, on PostgreSQL"
export STACK_DB=pg
stack_ready "$DPG"
unset STACK_DB
PG_URL=$URL
PG_COOKIE=$COOKIE
PG_BYTES=$BYTES
PG_WPIDS=$(pgrep -P "$(cat "$DPG/run/webd.pid")" | tr '\n' ' ')
PG_NPIDS=$(pgrep -P "$(cat "$DPG/run/nginx.pid")" | tr '\n' ' ')
PG_POSTMASTER=$(head -1 "$DPG/pg/data/postmaster.pid")
say "a stack with $W workers (nproc), demo data, 20 certificates in CA管理, on SQLite"
stack_ready "$D"
# The same page from both (the serials, the demo data): the same bytes
# but for the session's CSRF token.
[ "$PG_BYTES" = "$BYTES" ] ||
    say "note: the page is $BYTES bytes on SQLite, $PG_BYTES on PostgreSQL"
# The peer: text of the same length, served by the same server block.
mkdir -p "$D/bench-static"
head -c "$BYTES" /dev/urandom | base64 -w 76 | head -c "$BYTES" \
    > "$D/bench-static/page.html"
st=$(curl -sk -o "$D/static.out" -w '%{http_code} %{size_download}' \
    "$URL/bench-static/page.html")
[ "$st" = "200 $BYTES" ] || die "static file: $st (wanted 200 $BYTES)"

WPIDS=$(pgrep -P "$(cat "$D/run/webd.pid")" | tr '\n' ' ')
NPIDS=$(pgrep -P "$(cat "$D/run/nginx.pid")" | tr '\n' ' ')
# run_wrk NAME URL PATH COOKIE MARK WPIDS NPIDS [POSTMASTER]: warm-up,
# then the measured run; keeps the run's line in $D/NAME.all with the
# CPU per request of the workers, nginx and (POSTMASTER's children)
# PostgreSQL.
run_wrk() {
	wrk -t2 -c"$CONNS" -d"${WARM}s" -s "$TOP/tests/bench/page.lua" \
	    "$2$3" -- "$4" "$5" > /dev/null
	pp=""
	[ -z "${8:-}" ] || pp=$(pgrep -P "$8" | tr '\n' ' ')
	w0=$(ticks "$6"); n0=$(ticks "$7"); p0=$(ticks "$pp")
	wrk -t2 -c"$CONNS" -d"${SECS}s" --latency \
	    -s "$TOP/tests/bench/page.lua" "$2$3" -- "$4" "$5" \
	    > "$D/$1.txt"
	w1=$(ticks "$6"); n1=$(ticks "$7"); p1=$(ticks "$pp")
	line=$(sed -n 's/^wrk: //p' "$D/$1.txt")
	[ -n "$line" ] || die "wrk gave no result (see $D/$1.txt)"
	n=$(field requests "$line")
	cpu=$(awk -v w="$((w1 - w0))" -v x="$((n1 - n0))" \
	    -v p="$((p1 - p0))" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {
	    printf "webd_ms=%.3f nginx_ms=%.3f pg_ms=%.3f", w * 1000 / hz / n,
	    x * 1000 / hz / n, p * 1000 / hz / n}')
	say "$1: $line $cpu (load $(cut -d' ' -f1-3 /proc/loadavg))"
	echo "$line $cpu load=$(cut -d' ' -f1 /proc/loadavg)" >> "$D/$1.all"
}
: > "$D/static.all"
: > "$D/page.all"
: > "$D/pgpage.all"
i=0
while [ "$i" -lt "$REPS" ]; do
	say "static file ($BYTES bytes), then the page, then the page on PostgreSQL, ${SECS}s each, $CONNS connections"
	run_wrk static "$URL" /bench-static/page.html "" "" "$WPIDS" "$NPIDS"
	run_wrk page "$URL" "$PATHQ" "$COOKIE" "$MARK" "$WPIDS" "$NPIDS"
	run_wrk pgpage "$PG_URL" "$PATHQ" "$PG_COOKIE" "$MARK" "$PG_WPIDS" \
	    "$PG_NPIDS" "$PG_POSTMASTER"
	i=$((i + 1))
done
best() { awk '{
	for (i = 1; i <= NF; i++) if ($i ~ /^rps=/) { split($i, a, "=");
	if (a[2] + 0 > m) { m = a[2] + 0; l = $0 } } } END {print l}' \
	    "$D/$1.all"; }
SL=$(best static)
PL=$(best page)
GL=$(best pgpage)
for k in rps p50_ms p99_ms requests bad errors webd_ms nginx_ms pg_ms load; do
	put "static_$k" "$(field "$k" "$SL")"
	put "page_$k" "$(field "$k" "$PL")"
	put "pgpage_$k" "$(field "$k" "$GL")"
done
put pgpage_all "$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^(rps|p99_ms)=/) printf "%s ", $i; printf "; "}' "$D/pgpage.all")"
put page_all "$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^(rps|p99_ms)=/) printf "%s ", $i; printf "; "}' "$D/page.all")"
put static_all "$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^(rps|p99_ms)=/) printf "%s ", $i; printf "; "}' "$D/static.all")"
put page_bytes "$BYTES"
put page_workers "$W"
put page_port "$WEB_PORT"
put page_secs "$SECS"
put page_reps "$REPS"

# The sessions are still good (nothing logged them out or expired them).
curl -sk -H "Cookie: $COOKIE" "$URL$PATHQ" | grep -q "$MARK" ||
    die "the session no longer works after the runs"
curl -sk -H "Cookie: $PG_COOKIE" "$PG_URL$PATHQ" | grep -q "$MARK" ||
    die "the session on PostgreSQL no longer works after the runs"
web_stack_down "$DPG"

if command -v perf >/dev/null && command -v python3 >/dev/null &&
    perf record -o "$D/probe.data" -- true >/dev/null 2>&1; then
	say "profile: one worker during 5 s of the page"
	wp=$(echo "$WPIDS" | awk '{print $1}')
	wrk -t2 -c"$CONNS" -d7s -s "$TOP/tests/bench/page.lua" "$URL$PATHQ" \
	    -- "$COOKIE" "$MARK" > /dev/null &
	WRK=$!
	sleep 1
	perf record --call-graph dwarf,16384 -F 499 -p "$wp" \
	    -o "$D/perf-page.data" -- sleep 5 >/dev/null 2>&1 || true
	wait "$WRK" || true
	perf script -i "$D/perf-page.data" -F comm,ip,sym,dso 2>/dev/null |
	    python3 "$TOP/tests/bench/perfsum.py" 14 webd \
	    > "$RUN/profile-page.txt"
	rm -f "$D"/*.data
fi
web_stack_down "$D"
trap - EXIT INT TERM
