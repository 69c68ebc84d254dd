#!/bin/sh
# ocspbench.sh: the OCSP part of `make bench` (issue 7 item 6, issue 16
# item 5), called by bench.sh; `BENCH_ONLY=ocsp make bench` runs only it;
# can also run alone.
#
#   tests/bench/ocspbench.sh RUNDIR RESULTS
#
# One complete instance (tools/stack.sh: cad -O -G + webd + nginx) in
# RUNDIR/ocsp whose store holds N revoked certificates (storefill, which
# also writes the same N revocations as an openssl index.txt) and one good
# certificate issued by `cactl issue`; and, as the peer, `openssl ocsp
# -index index.txt -multi 2` with the same responder certificate and key
# (the stack's ocsp/ocsp.crt, ocsp.key), the same CA, the same entries
# (the good certificate added as "V").  Before anything is timed, cad's
# first sweep (a pre-signed response for every unexpired certificate)
# must be over, so that it does not share the CPU with what is measured.
#
#   1. GET, pre-signed: the good certificate's RFC 5019 request
#      (`openssl ocsp -issuer ca.crt -cert c.pem -no_nonce -reqout`) in
#      base64 in the path: GET /ocsp/<base64> through our nginx, which
#      serves the file cad keeps (every answer must carry Cache-Control:
#      max-age=60, the static file's, or it counts as bad), against GET
#      /<base64> to the peer (which takes the request from the whole
#      path: /ocsp/<base64> is malformed to it); both answers checked
#      with `openssl ocsp -respin ... -CAfile` first.
#   2. POST through the workers (the live responder, as before): one
#      revoked serial's request (no nonce) POSTed to /ocsp, against the
#      same POST to the peer.
#      Both by wrk -t2 -cCONNS over keep-alive, SECS seconds after a
#      WARM-second warm-up, in ROUNDS interleaved rounds (ours GET, peer
#      GET, ours POST, peer POST); every answer must be a successful
#      OCSPResponse.  Medians over the rounds.  OpenSSL 3.0's responder
#      children spin once a client drops a kept-alive connection, so the
#      peer is started afresh for each warm-up and each measured run.
#   3. Revocation -> pre-signed "revoked" from nginx: REVS fresh
#      certificates (`cactl issue`), revoked one at a time (`cactl
#      revoke`), each once the previous one's CRL is out; from just
#      before the revoke to the first GET answer from the file that says
#      revoked (tests/bench/ocsplat.py, a GET every 5 ms over one
#      keep-alive connection); every such answer verified with openssl
#      afterwards.
#   4. Re-signing: for each size of SWEEP_SIZES a CA whose store holds
#      that many unexpired, good certificates (storefill -g), cad started
#      with -O and -G as the stack starts it (stack.sh start-cad), and its
#      first sweep timed: cad's log line ("N pre-signed responses signed
#      in S s", whole seconds), the first and last file's mtime, cad's
#      CPU; the directory's size (du).  A size after the first runs only
#      if, at the previous size's rate, its sweep fits in SWEEP_MAX_S
#      seconds and its files and store in SWEEP_MAX_MB (and the disk);
#      otherwise SWEEP_FALLBACK instead, and the reason, with the
#      arithmetic, goes in the results.
#
# Key=value results (ocsp_*) are appended to RESULTS.  Environment:
# BINDIR, BENCHBIN, BENCH_SECS (10), BENCH_CONNS (32), BENCH_OCSP_N
# (100000), BENCH_OCSP_ROUNDS (3), BENCH_OCSP_REVOCATIONS (100),
# BENCH_OCSP_SWEEP_SIZES ("100000 1000000"), BENCH_OCSP_SWEEP_MAX_S (600),
# BENCH_OCSP_SWEEP_MAX_MB (6144), BENCH_OCSP_SWEEP_FALLBACK (300000),
# BENCH_OCSP_PORTS ("18090 18453 18091": our plain HTTP, our HTTPS, the
# peer's port; the re-signing CAs are made with the next ones but start
# no server), OCSP_CMD (how the caller was run, for the report),
# BENCH_OCSP_PROGRAMS (what BINDIR holds, for the report; default its
# path and this tree's commit).
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
BENCHBIN=${BENCHBIN:-$TOP/build/bench}
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-32}
N=${BENCH_OCSP_N:-100000}
ROUNDS=${BENCH_OCSP_ROUNDS:-3}
REVS=${BENCH_OCSP_REVOCATIONS:-100}
SWEEP_SIZES=${BENCH_OCSP_SWEEP_SIZES:-100000 1000000}
SWEEP_MAX_S=${BENCH_OCSP_SWEEP_MAX_S:-600}
SWEEP_MAX_MB=${BENCH_OCSP_SWEEP_MAX_MB:-6144}
SWEEP_FALLBACK=${BENCH_OCSP_SWEEP_FALLBACK:-300000}
set -- "$1" "$2" ${BENCH_OCSP_PORTS:-18090 18453 18091}
RUN=$1
R=$2
HTTP=$3
HTTPS=$4
PEER=$5
WARM=2
D=$RUN/ocsp
PEER_PID=""
STACKS=""
LINE=""

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }
put() { echo "$1=$2" >> "$R"; }
get() { sed -n "s/^$1=//p" "$R" | tail -1; }
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
now() { date +%s.%N; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' /; }
# Median of the numbers on standard input (mean of the middle two if even).
median() {
	sort -g | awk '{v[NR] = $1} END {
	    if (NR % 2) print v[(NR + 1) / 2];
	    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
stack() { BINDIR=$BINDIR PAY_SANDBOX=0 "$TOP/tools/stack.sh" "$@"; }
cleanup() {
	stop_peer
	for s in $STACKS; do
		stack stop "$s" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM

# wrk_run URL OUT ARGS...: a warm-up, then the measured run into OUT;
# sets LINE to wrkreport.lua's summary plus the load before..after.
wrk_run() {
	_u=$1
	_o=$2
	shift 2
	wrk -t2 -c"$CONNS" -d"${WARM}s" -s "$TOP/tests/bench/ocsp.lua" "$_u" \
	    -- "$@" > /dev/null
	wrk_measured "$_u" "$_o" "$@"
}
wrk_measured() {
	_u=$1
	_o=$2
	shift 2
	_l0=$(loadavg)
	wrk -t2 -c"$CONNS" -d"${SECS}s" --latency \
	    -s "$TOP/tests/bench/ocsp.lua" "$_u" -- "$@" > "$_o"
	LINE=$(sed -n 's/^wrk: //p' "$_o")
	[ -n "$LINE" ] || die "wrk gave no result (see $_o)"
	LINE="$LINE load=$_l0..$(loadavg)"
}

# Waits up to 5 s for nothing to listen on port $1 (curl: 7, could not
# connect); fails otherwise.
port_free() {
	i=0
	while :; do
		rc=0
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" || rc=$?
		[ "$rc" -ne 7 ] || return 0
		i=$((i + 1))
		[ "$i" -lt 50 ] || return 1
		sleep 0.1
	done
}

# The peer: openssl ocsp -multi 2, answering on $PEER, checked once.
start_peer() {
	port_free "$PEER" || die "port $PEER is taken: not the peer's to use"
	openssl ocsp -index "$D/index.txt" -port "$PEER" \
	    -rsigner "$D/ocsp/ocsp.crt" -rkey "$D/ocsp/ocsp.key" \
	    -CA "$D/ca/ca.crt" -multi 2 >> "$D/peer.log" 2>&1 &
	PEER_PID=$!
	i=0
	until curl -s --max-time 2 -H 'Content-Type: application/ocsp-request' \
	    --data-binary "@$D/req.der" "http://127.0.0.1:$PEER/" \
	    -o "$D/peer.der" 2>/dev/null && [ -s "$D/peer.der" ]; do
		i=$((i + 1))
		[ "$i" -lt 100 ] ||
		    die "openssl ocsp did not answer (see $D/peer.log)"
		sleep 0.1
	done
}

# Stops the peer and its -multi children (the parent does not always
# take them along).
stop_peer() {
	[ -n "$PEER_PID" ] || return 0
	for c in $(ps -o pid= --ppid "$PEER_PID" 2>/dev/null); do
		kill "$c" 2>/dev/null || true
	done
	kill "$PEER_PID" 2>/dev/null || true
	wait "$PEER_PID" 2>/dev/null || true
	PEER_PID=""
}

# peer_run URL OUT ARGS...: wrk_run against a fresh peer for the warm-up
# and another for the measured run.
peer_run() {
	start_peer
	wrk -t2 -c"$CONNS" -d"${WARM}s" -s "$TOP/tests/bench/ocsp.lua" "$1" \
	    -- "$3" "${4:-}" > /dev/null
	stop_peer
	start_peer
	wrk_measured "$@"
	stop_peer
}

# sched PID: "tid run_ns runqueue_ns slices" for each thread of PID.
sched() {
	for t in /proc/"$1"/task/[0-9]*; do
		echo "${t##*/} $(cat "$t/schedstat" 2>/dev/null || echo 0 0 0)"
	done
}

# wait_sweep LOG SECONDS: waits for cad's first "pre-signed responses
# signed" line in LOG; prints it.  Fails after SECONDS.
wait_sweep() {
	_t=$(($2 * 10))
	i=0
	until grep -q 'pre-signed responses signed in' "$1"; do
		i=$((i + 1))
		[ "$i" -lt "$_t" ] || return 1
		sleep 0.1
	done
	grep 'pre-signed responses signed in' "$1" | head -1
}

# The answer of openssl ocsp -respin FILE for serial $2: "good" /
# "revoked" if it verifies against the chain, else nothing.
verified() {
	openssl ocsp -respin "$1" -issuer "$D/ca/ca.crt" -serial "0x$2" \
	    -CAfile "$D/ca/chain.pem" > "$1.txt" 2>&1 || true
	grep -q '^Response verify OK' "$1.txt" &&
	    sed -n 's/^0x[0-9A-Fa-f]*: \([a-z]*\)$/\1/p' "$1.txt"
}

put ocsp_date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put ocsp_machine "$(nproc) cores (\`nproc\`), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), OpenSSL $(openssl version | awk '{print $2}'), nginx $(nginx -v 2>&1 | sed 's|.*/||'), wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null)"
put ocsp_cmd "${OCSP_CMD:-tests/bench/ocspbench.sh}"
put ocsp_load_before "$(uptime | sed 's/.*load average: //')"
put ocsp_n "$N"
put ocsp_programs "${BENCH_OCSP_PROGRAMS:-\`$(echo "$BINDIR" | sed "s|^$TOP/||")\` ($(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo '?'))}"
put ocsp_bindir "$(echo "$BINDIR" | sed "s|^$TOP/||")"
put ocsp_dir "$(echo "$RUN" | sed "s|^$TOP/||")"
put ocsp_ports "$HTTP $PEER"
put ocsp_revs "$REVS"
put ocsp_sweep_max_s "$SWEEP_MAX_S"
put ocsp_sweep_max_mb "$SWEEP_MAX_MB"
put ocsp_secs "$SECS"
put ocsp_conns "$CONNS"
put ocsp_rounds "$ROUNDS"
put ocsp_warm "$WARM"

# ---- the stack ---------------------------------------------------------------
for p in "$HTTP" "$HTTPS" "$PEER"; do
	port_free "$p" || die "port $p is taken (BENCH_OCSP_PORTS)"
done
say "OCSP: a stack with $N revoked certificates"
rm -rf "$D"
mkdir -p "$D/rev"
PORT=$HTTPS HTTP_PORT=$HTTP NOTICE_PORT=$((HTTP + 3)) stack init "$D" \
    > "$D/init.log" 2>&1
"$BENCHBIN/storefill" "$D/ca/ca.db" "$N" "$D/index.txt" >/dev/null
STACKS="$D"
stack start "$D"
say "OCSP: waiting for cad's first sweep (a response for each certificate)"
line=$(wait_sweep "$D/log/cad.log" 1800) ||
    die "cad's first sweep did not end in 30 minutes (see $D/log/cad.log)"
put ocsp_stack_sweep "$(echo "$line" | sed 's/.*ocsp: //')"
CACTL="$BINDIR/cactl -s $D/run/cad.sock"

# One good certificate; its RFC 5019 GET, and the peer's index knows it.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$D/k.pem" -out "$D/r.csr" -subj /CN=bench 2>/dev/null
gserial=$($CACTL issue --csr "$D/r.csr" --org OCSP基准 --cn get \
    --out "$D/good.pem" 2>> "$D/issue.log")
end=$(openssl x509 -in "$D/good.pem" -noout -enddate | cut -d= -f2)
printf 'V\t%s\t\t%s\tunknown\t/CN=get\n' \
    "$(date -u -d "$end" +%y%m%d%H%M%SZ)" "$gserial" >> "$D/index.txt"
openssl ocsp -issuer "$D/ca/ca.crt" -cert "$D/good.pem" -no_nonce \
    -reqout "$D/get.der" >/dev/null 2>&1
B64=$(base64 -w0 "$D/get.der")
GET_OURS="http://127.0.0.1:$HTTP/ocsp/$B64"
GET_PEER="http://127.0.0.1:$PEER/$B64"
# The file is signed within a second of the issue: wait for it, then
# check it is what nginx serves, and that it verifies.
i=0
until curl -s -D "$D/get-ours.hdr" "$GET_OURS" -o "$D/get-ours.der" &&
    grep -qi '^Cache-Control: max-age=60' "$D/get-ours.hdr"; do
	i=$((i + 1))
	[ "$i" -lt 50 ] ||
	    die "GET $GET_OURS: not the static file (see $D/get-ours.hdr)"
	sleep 0.1
done
[ "$(verified "$D/get-ours.der" "$gserial")" = good ] ||
    die "our pre-signed answer does not verify as good (see $D/get-ours.der.txt)"
put ocsp_get_bytes "$(wc -c < "$D/get-ours.der")"
put ocsp_get_cc "$(sed -n 's/^[Cc]ache-[Cc]ontrol: *//p' "$D/get-ours.hdr" | tr -d '\r')"
put ocsp_get_len "$(printf %s "$B64" | wc -c)"

# One revoked serial of the store: the request both get POSTed.
serial=$(awk -F '\t' 'NR == 1 + int('"$N"' / 2) {print $4}' "$D/index.txt")
openssl ocsp -issuer "$D/ca/ca.crt" -serial "0x$serial" -no_nonce \
    -reqout "$D/req.der" >/dev/null 2>&1
curl -s -D "$D/post-ours.hdr" -H 'Content-Type: application/ocsp-request' \
    --data-binary "@$D/req.der" "http://127.0.0.1:$HTTP/ocsp" \
    -o "$D/ours.der"
[ "$(verified "$D/ours.der" "$serial")" = revoked ] ||
    die "our responder did not say revoked (see $D/ours.der.txt)"
grep -qi '^Cache-Control: no-store' "$D/post-ours.hdr" ||
    die "our POST was not answered live (see $D/post-ours.hdr)"

# The peer answers both, and they verify.
: > "$D/peer.log"
start_peer
[ "$(verified "$D/peer.der" "$serial")" = revoked ] ||
    die "openssl ocsp did not say revoked (see $D/peer.der.txt)"
curl -s "$GET_PEER" -o "$D/get-peer.der"
[ "$(verified "$D/get-peer.der" "$gserial")" = good ] ||
    die "openssl ocsp's GET answer does not verify as good (see $D/get-peer.der.txt)"
put ocsp_get_peer_bytes "$(wc -c < "$D/get-peer.der")"
stop_peer

# ---- 1, 2: throughput, interleaved rounds -------------------------------------
r=1
while [ "$r" -le "$ROUNDS" ]; do
	say "OCSP round $r/$ROUNDS: GET pre-signed (nginx), wrk -t2 -c$CONNS -d${SECS}s"
	wrk_run "$GET_OURS" "$D/wrk-get-ours-$r.txt" "$D/get.der" get \
	    max-age=60
	put "ocsp_get_ours_$r" "$LINE"
	say "OCSP round $r/$ROUNDS: GET, openssl ocsp -multi 2"
	peer_run "$GET_PEER" "$D/wrk-get-peer-$r.txt" "$D/get.der" get
	put "ocsp_get_peer_$r" "$LINE"
	say "OCSP round $r/$ROUNDS: POST through the workers"
	wrk_run "http://127.0.0.1:$HTTP/ocsp" "$D/wrk-post-ours-$r.txt" \
	    "$D/req.der"
	put "ocsp_post_ours_$r" "$LINE"
	say "OCSP round $r/$ROUNDS: POST, openssl ocsp -multi 2"
	peer_run "http://127.0.0.1:$PEER/" "$D/wrk-post-peer-$r.txt" \
	    "$D/req.der"
	put "ocsp_post_peer_$r" "$LINE"
	r=$((r + 1))
done
# Medians: ocsp_get_{ours,peer}_* and, for POST, the names of the
# single-run rows before (ocsp_{ours,peer}_*).
for kind in get post; do
	for side in ours peer; do
		to="ocsp_${kind}_${side}"
		[ "$kind" = post ] && to="ocsp_$side"
		for f in rps p50_ms p99_ms; do
			v=$(r=1; while [ "$r" -le "$ROUNDS" ]; do
				field "$f" "$(get "ocsp_${kind}_${side}_$r")"
				r=$((r + 1))
			done | median)
			case $f in
			rps) put "${to}_rate" "$(calc %.0f "$v")" ;;
			p50_ms) put "${to}_p50" "$v" ;;
			p99_ms) put "${to}_p99" "$v" ;;
			esac
		done
		put "${to}_bad" "$(r=1; while [ "$r" -le "$ROUNDS" ]; do
			l=$(get "ocsp_${kind}_${side}_$r")
			echo $(( $(field bad "$l") + $(field errors "$l") ))
			r=$((r + 1))
		done | awk '{s += $1} END {print s}')"
		put "${to}_requests" "$(r=1; while [ "$r" -le "$ROUNDS" ]; do
			field requests "$(get "ocsp_${kind}_${side}_$r")"
			r=$((r + 1))
		done | awk '{s += $1} END {print s}')"
	done
	put "ocsp_${kind}_pairs" "$(r=1; while [ "$r" -le "$ROUNDS" ]; do
		a=$(get "ocsp_${kind}_ours_$r")
		b=$(get "ocsp_${kind}_peer_$r")
		calc %.2f "$(field rps "$a") / $(field rps "$b")"
		echo
		r=$((r + 1))
	done | tr '\n' ' ' | sed 's/ $//')"
done

# ---- 3: revocation -> pre-signed revoked -------------------------------------
say "OCSP: $REVS fresh certificates, each revoked, to 'revoked' from nginx"
: > "$D/rev/list"
i=0
while [ "$i" -lt "$REVS" ]; do
	i=$((i + 1))
	s=$($CACTL issue --csr "$D/r.csr" --org OCSP基准 --cn "rev$i" \
	    --out "$D/rev/c$i.pem" 2>> "$D/issue.log")
	openssl ocsp -issuer "$D/ca/ca.crt" -cert "$D/rev/c$i.pem" -no_nonce \
	    -reqout "$D/rev/r$i.der" >/dev/null 2>&1
	echo "$s $D/rev/r$i.der" >> "$D/rev/list"
done
python3 "$TOP/tests/bench/ocsplat.py" "$HTTP" "$BINDIR/cactl" \
    "$D/run/cad.sock" "$D/rev/list" "$D/rev" "$D/ca/crl/issuing-ca.crl" 5 \
    > "$D/rev/results" || die "ocsplat.py failed"
cat "$D/rev/results" >> "$R"
# Every first "revoked" answer is a signed response that verifies.
k=0
while read -r s _; do
	[ "$(verified "$D/rev/rev-$k.der" "$s")" = revoked ] ||
	    die "revocation $k: the answer does not verify as revoked (see $D/rev/rev-$k.der.txt)"
	k=$((k + 1))
done < "$D/rev/list"
put ocsp_rev_verified "$k"
put ocsp_crl_bytes "$(wc -c < "$D/ca/crl/issuing-ca.crl")"
stack stop "$D"
STACKS=""
rm -f "$D/ca/db/ca.db" "$D/ca/db/ca.db-wal" "$D/ca/db/ca.db-shm" \
    "$D/ca/ca.db" "$D/index.txt"
rm -rf "$D/ocsp-static"

# ---- 4: re-signing every response ----------------------------------------------
# sweep N: a CA with N unexpired good certificates; cad's first sweep.
sweep() {
	n=$1
	S=$RUN/ocsp-sweep-$n
	say "OCSP re-signing: $n certificates: fill the store"
	rm -rf "$S"
	mkdir -p "$S"
	PORT=$((HTTPS + 1)) HTTP_PORT=$((HTTP + 5)) \
	    NOTICE_PORT=$((HTTP + 6)) stack init "$S" > "$S/init.log" 2>&1
	line=$("$BENCHBIN/storefill" -g "$S/ca/ca.db" "$n")
	put "ocsp_sweep_fill_s_$n" "$(field seconds "$line")"
	put "ocsp_sweep_store_kb_$n" "$(du -sk "$S/ca/ca.db" | cut -f1)"
	say "OCSP re-signing: $n certificates: cad -O -G, its first sweep"
	l0=$(loadavg)
	t0=$(now)
	STACKS="$S"
	stack start-cad "$S"
	pid=$(cat "$S/run/cad.pid")
	sched "$pid" > "$S/sched0"
	line=$(wait_sweep "$S/log/cad.log" $((SWEEP_MAX_S * 2))) || line=""
	t1=$(now)
	sched "$pid" > "$S/sched1"
	put "ocsp_sweep_load_$n" "$l0..$(loadavg)"
	stack stop "$S"
	STACKS=""
	files=$(find "$S/ocsp-static" -maxdepth 1 -type f ! -name '.*' | wc -l)
	put "ocsp_sweep_files_$n" "$files"
	if [ -z "$line" ]; then
		put "ocsp_sweep_unfinished_$n" "not finished in $((SWEEP_MAX_S * 2)) s: $files files signed by then"
	else
		put "ocsp_sweep_log_$n" "$(echo "$line" | sed 's/.*ocsp: //')"
		put "ocsp_sweep_count_$n" "$(echo "$line" | sed 's/.*ocsp: \([0-9]*\) .*/\1/')"
		put "ocsp_sweep_s_$n" "$(echo "$line" | sed 's/.* in \([0-9]*\) s$/\1/')"
	fi
	# The sweep's span from its files: the first and the last written.
	span=$(find "$S/ocsp-static" -maxdepth 1 -type f ! -name '.*' \
	    -printf '%T@\n' | sort -g | sed -n '1p;$p' | tr '\n' ' ')
	first=${span%% *}
	last=$(echo "$span" | awk '{print $2}')
	put "ocsp_sweep_span_s_$n" "$(calc %.1f "$last - $first")"
	put "ocsp_sweep_wall_s_$n" "$(calc %.1f "$t1 - $t0")"
	put "ocsp_sweep_rate_$n" "$(calc %.0f "$files / ($last - $first)")"
	# On the CPU and waiting for one (run queue), all of cad's threads
	# (the sweep's thread is nearly all of it), from schedstat; a thread
	# started after the first reading counts from its start.
	cpu=$(awk 'NR == FNR {r[$1] = $2; next} {s += $2 - r[$1]}
	    END {printf "%.2f", s / 1e9}' "$S/sched0" "$S/sched1")
	runq=$(awk 'NR == FNR {w[$1] = $3; next} {s += $3 - w[$1]}
	    END {printf "%.2f", s / 1e9}' "$S/sched0" "$S/sched1")
	put "ocsp_sweep_cpu_s_$n" "$cpu"
	put "ocsp_sweep_runq_s_$n" "$runq"
	put "ocsp_sweep_cpu_us_$n" "$(calc %.0f "$cpu / $files * 1e6")"
	put "ocsp_sweep_idle_rate_$n" "$(calc %.0f "$files / $cpu")"
	put "ocsp_sweep_du_$n" "$(du -sh "$S/ocsp-static" | cut -f1)"
	put "ocsp_sweep_du_kb_$n" "$(du -sk "$S/ocsp-static" | cut -f1)"
	put "ocsp_sweep_apparent_$n" "$(du -sh --apparent-size "$S/ocsp-static" | cut -f1)"
	put "ocsp_sweep_file_bytes_$n" "$(find "$S/ocsp-static" -maxdepth 1 -type f ! -name '.*' -printf '%s\n' | head -1000 | median)"
	say "OCSP re-signing: $n: $(get "ocsp_sweep_log_$n") (files $files, span $(get "ocsp_sweep_span_s_$n") s, $(get "ocsp_sweep_du_$n"))"
	# Large: keep the logs only.
	rm -rf "$S/ocsp-static" "$S/ca/db" "$S/ca/ca.db"
}

done_sizes=""
prev=""
for n in $SWEEP_SIZES; do
	if [ -n "$prev" ]; then
		# At the previous size's rate and disk use per certificate:
		# does N fit?  If not, does the fallback (if smaller)?
		rate=$(get "ocsp_sweep_rate_$prev")
		per_kb=$(calc %.3f "($(get "ocsp_sweep_du_kb_$prev") + $(get "ocsp_sweep_store_kb_$prev")) / $prev")
		avail_mb=$(df -Pk "$RUN" | awk 'NR == 2 {printf "%d", $4 / 1024}')
		pick=""
		for m in "$n" "$SWEEP_FALLBACK"; do
			[ "$m" = "$n" ] || [ "$m" -lt "$n" ] || break
			[ "$m" != "$n" ] || [ -z "${tried:-}" ] || break
			tried=yes
			ps=$(calc %.0f "$m / $rate")
			pm=$(calc %.0f "$m * $per_kb / 1024")
			why="at the $prev-certificate sweep's $rate files/s, $m would take $m / $rate = $ps s (limit $SWEEP_MAX_S s); at its $per_kb KiB a certificate (files + store), $m need $pm MiB (limit $SWEEP_MAX_MB MiB; $avail_mb MiB free on the disk, 1 GiB kept)"
			put "ocsp_sweep_projection_$m" "$why"
			if [ "$ps" -le "$SWEEP_MAX_S" ] &&
			    [ "$pm" -le "$SWEEP_MAX_MB" ] &&
			    [ "$pm" -lt $((avail_mb - 1024)) ]; then
				pick=$m
				break
			fi
			put "ocsp_sweep_skipped_$m" "$why"
			say "OCSP re-signing: not $m: $why"
		done
		tried=""
		[ -n "$pick" ] || continue
		n=$pick
	fi
	sweep "$n"
	done_sizes="$done_sizes $n"
	prev=$n
done
put ocsp_sweep_sizes "${done_sizes# }"
put ocsp_load_after "$(uptime | sed 's/.*load average: //')"
