#!/bin/sh
# soak.sh: what `make soak` runs (issue 8 item 3): a bounded soak of mixed
# traffic against a fresh stack, then a leak check of one worker.
#
#   1. A fresh stack (tools/stack.sh, demo data, 20 certificates in company
#      A, WORKERS = nproc) in build/soak/stack.
#   2. SOAK_SECS seconds (default 600) of traffic from SOAK_CLIENTS
#      (default 4) applicants and one operator, each a shell loop of curl
#      from its own 127.0.0.N and cookie jar.  An applicant's round: log in
#      again every few rounds (登录 and 选择身份; nginx allows 10 login POSTs
#      a minute per address), the list pages CA管理, 订单管理 and 发票管理,
#      then the CA补办 wizard for a new certificate of company A (a row added
#      to the app database for the round; 张演示's earlier uploads are aged
#      by a day, past the daily quota of 50): step 1, 生成情况说明书 (.docx),
#      step 2 with the stamped scan uploaded, 订单确认, 提交订单, 立即支付, the
#      sandbox cashier's 确认支付 (the signed notification comes back through
#      the ticker), and the order page.  The operator logs in with a demo
#      client certificate (CA登录) and reads 办理点工作台 and order pages.
#      Every response is logged with its kind; anything but 2xx/3xx (or a
#      failed connection) fails the soak.  At the end every submitted order
#      must be paid (within 30 s).
#   3. Each worker's RSS (VmRSS, /proc) when the stack is up, after the
#      first tenth of the run (warm-up) and at the end.
#   4. The same applicants' traffic (SOAK_CLIENTS of them) for
#      SOAK_LSAN_REQUESTS requests in all (default 3000) against a second
#      stack from build-san/ (AddressSanitizer + LeakSanitizer) with one
#      worker, which serves them all; stopping it (SIGTERM) lets the
#      worker exit normally, so LeakSanitizer checks it at exit; any
#      sanitizer report in its logs fails the soak.
#   5. build/soak/results (key=value) and, when build/bench/run/results
#      exists, BENCHMARKS.md rewritten by report.sh with a Soak section.
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
SANBIN=${SANBIN:-$TOP/build-san/bin}
SECS=${SOAK_SECS:-600}
CLIENTS=${SOAK_CLIENTS:-4}
LSAN_N=${SOAK_LSAN_REQUESTS:-3000}
OUT=${BENCH_OUT:-$TOP/BENCHMARKS.md}
S=$TOP/build/soak
R=$S/results

say() { echo "soak: $*" >&2; }
die() { say "$*"; web_stack_down "$S/stack"; web_stack_down "$S/san";
    exit 1; }
put() { echo "$1=$2" >> "$R"; }
. "$TOP/tests/bench/web.sh"

for p in curl sqlite3 python3; do
	command -v "$p" >/dev/null || die "$p missing"
done
[ -x "$BINDIR/webd" ] || die "$BINDIR/webd missing: run make"
[ -x "$SANBIN/webd" ] || die "$SANBIN/webd missing: run make SAN=1 all"

rm -rf "$S"
mkdir -p "$S"
: > "$R"
# A stamped scan: a real PNG (200×120, grey), as the upload check wants.
python3 - "$S/s.png" <<'EOF'
import struct, sys, zlib
w, h = 200, 120
raw = b"".join(b"\0" + bytes([200, 200, 200]) * w for _ in range(h))
def chunk(t, d):
    c = struct.pack(">I", len(d)) + t + d
    return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = (b"\x89PNG\r\n\x1a\n" +
       chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
EOF

# ---- one applicant -----------------------------------------------------------
# req KIND CURLARGS...: one request; logs "KIND STATUS" to $LOG, leaves
# the body in $T.body and the headers in $T.hdr.
req() {
	_k=$1
	shift
	_st=$(curl -sk --max-time 30 --interface "127.0.0.$OCT" -c "$JAR" \
	    -b "$JAR" -D "$T.hdr" -o "$T.body" -w '%{http_code}' "$@" \
	    2>/dev/null) || _st=${_st:-000}
	echo "$_k $_st $*" >> "$LOG"
	echo "$_st"
}

applicant() {
	OCT=$1
	DIR=$2		# the stack
	END=$3
	LIMIT=${4:-0}	# stop after this many requests (0: time only)
	JAR=$S/jar-$OCT
	T=$S/tmp-$OCT
	LOG=$S/log-$OCT
	U=https://127.0.0.1:$WEB_PORT
	: > "$LOG"
	round=0
	last_login=0
	while :; do
		now=$(date +%s)
		[ "$now" -lt "$END" ] || break
		if [ "$LIMIT" -gt 0 ] && [ "$(wc -l < "$LOG")" -ge "$LIMIT" ]; then
			break
		fi
		if [ $((round % 4)) -eq 0 ] && [ $((now - last_login)) -ge 8 ]; then
			rm -f "$JAR"
			req login_form "$U/login" > /dev/null
			tok=$(web_csrf "$T.body")
			req login "$U/login" -d "mobile=13900000001&password=Demo@2026&agree=1&csrf=$tok" > /dev/null
			req identity_form "$U/identity" > /dev/null
			csrf=$(web_csrf "$T.body")
			req identity "$U/identity" -d "membership=1&csrf=$csrf" > /dev/null
			last_login=$now
		fi
		round=$((round + 1))
		req certs "$U/certs?size=20" > /dev/null
		req certs "$U/certs?page=2" > /dev/null
		req orders "$U/orders" > /dev/null
		req invoices "$U/invoices" > /dev/null
		# A new certificate of company A for this round's 补办.
		serial=$(printf 'C%02X%08X%06X' "$OCT" "$now" "$round")
		cert=$(web_sql "$DIR" "INSERT INTO cert (serial_hex, cert_type,
		    company_id, holder_id, vendor, lock_type, key_serial,
		    first_applied_at, not_after) VALUES ('$serial', 'personal',
		    1, 2, 'CFCA', 'project_lead', 'K$serial', $now - 86400 * 400,
		    $now + 86400 * 300) RETURNING id")
		req reissue "$U/reissue?cert=$cert" > /dev/null
		req docx "$U/reissue/statement.docx?cert=$cert&reason=lost" \
		    > /dev/null
		head -c 4 "$T.body" | grep -q PK || echo "docx_not_zip 999" >> "$LOG"
		# 张演示 may upload UPLOAD_DAILY_MAX (50) scans a day; the soak
		# makes more, so it ages the earlier ones by a day first.
		web_sql "$DIR" "UPDATE upload SET created_at = created_at -
		    86400 WHERE person_id = 1 AND created_at > $now - 86400"
		req upload "$U/reissue/step2" -F "csrf=$csrf" -F "cert=$cert" \
		    -F reason=lost -F "statement=@$S/s.png;filename=盖章.png" \
		    > /dev/null
		req confirm_form "$U/reissue/confirm?cert=$cert" > /dev/null
		key=$(sed -n 's/.*name="submit_key" value="\([0-9a-f]*\)".*/\1/p' \
		    "$T.body" | head -1)
		req submit "$U/reissue/confirm" \
		    -d "csrf=$csrf&cert=$cert&submit_key=$key" > /dev/null
		order=$(sed -n 's/^[Ll]ocation:.*\/orders\/pay?id=\([0-9]*\).*/\1/p' \
		    "$T.hdr")
		[ -n "$order" ] || { echo "submit_no_order 999" >> "$LOG"; continue; }
		echo "$order" >> "$S/orders-$OCT"
		req pay_form "$U/orders/pay?id=$order" > /dev/null
		req pay "$U/orders/pay" -d "csrf=$csrf&id=$order&invoice=no&method=onsite&office=shenyang&pay_method=online" > /dev/null
		t=$(sed -n 's/.*\/sandbox\/cashier?t=\([0-9a-zA-Z]*\).*/\1/p' \
		    "$T.hdr" | head -1)
		req cashier "$U/sandbox/cashier?t=$t" > /dev/null
		req cashier_pay "$U/sandbox/cashier" \
		    -d "csrf=$csrf&t=$t&action=pay" > /dev/null
		req order_view "$U/orders/view?id=$order" > /dev/null
	done
	rm -f "$T.body" "$T.hdr"
}

operator() {
	OCT=$1
	DIR=$2
	END=$3
	JAR=$S/jar-$OCT
	T=$S/tmp-$OCT
	LOG=$S/log-$OCT
	U=https://127.0.0.1:$WEB_PORT
	C="--cert $DIR/demo-certs/13900000101-1.crt --key $DIR/demo-certs/13900000101-1.key"
	: > "$LOG"
	round=0
	while [ "$(date +%s)" -lt "$END" ]; do
		if [ $((round % 20)) -eq 0 ]; then
			rm -f "$JAR"
			# shellcheck disable=SC2086
			req ca_login_form $C "$U/login?tab=ca" > /dev/null
			tok=$(web_csrf "$T.body")
			# shellcheck disable=SC2086
			req ca_login $C "$U/login/ca" -d "csrf=$tok&agree=1" \
			    > /dev/null
		fi
		round=$((round + 1))
		# shellcheck disable=SC2086
		req ops $C "$U/ops" > /dev/null
		o=$(cat "$S"/orders-* 2>/dev/null | tail -1)
		if [ -n "$o" ]; then
			# shellcheck disable=SC2086
			req ops_order $C "$U/ops/order?id=$o" > /dev/null
		fi
		sleep 0.2
	done
	rm -f "$T.body" "$T.hdr"
}

# worker_rss DIR: "PID:KB ..." of the stack's workers (not the ticker:
# the ticker is the last child webd started).
worker_pids() {
	pgrep -P "$(cat "$1/run/webd.pid")" | sort -n | head -n -1
}
rss_of() {
	sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"
}

# ---- 1-3: the soak -------------------------------------------------------------
W=$(nproc)
say "a fresh stack with $W workers (build/soak/stack)"
web_stack_up "$S/stack" "$W"
trap 'web_stack_down "$S/stack"; web_stack_down "$S/san"' EXIT INT TERM
PIDS0=$(worker_pids "$S/stack")
for p in $PIDS0; do echo "$p $(rss_of "$p")" >> "$S/rss0"; done
T0=$(date +%s)
END=$((T0 + SECS))
say "$SECS s of traffic: $CLIENTS applicants and one operator"
CPIDS=""
i=1
while [ "$i" -le "$CLIENTS" ]; do
	applicant $((10 + i)) "$S/stack" "$END" &
	CPIDS="$CPIDS $!"
	i=$((i + 1))
done
operator 9 "$S/stack" "$END" &
CPIDS="$CPIDS $!"
sleep $((SECS / 10 > 0 ? SECS / 10 : 1))
for p in $PIDS0; do echo "$p $(rss_of "$p")" >> "$S/rss1"; done
for p in $CPIDS; do wait "$p"; done
T1=$(date +%s)
# Every submitted order paid (notifications come through the ticker).
ids=$(cat "$S"/orders-* 2>/dev/null | tr '\n' ',' | sed 's/,$//')
unpaid=0
if [ -n "$ids" ]; then
	k=0
	while :; do
		unpaid=$(web_sql "$S/stack" "SELECT count(*) FROM orders WHERE
		    id IN ($ids) AND pay_state <> 'paid'")
		[ "$unpaid" = 0 ] && break
		k=$((k + 1))
		[ "$k" -ge 30 ] && break
		sleep 1
	done
fi
PIDS1=$(worker_pids "$S/stack")
for p in $PIDS0; do echo "$p $(rss_of "$p" 2>/dev/null || echo gone)" \
    >> "$S/rss2"; done
web_stack_down "$S/stack"
cat "$S"/log-[0-9] "$S"/log-[0-9][0-9] 2>/dev/null > "$S/requests.log" || true

put cmd "SOAK_SECS=$SECS make soak"
put date "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
put secs "$((T1 - T0))"
put clients "$CLIENTS applicants + 1 operator"
put workers "$W"
awk '{n[$1]++} END {for (k in n) print k, n[k]}' "$S/requests.log" |
    sort | while read -r k n; do put "kind_$k" "$n"; done
put total "$(wc -l < "$S/requests.log")"
BAD=$(awk '$2 !~ /^[23][0-9][0-9]$/' "$S/requests.log" | wc -l)
put bad "$BAD"
put bad_detail "$(awk '$2 !~ /^[23][0-9][0-9]$/ {print $1, $2}' \
    "$S/requests.log" | sort | uniq -c | head -5 | tr '\n' ';' |
    sed 's/  */ /g')"
[ "$unpaid" = 0 ] || put bad_detail "$(sed -n 's/^bad_detail=//p' "$R" |
    tail -1) orders still unpaid after 30 s: $unpaid"
put orders "$(cat "$S"/orders-* 2>/dev/null | wc -l)"
put unpaid "$unpaid"
[ "$PIDS0" = "$PIDS1" ] || put workers_restarted "yes: $PIDS0 -> $PIDS1"
for p in $PIDS0; do
	a=$(awk -v p="$p" '$1 == p {print $2}' "$S/rss0")
	b=$(awk -v p="$p" '$1 == p {print $2}' "$S/rss1")
	c=$(awk -v p="$p" '$1 == p {print $2}' "$S/rss2")
	put "rss_$p" "$a at start, $b after the first tenth, $c at the end ($(awk -v b="$b" -v c="$c" 'BEGIN {d = c - b; printf "%+d KiB since the first tenth", d}'))"
done
say "soak: $(wc -l < "$S/requests.log") requests, $BAD not 2xx/3xx, $(cat "$S"/orders-* 2>/dev/null | wc -l) orders, $unpaid unpaid"

# ---- 4: LeakSanitizer ------------------------------------------------------
say "LeakSanitizer: $LSAN_N requests against a build-san worker"
BINDIR=$SANBIN web_stack_up "$S/san" 1
LT0=$(date +%s)
CPIDS=""
i=1
while [ "$i" -le "$CLIENTS" ]; do
	applicant $((50 + i)) "$S/san" $((LT0 + 3600)) \
	    $(((LSAN_N + CLIENTS - 1) / CLIENTS)) &
	CPIDS="$CPIDS $!"
	i=$((i + 1))
done
for p in $CPIDS; do wait "$p"; done
LT1=$(date +%s)
web_stack_down "$S/san"
sleep 1
cat "$S"/log-5[0-9] > "$S/lsan-requests.log"
put lsan_requests "$(wc -l < "$S/lsan-requests.log")"
put lsan_secs "$((LT1 - LT0))"
LBAD=$(awk '$2 !~ /^[23][0-9][0-9]$/' "$S/lsan-requests.log" | wc -l)
REPORTS=$(cat "$S"/san/log/*.log | grep -cE \
    'ERROR: LeakSanitizer|ERROR: AddressSanitizer|runtime error:' || true)
put lsan_reports "$REPORTS"
put lsan_bad "$LBAD"
grep -q 'worker stopping' "$S/san/log/webd.log" ||
    say "warning: the san worker did not log its normal exit"

VERDICT=pass
[ "$BAD" -eq 0 ] && [ "$unpaid" = 0 ] && [ "$REPORTS" -eq 0 ] &&
    [ "$LBAD" -eq 0 ] || VERDICT=FAIL
put verdict "$VERDICT"
trap - EXIT INT TERM
cat "$R" >&2

if [ -f "$TOP/build/bench/run/results" ]; then
	say "rewriting $OUT (the last make bench's figures + this soak)"
	(cd "$TOP" && SOAK_RESULTS=$R tests/bench/report.sh \
	    build/bench/run/results build/bench/run > "$OUT.tmp") &&
	    mv "$OUT.tmp" "$OUT"
else
	say "no build/bench/run/results: run make bench to write $OUT"
fi
[ "$VERDICT" = pass ] || die "soak FAILED (see $S/requests.log, $S/san/log)"
say "soak passed"
