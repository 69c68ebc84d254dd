#!/bin/sh
# report.sh: writes BENCHMARKS.md (to standard output) from the key=value
# results bench.sh collected in RESULTS and the profiles in RUNDIR.
#
#   tests/bench/report.sh RESULTS RUNDIR
#   tests/bench/report.sh --keyproc RESULTS
#   tests/bench/report.sh --ocsp RESULTS
#   tests/bench/report.sh --engines RESULTS
#
# The second form writes only the section "Issuance before and after the
# key process" (keyprocbench.sh's keyproc_* results), which
# `BENCH_ONLY=keyproc make bench` puts in place of its namesake in an
# existing BENCHMARKS.md; a full run's report includes it too.  The third,
# likewise, the section "OCSP" (ocspbench.sh's ocsp_* results;
# `BENCH_ONLY=ocsp make bench`).
# Every figure printed here was measured by that run; nothing is typed in.
# Ratios are "ours vs the peer, measured in the same run", written so that
# above 1 means ca-reissue is better: a rate is ours / peer, a time or a
# size is peer / ours.
set -eu

get() { sed -n "s/^$1=//p" "$R" | tail -1; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }
yesno() { if awk "BEGIN {exit !($1)}"; then echo "**yes**"; \
    else echo "**NO**"; fi; }
mib() { calc %.1f "$1 / 1024"; }
human() {
	case $1 in
	1000000) echo 1M ;;
	*000) echo "$(($1 / 1000))k" ;;
	*) echo "$1" ;;
	esac
}

# The keyproc_* results as one section (no blank line after its end).
# Both sides ran the same client with the same requests; the ratios are
# after / before of the medians, so a rate below 1 or a latency above 1 is
# a loss with the key process.
keyproc_section() {
	echo "## Issuance before and after the key process"
	echo
	if [ -n "$(get keyproc_skipped)" ]; then
		echo "| measure | with the key process | before it | after / before | target | met | command |"
		echo "|---|---|---|---|---|---|---|"
		echo "| issuance: before the key process ($(get keyproc_before_ref)) vs with it | not measured | not measured | | ≥ 0.90× | not measured | \`tests/bench/keyprocbench.sh\`: **not measured**: $(get keyproc_skipped) |"
		return 0
	fi
	kb=$(get keyproc_before_ref)
	kd=$(get keyproc_dir)
	kc=$(get keyproc_conns)
	ks=$(get keyproc_secs)
	kn=$(get keyproc_rounds)
	kx=$(get keyproc_x_rate)
	run_cmd="\`BIN/cactl init --base-url http://127.0.0.1:18080 $kd/SIDE-N/ca\`, \`BIN/cad -c $kd/SIDE-N/ca -s $kd/SIDE-N/cad.sock\`, then \`CLIENT -s $kd/SIDE-N/cad.sock -c $kc -d $ks -w $(get keyproc_warm) -k $(get keyproc_keys) -o $kd/SIDE-N/one.der\`"
	cat <<EOF
Issue 15 item 1: signing throughput with the key process within 10% of
the tree before it, measured in the same run.  Written by
\`$(get keyproc_cmd)\` ($(get keyproc_date); $(get keyproc_machine)),
on this machine while other work may share it: the rounds are interleaved
(before, after, before, after, …; $kn of each) so that whatever else runs
hits both sides alike, and only the ratios mean anything.

- **Before**: \`$kb\` ($(get keyproc_before_rev)), the parent of the
  commit that brought the key process (ca/casign.c), whose cad signs
  in-process with the issuing CA key; built by
  \`git archive '$kb' | tar -x -C $kd/before-src\` and
  \`make -C $kd/before-src build/bin/cad build/bin/cactl\`.
- **After**: $(get keyproc_after_rev); cad encodes each certificate and
  asks the key process casign, over a unix socket, to check and sign it
  (one request and one reply per certificate, on each signer thread's own
  connection).  The same commit put cad under its seccomp filter and its
  own user; that is in this figure too.
- **Client**: \`$(get keyproc_after_client)\`; $(get keyproc_client).
- **Each round, each side**: a fresh P-256 CA made by that side's own
  \`cactl init\`, that side's cad started as bench.sh starts ours, the
  client ($kc connections, one request outstanding on each, a
  $(get keyproc_warm)-s warm-up, then $ks s counted), the first certificate
  checked by \`openssl verify\`, cad stopped and its key process gone
  before the next run.  Errors: $(get keyproc_before_errors) before,
  $(get keyproc_after_errors) after.

| measure | with the key process | before it (\`$kb\`) | after / before | target | met | command |
|---|---|---|---|---|---|---|
| issuance: before the key process ($kb) vs with it, $kc concurrent clients, $ks s, certificates/s, median of $kn rounds | $(get keyproc_after_rate) | $(get keyproc_before_rate) | ${kx}× | ≥ 0.90× | $(yesno "$kx >= 0.90") | each round, SIDE = before or after, N = the round: $run_cmd; BIN = \`$(get keyproc_before_bin)\` before, \`$(get keyproc_after_bin)\` after; CLIENT = \`$(get keyproc_after_client)\` (\`tests/bench/keyprocbench.sh\`) |
| issuance latency p50, ms, median of $kn | $(get keyproc_after_p50) | $(get keyproc_before_p50) | $(get keyproc_x_p50)× (above 1: slower with it) | | | same runs |
| issuance latency p99, ms, median of $kn | $(get keyproc_after_p99) | $(get keyproc_before_p99) | $(get keyproc_x_p99)× (above 1: slower with it) | | | same runs |
| issuance, certificates/s: each round's after / before (the two runs back to back), and their median | | | $(get keyproc_pairs) → $(get keyproc_pairs_median)× | | | same runs |
| CPU of cad and every process it started (casign's monitor and children), % of one core, median of $kn | $(get keyproc_after_cpu) | $(get keyproc_before_cpu) | | | | utime + stime (+ those of waited-for children) from \`/proc/PID/stat\` over the client's run |
| the same CPU per certificate, ms, median of $kn | $(get keyproc_after_cpu_ms) | $(get keyproc_before_cpu_ms) | $(get keyproc_x_cpu_ms)× (above 1: more CPU with it) | | | that CPU over the certificates issued in the run (those of the warm-up taken at the counted rate) |

Every round, in the order run: issuebench's line, then cpu_pct and
cpu_ms_per_cert (as above), procs (cad and its descendants at the end of
the run) and load (\`/proc/loadavg\` before..after the run).

\`\`\`
EOF
	r=1
	while [ "$r" -le "$kn" ]; do
		echo "round $r before: $(get "keyproc_before_$r")"
		echo "round $r after:  $(get "keyproc_after_$r")"
		r=$((r + 1))
	done
	echo "\`\`\`"
}

# The ocsp_* results as one section (no blank line after its end):
# pre-signed GET and live POST against openssl ocsp, revocation to a
# pre-signed "revoked", the sweep's time.  Ratios as in the main table:
# above 1 means ca-reissue is better.
ocsp_section() {
	echo "## OCSP"
	echo
	od=$(get ocsp_dir)/ocsp
	oc=$(get ocsp_conns)
	os=$(get ocsp_secs)
	orn=$(get ocsp_rounds)
	oh=$(get ocsp_ports | cut -d' ' -f1)
	op=$(get ocsp_ports | cut -d' ' -f2)
	on=$(human "$(get ocsp_n)")
	gx=$(calc %.2f "$(get ocsp_get_ours_rate) / $(get ocsp_get_peer_rate)")
	gok=$(yesno "$gx >= 3")
	gp99ok=$(yesno "$(get ocsp_get_ours_p99) < $(get ocsp_get_peer_p99)")
	rok=$(yesno "$(get ocsp_rev_p99) <= 1000")
	px=$(calc %.2f "$(get ocsp_ours_rate) / $(get ocsp_peer_rate)")
	W="wrk -t2 -c$oc -d${os}s --latency -s tests/bench/ocsp.lua"
	PEERCMD="openssl ocsp -index $od/index.txt -port $op -rsigner $od/ocsp/ocsp.crt -rkey $od/ocsp/ocsp.key -CA $od/ca/ca.crt -multi 2"
	busy=$(get ocsp_load_before | awk -v c="$(nproc)" '{print ($1 + 0 > c / 2) ? 1 : 0}')
	[ "$busy" = 1 ] || busy=$(get ocsp_load_after | awk -v c="$(nproc)" '{print ($1 + 0 > c / 2) ? 1 : 0}')
	if [ "$busy" = 1 ]; then
		busy="$(nproc)-core machine, other work running: "
	else
		busy=""
	fi
	cat <<EOF
Issue 16 item 5.  Written by \`$(get ocsp_cmd)\` ($(get ocsp_date);
$(get ocsp_machine); programs: $(get ocsp_programs)).  ${busy}load average
(1, 5, 15 min) $(get ocsp_load_before) before, $(get ocsp_load_after)
after.  The two sides of each comparison ran in interleaved rounds (ours
GET, peer GET, ours POST, peer POST; $orn rounds of ${os} s, each after a
$(get ocsp_warm)-s warm-up) so that whatever else runs hits both alike;
the figures are the medians of the rounds.

| measure | ca-reissue | peer | × | target | met | command |
|---|---|---|---|---|---|---|
| OCSP GET of a pre-signed response (RFC 5019: SHA-1 CertID, no nonce; a good certificate among $on revoked), served by our nginx from cad's file, $oc keep-alive connections, requests/s, median of $orn | $(get ocsp_get_ours_rate) | \`openssl ocsp -index -multi 2\`, same request, GET: $(get ocsp_get_peer_rate) | ${gx}× | ≥ 3× | $gok | a \`tools/stack.sh\` instance in \`$od\` (nginx, webd, \`cad -O $od/ocsp -G $od/ocsp-static\`); \`openssl ocsp -issuer $od/ca/ca.crt -cert $od/good.pem -no_nonce -reqout $od/get.der\`, B64=\`base64 -w0 $od/get.der\`; \`$W http://127.0.0.1:$oh/ocsp/\$B64 -- $od/get.der get max-age=60\` (an answer without \`Cache-Control: max-age=60\`, i.e. not the file, counts as bad); peer: \`$PEERCMD\`, \`$W http://127.0.0.1:$op/\$B64 -- $od/get.der get\` |
| OCSP GET latency p50, ms | $(get ocsp_get_ours_p50) | \`openssl ocsp\`: $(get ocsp_get_peer_p50) | $(calc %.2f "$(get ocsp_get_peer_p50) / $(get ocsp_get_ours_p50)")× | | | same runs; bad or failed answers: ours $(get ocsp_get_ours_bad) of $(get ocsp_get_ours_requests), peer $(get ocsp_get_peer_bad) of $(get ocsp_get_peer_requests) |
| OCSP GET latency p99, ms | $(get ocsp_get_ours_p99) | \`openssl ocsp\`: $(get ocsp_get_peer_p99) | $(calc %.2f "$(get ocsp_get_peer_p99) / $(get ocsp_get_ours_p99)")× | below the peer's | $gp99ok | same runs |
| OCSP POST through the workers (live answer, signed per request; a revoked serial among $on), $oc keep-alive connections, responses/s, median of $orn | $(get ocsp_ours_rate) | \`openssl ocsp -index -multi 2\`, same POST: $(get ocsp_peer_rate) | ${px}× | | | same stack: \`$W http://127.0.0.1:$oh/ocsp -- $od/req.der\`; peer: \`$PEERCMD\`, same wrk to \`http://127.0.0.1:$op/\` |
| OCSP POST latency p50, ms | $(get ocsp_ours_p50) | \`openssl ocsp\`: $(get ocsp_peer_p50) | $(calc %.2f "$(get ocsp_peer_p50) / $(get ocsp_ours_p50)")× | | | same runs; bad or failed answers: ours $(get ocsp_ours_bad) of $(get ocsp_ours_requests), peer $(get ocsp_peer_bad) of $(get ocsp_peer_requests) |
| OCSP POST latency p99, ms | $(get ocsp_ours_p99) | \`openssl ocsp\`: $(get ocsp_peer_p99) | $(calc %.2f "$(get ocsp_peer_p99) / $(get ocsp_ours_p99)")× | | | same runs |
| Revocation → pre-signed response saying revoked served by nginx, ms, p50 / p99 / max over $(get ocsp_rev_n) | $(get ocsp_rev_p50) / $(get ocsp_rev_p99) / $(get ocsp_rev_max) | (\`openssl ocsp -index\` sees a revocation only when restarted) | | p99 ≤ 1000 ms | $rok | same stack, $(get ocsp_revs) fresh certificates (\`cactl issue\`), each: its GET answered "good" from the file first, then \`python3 tests/bench/ocsplat.py $oh $(get ocsp_bindir)/cactl $od/run/cad.sock $od/rev/list $od/rev $od/ca/crl/issuing-ca.crl 5\`: each revocation once the previous one's CRL is out; from just before \`cactl revoke SERIAL --reason lost\` to the first GET answer from the file (max-age=60) saying revoked; a GET every $(get ocsp_rev_interval_ms) ms over one keep-alive connection, so the resolution is about $(get ocsp_rev_interval_ms) ms |
EOF
	for n in $(get ocsp_sweep_sizes); do
		h=$(human "$n")
		if [ -n "$(get "ocsp_sweep_unfinished_$n")" ]; then
			echo "| Re-signing every pre-signed response, $h unexpired certificates | **not measured**: $(get "ocsp_sweep_unfinished_$n") | | | | | as below |"
			continue
		fi
		cat <<EOF
| Re-signing every pre-signed response: cad's first sweep over $h unexpired (good) certificates, s: cad's log (whole seconds) / first to last file written | $(get "ocsp_sweep_s_$n") / $(get "ocsp_sweep_span_s_$n") | | | | | \`tools/stack.sh init $(get ocsp_dir)/ocsp-sweep-$n\`, \`build/bench/storefill -g $(get ocsp_dir)/ocsp-sweep-$n/ca/ca.db $n\`, \`tools/stack.sh start-cad $(get ocsp_dir)/ocsp-sweep-$n\` (\`cad ... -O DIR/ocsp -G DIR/ocsp-static\`), until cad logs "$(get "ocsp_sweep_log_$n")"; load $(get "ocsp_sweep_load_$n") |
| the same sweep: files/s; directory on disk (\`du -sh\`; apparent size) | $(get "ocsp_sweep_rate_$n") files/s; $(get "ocsp_sweep_files_$n") files, $(get "ocsp_sweep_du_$n") ($(get "ocsp_sweep_apparent_$n"); $(get "ocsp_sweep_file_bytes_$n") bytes a file) | | | | | files/s = files / (last mtime − first mtime) |
| the same sweep: CPU of cad / waiting for a CPU (run queue), s; CPU per response, µs; files/s on a CPU of its own | $(get "ocsp_sweep_cpu_s_$n") / $(get "ocsp_sweep_runq_s_$n"); $(get "ocsp_sweep_cpu_us_$n") µs; $(get "ocsp_sweep_idle_rate_$n") | | | | | \`/proc/PID/task/*/schedstat\` of cad before and after (one thread signs and writes; the others idle) |
EOF
	done
	echo
	for n in $(sed -n 's/^ocsp_sweep_skipped_\([0-9]*\)=.*/\1/p' "$R"); do
		echo "**Not measured: re-signing $(human "$n") certificates** (limits: $(get ocsp_sweep_max_s) s and $(get ocsp_sweep_max_mb) MiB): $(get "ocsp_sweep_skipped_$n")."
		echo
	done
	echo "Targets: GET $([ "$gok" = "**yes**" ] && echo met || echo '**missed**'), ${gx}× \`openssl ocsp\` (≥ 3×); GET p99 $([ "$gp99ok" = "**yes**" ] && echo met || echo '**missed**'), $(get ocsp_get_ours_p99) ms against $(get ocsp_get_peer_p99) ms; revocation p99 $([ "$rok" = "**yes**" ] && echo met || echo '**missed**'), $(get ocsp_rev_p99) ms (≤ 1000 ms)."
	cat <<EOF

- **GET, pre-signed.** cad (\`-G\`, ca/caocspdir.c) keeps a signed
  response for every unexpired certificate as a file named by the
  base64 of its RFC 5019 request; nginx maps the GET's path to that name
  and sends the file ($(get ocsp_get_bytes) bytes, \`Cache-Control:
  $(get ocsp_get_cc)\`, ETag, Last-Modified): no FastCGI, no signing per
  request.  Before timing, the answer's headers were checked (the file,
  not the workers' \`no-store\`) and both answers verified with
  \`openssl ocsp -respin ... -CAfile chain.pem\` ("good"; the peer's is
  $(get ocsp_get_peer_bytes) bytes); during it, every one of ours had
  to carry \`max-age=60\`.  \`openssl ocsp\` answers the same request
  bytes as \`GET /<base64>\` (it takes the request from the whole path,
  so \`/ocsp/<base64>\` is malformed to it), signing each answer, HTTP/1.0,
  a connection per request.  The request was sent as plain base64 in the
  path ("+", "/", "=" as they are), which both accept; $(get ocsp_get_len)
  characters.
- **POST, live.** Ours answers through the whole path a platform uses:
  nginx (plain HTTP, keep-alive to the client), a webd worker that
  parses the request, asks cad for the serial's status (a unix-socket
  round trip and a SQLite lookup, which is what makes a revocation show
  at once) and signs a fresh response (ECDSA P-256, responder
  certificate included, no nextUpdate).  \`openssl ocsp\` reads
  index.txt into memory at start and answers from it, so it would not see
  a revocation until restarted.  Same responder key and certificate,
  same request, same CA.  OpenSSL 3.0's responder children hang at full
  CPU once a client drops a kept-alive connection (as wrk does at the end
  of a run), so the peer is started afresh for each warm-up and each
  measured run.  cad's first sweep of the stack
  ($(get ocsp_stack_sweep)) was over before anything was timed.
- **Revocation.** Timed from just before \`cactl revoke\` starts (the
  process's own start included; it returns once the revocation is
  committed: median $(get ocsp_rev_cactl_p50) ms, p99
  $(get ocsp_rev_cactl_p99) ms) to the arrival of the first answer from
  the file that says revoked: cad's store thread commits, hands the
  serial to the pre-signing thread, which signs and renames the new file
  over the old, while the store thread answers cactl and then publishes
  the CRL ($on revoked: $(calc %.1f "$(get ocsp_crl_bytes) / 1048576") MiB each
  time).  Each revocation starts once the previous one's CRL is
  out, as an operator's, one at a time, would; back to back, a
  revocation would also wait for the previous one's CRL.  Answers that said revoked but came from the workers (file
  missing): $(get ocsp_rev_live).  GETs sent: $(get ocsp_rev_polls).
  Each first "revoked" answer verified afterwards with \`openssl ocsp
  -respin\`: $(get ocsp_rev_verified) of $(get ocsp_rev_n).  Every
  revocation, ms, in order: $(get ocsp_rev_all).
- **Re-signing.** A store of N certificates that are valid and not
  revoked (storefill -g: 16-byte serials, a dummy DER; the response
  only needs the serial and the status), cad started as the stack starts
  it; its first sweep signs and writes one file per certificate (plus
  the notice-signing certificate \`tools/stack.sh init\` issues) a page
  of 256 at a time, each file written as \`.tmp-NAME\` and renamed.  The
  same work is done every 6 hours, over files that exist already.  cad's
  own figure runs from the sweep's first page to its end, which includes
  a pass over the directory (readdir and stat of every file) removing
  those not signed again; the first-to-last-file span is the signing and
  writing alone.  On this shared machine the sweep's thread also waited
  for a CPU (the run-queue figure), so the CPU it used per response and
  the rate that gives on a CPU of its own are given beside the wall
  time.

Every round, in the order run (wrk's summary line; load before..after):

\`\`\`
EOF
	r=1
	while [ "$r" -le "$orn" ]; do
		echo "round $r GET ours:  $(get "ocsp_get_ours_$r")"
		echo "round $r GET peer:  $(get "ocsp_get_peer_$r")"
		echo "round $r POST ours: $(get "ocsp_post_ours_$r")"
		echo "round $r POST peer: $(get "ocsp_post_peer_$r")"
		r=$((r + 1))
	done
	echo "GET ours / peer by round: $(get ocsp_get_pairs); POST: $(get ocsp_post_pairs)"
	echo "\`\`\`"
}

# enginebench.sh's eng_* results (and pagebench.sh's pgpage_*, when
# there) as one section.
engines_section() {
	el=$(get eng_lite_rate)
	ep=$(get eng_pg_rate)
	eo=$(get eng_offered)
	lp99=$(get eng_lite_open_p99)
	ok=$(yesno "$lp99 <= 10")
	cat <<EOF
## PostgreSQL beside SQLite

\`$(get eng_cmd)\` ($(get eng_date); $(get eng_machine)).  Issuance
through cad from two CAs made alike (P-256, \`cactl init\`), one with its
store in SQLite, one in a PostgreSQL 15 of \`tests/pg/pgtmp.sh\` on
127.0.0.1 (\`cactl init --store\`: the store thread's connection,
\`synchronous_commit\` on); \`issuebench\` sends both the same
$(get eng_keys) requests from $(get eng_conns) clients for
$(get eng_secs) s after a 2-s warm-up, each cad running only in its own
rounds (\`tests/bench/enginebench.sh\`).

| | SQLite | PostgreSQL | PostgreSQL / SQLite | target | met |
|---|---|---|---|---|---|
| issuance, $(get eng_conns) clients, one request outstanding each, certificates/s | $el | $ep | $(calc %.2f "$ep / $el")× | | |
| its latency p50 / p99, ms | $(get eng_lite_p50) / $(get eng_lite_p99) | $(get eng_pg_p50) / $(get eng_pg_p99) | | | |
| open loop at $eo/s (half of SQLite's peak), certificates/s done | $(get eng_lite_open_rate) | $(get eng_pg_open_rate) | | | |
| its latency from when each request was due, p50 / p99, ms | $(get eng_lite_open_p50) / $lp99 | $(get eng_pg_open_p50) / $(get eng_pg_open_p99) | | SQLite p99 ≤ 10 ms | $ok |
| PostgreSQL in open loop at $(get eng_pg_own_offered)/s (half of its own peak): done/s, p50 / p99 ms | | $(get eng_pg_own_rate); $(get eng_pg_own_p50) / $(get eng_pg_own_p99) | | | |
EOF
	if [ -n "$(get pgpage_rps)" ]; then
		echo "| CA管理 page (the app database), $(get conns) connections, requests/s, best of $(get page_reps) | $(get page_rps) | $(get pgpage_rps) | $(calc %.2f "$(get pgpage_rps) / $(get page_rps)")× | | |"
		echo "| its latency p50 / p99, ms | $(get page_p50_ms) / $(get page_p99_ms) | $(get pgpage_p50_ms) / $(get pgpage_p99_ms) | | | |"
		echo "| CPU per page, ms: workers + nginx (+ PostgreSQL) | $(get page_webd_ms) + $(get page_nginx_ms) | $(get pgpage_webd_ms) + $(get pgpage_nginx_ms) + $(get pgpage_pg_ms) | | | |"
	fi
	if [ -n "$(get eng_mem_open_rate)" ]; then
		echo "| diagnostic, not a set-up: SQLite's open loop at $eo/s with a third CA alike on tmpfs (\`/dev/shm\`, no disk under its store), after a closed-loop round like the first's ($(get eng_mem_rate) certificates/s): done/s, p50 / p99 ms (errors $(get eng_mem_open_errors)) | $(get eng_mem_open_rate); $(get eng_mem_open_p50) / $(get eng_mem_open_p99) | | | | |"
	fi
	cat <<EOF

Errors: SQLite $(get eng_lite_errors) closed, $(get eng_lite_open_errors)
open; PostgreSQL $(get eng_pg_errors) closed, $(get eng_pg_open_errors)
open, $(get eng_pg_own_errors) at its own half; the PostgreSQL store held
$(get eng_pg_stored) certificates at the end.  Where PostgreSQL's peak
is below half of SQLite's, the open loop at that rate only queues (its
latency is the queue's, growing for the whole run), so the last row is
its latency at a rate it can serve.  Both engines put every commit on
disk before cad answers (SQLite: WAL with \`synchronous = FULL\`;
PostgreSQL: \`synchronous_commit\`), and cad commits a batch of
requests at a time on either; the difference is that on PostgreSQL every
statement is a round trip to another process (a context switch each
way, on 2 cores shared with the clients), where SQLite runs inside cad's
store thread.  The tmpfs row is the same daemon and load with nothing
under the store but memory: what separates it from SQLite's open-loop
row is the disk, not the daemon (README, "PostgreSQL", Speed).
EOF
}

if [ "$1" = --keyproc ]; then
	R=$2
	keyproc_section
	exit 0
fi
if [ "$1" = --engines ]; then
	R=$2
	engines_section
	exit 0
fi
if [ "$1" = --ocsp ]; then
	R=$2
	ocsp_section
	exit 0
fi
R=$1
RUN=$2

SECS=$(get secs)
CONNS=$(get conns)
REPS=$(get reps)
SIZES=$(get sizes)
BIGN=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
B=build/bench/run
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
[ -n "$CPU" ] || CPU=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p')
MACHINE="$(nproc) cores (\`nproc\`), $CPU, $(uname -sr), \
$(date -u '+%Y-%m-%d %H:%M UTC'); OpenSSL $(openssl version | awk '{print $2}'), \
SQLite $(pkg-config --modversion sqlite3 2>/dev/null || echo '?'), \
cfssl $(cfssl version 2>/dev/null | sed -n 's/^Version: //p'), \
wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null)"

ours_rate=$(get ours_rate)
cfssl_rate=$(get cfssl_rate)
ossl_rate=$(get ossl_rate)
rate_x=$(calc %.2f "$ours_rate / $cfssl_rate")
rate_ok=$(yesno "$rate_x >= 1.2")
p99_ok=$(yesno "$(get ours_p99) < 10")
big_s=$(get "ours_s_$BIGN")
big_x=$(calc %.1f "$(get "ossl_s_$BIGN") / $big_s")
big_ok=$(yesno "$big_x >= 10")
big_kb=$(get "ours_kb_$BIGN")
mem_ok=$(yesno "$big_kb < 102400")
page_rps=$(get page_rps)
if [ -n "$page_rps" ]; then
	page_x=$(calc %.2f "$page_rps / $(get static_rps)")
	page_ok=$(yesno "$page_x >= 0.25")
	page_p99_ok=$(yesno "$(get page_p99_ms) < 15")
fi

cat <<EOF
# Benchmarks

Written by \`make bench\` ($(get total_s) s for the whole run); do not edit by
hand, run it again.  The code is in \`tests/bench/\` (\`bench.sh\` says what
each step does); the run's files stay in \`$B/\`, and every command below
is relative to the top of the tree.

**Machine:** $MACHINE.  One noisy shared VM:
compare the ratios, which were measured in the same run, not absolute figures
across runs.

"×" is ca-reissue against the peer of that row, measured in this run, so that
above 1 means ca-reissue is better (a rate is ours / theirs; a time, a
latency or a memory peak is theirs / ours).

| measure | ca-reissue | peer | × | target | met | command |
|---|---|---|---|---|---|---|
| issuance, $CONNS concurrent clients, ${SECS} s, certificates/s | $ours_rate | cfssl serve: $cfssl_rate | ${rate_x}× | ≥ 1.2× cfssl | $rate_ok | \`$B/ca\`: \`build/bin/cad -c $B/ca -s $B/cad.sock\` then \`build/bench/issuebench -s $B/cad.sock -c $CONNS -d $SECS -w 2 -k 64\`; peer: \`cfssl serve -port $(get cfssl_port) -ca $B/ca/ca.crt -ca-key $B/ca-key.pem -config $B/cfssl.json\` then \`wrk -t2 -c$CONNS -d${SECS}s --latency -s tests/bench/post.lua http://127.0.0.1:$(get cfssl_port)/api/v1/cfssl/sign -- $B/csr/*.pem\` |
| issuance latency p50, ms | $(get ours_p50) | cfssl serve: $(get cfssl_p50) | $(calc %.2f "$(get cfssl_p50) / $(get ours_p50)")× | | | same runs |
| issuance latency p99, ms | $(get ours_p99) | cfssl serve: $(get cfssl_p99) | $(calc %.2f "$(get cfssl_p99) / $(get ours_p99)")× | < 10 ms | $p99_ok | same runs |
| issuance at a fixed offered rate of half that peak ($(get open_offered)/s, open loop: sent on a schedule, latency from when each request was due), latency p50 / p99, ms | $(get open_p50) / $(get open_p99) (served $(get open_rate)/s) | closed loop at the peak: $(get ours_p50) / $(get ours_p99) | | p99 ≤ 10 ms (SQLite) | $(yesno "$(get open_p99) <= 10") | same daemon, after the run above: \`build/bench/issuebench -s $B/cad.sock -c $CONNS -d $SECS -w 2 -k 64 -R $B/csr -r $(get open_offered)\` |
| issuance, certificates/s | $ours_rate | \`openssl ca\`, one process per certificate: $ossl_rate | $(calc %.1f "$ours_rate / $ossl_rate")× | | | \`openssl ca -batch -config $B/openssl-ca/openssl.cnf -notext -in $B/csr/csr-\$i.pem -out x.pem\` for i in 0..99 |
EOF
if [ -n "$(get sm2_rate)" ]; then
	cat <<EOF
| SM2 issuance (SM2 CA, SM2 requests, SM2-with-SM3 with the ID), $CONNS concurrent clients, ${SECS} s, certificates/s | $(get sm2_rate) | ca-reissue, P-256 CA: $ours_rate | $(calc %.2f "$(get sm2_rate) / $ours_rate")× | | | \`build/bin/cactl init --algo sm2 $B/sm2/ca\`, \`build/bin/cad -c $B/sm2/ca -s S\`, then \`build/bench/issuebench -a sm2 -s S -c $CONNS -d $SECS -w 2 -k 64\` (\`tests/bench/sm2bench.sh\`); errors: $(get sm2_errors) |
| SM2 issuance latency p50 / p99, ms | $(get sm2_p50) / $(get sm2_p99) | P-256: $(get ours_p50) / $(get ours_p99) | $(calc %.2f "$(get ours_p50) / $(get sm2_p50)")× / $(calc %.2f "$(get ours_p99) / $(get sm2_p99)")× | | | same runs |
EOF
fi
if [ -n "$page_rps" ]; then
	PW="wrk -t2 -c$CONNS -d$(get page_secs)s --latency -s tests/bench/page.lua"
	cat <<EOF
| CA管理 page, logged in, 20 certificates ($(get page_bytes) bytes), HTTPS keep-alive, $CONNS connections, requests/s (best of $(get page_reps)) | $page_rps | nginx, static file of the same size: $(get static_rps) | ${page_x}× | ≥ 0.25× static | $page_ok | stack: \`PORT=P WORKERS=$(get page_workers) tools/stack.sh init $B/pages --demo\`, then \`start\`, 20 certificates (\`tests/bench/pagebench.sh\`); \`$PW 'https://127.0.0.1:P/certs?size=20' -- '__Host-sid=…' '共 20 条'\`; peer: \`$PW https://127.0.0.1:P/bench-static/page.html\` |
| CA管理 page latency p50, ms | $(get page_p50_ms) | static file: $(get static_p50_ms) | $(calc %.2f "$(get static_p50_ms) / $(get page_p50_ms)")× | | | same runs |
| CA管理 page latency p99, ms | $(get page_p99_ms) | static file: $(get static_p99_ms) | $(calc %.2f "$(get static_p99_ms) / $(get page_p99_ms)")× | < 15 ms | $page_p99_ok | same runs |
EOF
	if [ -n "$(get pgpage_rps)" ]; then
		cat <<EOF
| CA管理 page with the app database in PostgreSQL (loopback), requests/s (best of $(get page_reps)) | $(get pgpage_rps) | the same page on SQLite: $page_rps | $(calc %.2f "$(get pgpage_rps) / $page_rps")× | | | a second stack, \`STACK_DB=pg tools/stack.sh init $B/pages-pg --demo\` (PostgreSQL 15 of \`tests/pg/pgtmp.sh\` in it), same wrk command, rounds interleaved with the SQLite page's |
| CA管理 page on PostgreSQL, latency p50 / p99, ms | $(get pgpage_p50_ms) / $(get pgpage_p99_ms) | SQLite: $(get page_p50_ms) / $(get page_p99_ms) | $(calc %.2f "$(get page_p50_ms) / $(get pgpage_p50_ms)")× / $(calc %.2f "$(get page_p99_ms) / $(get pgpage_p99_ms)")× | | | same runs |
| CA管理 page, CPU per request, ms: workers + nginx + PostgreSQL | $(get pgpage_webd_ms) + $(get pgpage_nginx_ms) + $(get pgpage_pg_ms) | SQLite: $(get page_webd_ms) + $(get page_nginx_ms) | | | | /proc of each process, best runs |
EOF
	fi
fi
for n in $SIZES; do
	h=$(human "$n")
	os=$(get "ours_s_$n")
	ps=$(get "ossl_s_$n")
	ok=$(get "ours_kb_$n")
	pk=$(get "ossl_kb_$n")
	tt=""; tm=""; mt=""; mm=""
	if [ "$n" = "$BIGN" ] && [ "$n" = 1000000 ]; then
		tt="≥ 10× openssl"; mt=$big_ok
		tm="< 100 MiB"; mm=$mem_ok
	fi
	cat <<EOF
| CRL of $h revoked: store → signed DER + PEM published, s (best of $REPS) | $os | \`openssl ca -gencrl\`: $ps | $(calc %.1f "$ps / $os")× | $tt | $mt | \`build/bench/storefill $B/crl-$n/ca/ca.db $n $B/crl-$n/index.txt\`, \`build/bin/cad -c $B/crl-$n/ca -s S\`, then \`build/bench/crltime S $B/crl-$n/cad.log\`; peer: \`/usr/bin/time -f '%e %M' openssl ca -gencrl -config $B/crl-$n/openssl/openssl.cnf -out crl.pem\` |
| CRL of $h revoked: peak memory, MiB | $(mib "$ok") | \`openssl ca -gencrl\`: $(mib "$pk") | $(calc %.1f "$pk / $ok")× | $tm | $mm | cad's VmHWM, reset (\`/proc/PID/clear_refs\`) before each CRL; GNU time's %M |
| CRL of $h revoked: encoder + publish alone (\`crlgen\`), s / MiB | $(get "gen_s_$n") / $(mib "$(get "gen_kb_$n")") | \`openssl ca -gencrl\`: $ps / $(mib "$pk") | $(calc %.1f "$ps / $(get "gen_s_$n")")× / $(calc %.1f "$pk / $(get "gen_kb_$n")")× | | | \`build/bench/crlgen $n DIR\` |
EOF
done
if [ -n "$(get sm2crl_s)" ]; then
	n=$(get sm2crl_n)
	os=$(get "ours_s_$n")
	cat <<EOF
| SM2 CRL of $(human "$n") revoked (SM2-with-SM3 with the ID): store → signed DER + PEM published, s (best of $REPS) | $(get sm2crl_s) | ca-reissue, P-256 CA: ${os:-not measured} | $( [ -n "$os" ] && calc %.2f "$os / $(get sm2crl_s)")× | | | \`build/bin/cactl init --algo sm2 $B/sm2/crl\`, \`build/bench/storefill $B/sm2/crl/ca.db $n IDX\`, \`build/bin/cad -c $B/sm2/crl -s S\`, then \`build/bench/crltime S $B/sm2/crl/cad.log\` (\`tests/bench/sm2bench.sh\`); all runs: $(get sm2crl_all) |
EOF
fi

if [ -n "$(get notice_all_p50)" ]; then
	cat <<EOF
| Revocation → new CRL published, ms, p50 / p99 over $(get notice_n) | $(get notice_crl_p50) / $(get notice_crl_p99) | (the reference for the next row) | | | | \`tests/bench/noticebench.sh $B\`: a \`tools/stack.sh\` instance in \`$B/notice\`, certificates linked to the five demo platforms, \`cactl revoke\` one at a time, polling the CRL file's mtime (\`tests/bench/noticelat.py\`) |
| Revocation → all five platforms notified, ms, p50 / p99 over $(get notice_n) | $(get notice_all_p50) / $(get notice_all_p99) | CRL publication: $(get notice_crl_p50) / $(get notice_crl_p99) | $(calc %.2f "$(get notice_crl_p50) / $(get notice_all_p50)")× / $(calc %.2f "$(get notice_crl_p99) / $(get notice_all_p99)")× | within seconds | $(yesno "$(get notice_all_p99) < 5000") | same runs: signed notice queued in the revocation's transaction, delivered by canotify, verified (CMS, pinned signer, MAC), deduplicated and fsync'd by each platform's reference receiver before its 200 |
EOF
fi

if [ -n "$(get shard_delta_ms)" ]; then
	sn=$(human "$(get shard_revoked)")
	cat <<EOF
| Per revocation with $sn revoked, 256 shards: full CRL republished, ms (median of $(get shard_reps)) / its size | $(get shard_full_ms) / $(calc %.1f "$(get shard_full_bytes) / 1048576") MiB | (the reference: one CRL for all) | | | | \`tests/bench/shardbench.sh $B $(get shard_revoked)\`: \`cactl init --crl-shards 256\`, storefill, cad; \`cactl revoke\`, timed to each file's change (\`tests/bench/shardlat.py\`) |
| Per revocation, same store: the shard's delta CRL, ms / size | $(get shard_delta_ms) / $(get shard_delta_bytes) bytes | full CRL: $(get shard_full_ms) ms / $(calc %.1f "$(get shard_full_bytes) / 1048576") MiB | $(calc %.0f "$(get shard_full_ms) / $(get shard_delta_ms)")× / $(calc %.0f "$(get shard_full_bytes) / $(get shard_delta_bytes)")× | a few hundred KB at most | $(yesno "$(get shard_base_bytes) < 524288") | a platform downloads its shard's base once ($(calc %.0f "$(get shard_base_bytes) / 1024") KiB) and then only deltas |
| A lifted hold, same store: the shard's base CRL rebuilt, ms / size | $(get shard_base_ms) / $(calc %.0f "$(get shard_base_bytes) / 1024") KiB | full CRL: $(get shard_full_ms) ms / $(calc %.1f "$(get shard_full_bytes) / 1048576") MiB | $(calc %.0f "$(get shard_full_ms) / $(get shard_base_ms)")× / $(calc %.0f "$(get shard_full_bytes) / $(get shard_base_bytes)")× | | | \`cactl revoke --reason certificateHold\`, then \`cactl unhold\`, timed to the base file's change |
EOF
fi

echo
echo "## Targets"
echo
if [ "$rate_ok" = "**yes**" ]; then
	echo "- Issuance: met, ${rate_x}× cfssl."
else
	echo "- **Issuance: target missed.** The daemon issued $ours_rate" \
	    "certificates/s, ${rate_x}× cfssl's $cfssl_rate (target 1.2×)."
fi
if [ "$p99_ok" = "**yes**" ]; then
	echo "- Issuance p99: met, $(get ours_p99) ms."
else
	echo "- **Issuance p99: target missed.** $(get ours_p99) ms with" \
	    "$CONNS clients; cfssl's was $(get cfssl_p99) ms" \
	    "(target < 10 ms; with one request outstanding per" \
	    "client, p99 under 10 ms needs well over $((CONNS * 100))" \
	    "certificates/s)."
fi
if [ "$BIGN" = 1000000 ]; then
	if [ "$big_ok" = "**yes**" ]; then
		echo "- 1M-entry CRL time: met, ${big_x}× faster than openssl."
	else
		echo "- **1M-entry CRL time: target missed.** The daemon took" \
		    "$big_s s, ${big_x}× faster than \`openssl ca -gencrl\`" \
		    "($(get ossl_s_1000000) s); the target is 10×." \
		    "The encoder and publication alone (crlgen) took" \
		    "$(get gen_s_1000000) s; the daemon also reads the rows" \
		    "from the store (on a second thread, alongside the" \
		    "encoding) and commits the CRL number (see the profile)."
	fi
	if [ "$mem_ok" = "**yes**" ]; then
		echo "- 1M-entry CRL peak memory: met, $(mib "$big_kb") MiB."
	else
		echo "- **1M-entry CRL peak memory: target missed:**" \
		    "$(mib "$big_kb") MiB (target < 100 MiB)."
	fi
else
	echo "- The CRL targets are for 1M entries, which this run left out."
fi
if [ -n "$page_rps" ]; then
	if [ "$page_ok" = "**yes**" ]; then
		echo "- CA管理 page throughput: met, ${page_x}× the static file."
	else
		echo "- **CA管理 page throughput: target missed.** $page_rps" \
		    "requests/s, ${page_x}× the static file's" \
		    "$(get static_rps) (target 0.25×); see \"Where a worker's" \
		    "time goes\"."
	fi
	if [ "$page_p99_ok" = "**yes**" ]; then
		echo "- CA管理 page p99: met, $(get page_p99_ms) ms."
	else
		echo "- **CA管理 page p99: target missed.** $(get page_p99_ms)" \
		    "ms at $CONNS connections (target < 15 ms)."
	fi
fi

if [ -n "$(get keyproc_before_ref)" ]; then
	echo
	keyproc_section
fi
if [ -n "$(get eng_lite_rate)" ]; then
	echo
	engines_section
fi
if [ -n "$(get ocsp_get_ours_rate)" ]; then
	echo
	ocsp_section
fi

cat <<EOF

## What is compared, and how fair it is

- **Issuance.** Each of cad's replies is sent only after the certificate,
  its platform link and its audit record are committed (SQLite WAL,
  \`synchronous=FULL\`; requests that arrive together share one COMMIT).
  \`cfssl serve\` here has no database configured, so it stores nothing and
  syncs nothing; \`openssl ca\` appends to index.txt without fsync.  All
  three sign with the same P-256 issuing key (exported unencrypted for the
  peers) and get the same $(get keys) P-256 CSRs; certificates carry the same
  extensions (keyUsage, extKeyUsage, SKI, AKI, CRL DP, AIA).  Clients run on
  the same $(nproc) cores as the servers.  Both load generators keep one
  request outstanding per connection; issuebench counts replies that arrive
  in the ${SECS}-s window after a 2-s warm-up (wrk gets a 2-s warm-up run
  too).  Checked: $(get ours_certs) daemon replies, $(get ours_errors) errors,
  one certificate verified with \`openssl verify\`; cfssl: $(get cfssl_requests)
  replies, $(get cfssl_bad) not 200 with \`"success":true\`.  cad used
  $(get ours_cpu)% of one core during its run (all its threads: main,
  signers, store, checkpointer; 100% = one core).
- **CRL.** storefill puts N revoked certificates into the daemon's own
  store through ca/castore.c (serials inserted in ascending order, which
  leaves SQLite's pages fuller than random inserts would) and writes the
  same N revocations (dates, reasons, invalidity dates) as openssl's
  index.txt.  The daemon's time runs from the PROTO_CRL request (what
  \`cactl crl\` sends) to its "published CRL #K" log line: CRL-number
  transaction, store query, encoding, signing, and both files written,
  fsync'd and renamed.  \`openssl ca -gencrl\` reads index.txt and writes
  one PEM file, no fsync.  Same key and extensions (AKI, CRL number,
  reasons, invalidity dates).$( [ "$(get same_10000)" = yes ] &&
  echo "  At 10k entries the two CRLs list exactly the same entries" \
  "(\`openssl crl -text\` compared); the daemon's CRLs verify against its" \
  "chain at every size.")
  Every run, in seconds (daemon / openssl):$(for n in $SIZES; do
  printf ' %s: %s/ %s;' "$(human "$n")" "$(get "ours_all_$n")" \
  "$(get "ossl_all_$n")"; done)
  Store fill (not timed as part of the CRL):$(for n in $SIZES; do
  printf ' %s in %s s;' "$(human "$n")" "$(get "fill_s_$n")"; done)
  daemon start-up, which publishes one CRL too:$(for n in $SIZES; do
  printf ' %s in %s s;' "$(human "$n")" "$(get "start_s_$n")"; done)
  DER sizes:$(for n in $SIZES; do
  printf ' %s %s bytes;' "$(human "$n")" "$(get "ours_bytes_$n")"; done)
EOF

if [ -f "$RUN/profile-issue.txt" ]; then
	cat <<EOF

## Where cad's time goes

\`perf record --call-graph dwarf\` on cad, run after the measurements
(\`tests/bench/perfsum.py\` sums the samples: "inclusive" counts a sample
once for every function on its stack; "calls into libraries" charges
OpenSSL's and SQLite's time to the ca/ function that called them).

During issuance ($CONNS clients, 5 s):

\`\`\`
$(cat "$RUN/profile-issue.txt")
\`\`\`

During a forced CRL of $(human "$BIGN") entries:

\`\`\`
$(cat "$RUN/profile-crl.txt")
\`\`\`
EOF
else
	echo
	echo "(No profile: perf could not record on this machine.)"
fi

if [ -n "$page_rps" ]; then
	cat <<EOF

## Pages: what is compared

- **CA管理 against a static file.** One stack (\`tools/stack.sh\`: cad,
  webd with $(get page_workers) workers = \`nproc\`, nginx) with the demo
  data; 张演示 (13900000001, 管理员 of company A) logs in once with curl and
  every wrk request carries that session cookie, so each one loads and
  checks the session, the identity and the scope, counts and reads 20
  certificates (and their open orders) from SQLite, builds the XML
  document and renders it through the parsed XSLT stylesheet.  Every
  reply was checked: $(get page_requests) page replies, $(get page_bad) not
  200 with "共 20 条", $(get page_errors) socket errors; static:
  $(get static_requests) replies, $(get static_bad) not 200.  The peer is a
  file of exactly the page's $(get page_bytes) bytes served by the same
  nginx server block (\`location /bench-static/\`), so TLS, keep-alive
  and the security headers are the same; only the FastCGI hop and the
  worker differ.  nginx keeps its FastCGI connections open
  (\`fastcgi_keep_conn\`, upstream \`keepalive 16\`; each worker polls
  the connections it holds, \`fcgi/worker.c\`).  wrk (2 threads) runs on the
  same $(nproc) cores.  Every run (static then page, ${SECS:-10} s each,
  after a warm-up): static: $(get static_all) page: $(get page_all)
  CPU per request in the best runs: workers $(get page_webd_ms) ms, nginx
  $(get page_nginx_ms) ms for the page; nginx $(get static_nginx_ms) ms for
  the static file.  Load average (1 min) at the end of the best runs:
  static $(get static_load), page $(get page_load) (other work shares
  this machine).
EOF
	if [ -n "$(get pgpage_rps)" ]; then
		cat <<EOF
- **The same page on PostgreSQL** (issue 20 item 5). A second stack,
  the same demo data and 20 certificates, its app database in a
  PostgreSQL 15 of \`tests/pg/pgtmp.sh\` on 127.0.0.1 (TCP, one
  connection per worker), measured in the same rounds as the SQLite page
  (static, page, page on PostgreSQL): $(get pgpage_all) Every statement
  is a round trip to the server, and a writer takes an advisory lock
  where SQLite takes a lock in-process (\`fcgi/db/engpg.c\`); the
  server's own CPU per page was $(get pgpage_pg_ms) ms.
EOF
	fi
fi
if [ -f "$RUN/profile-page.txt" ]; then
	cat <<EOF

## Where a worker's time goes

\`perf record --call-graph dwarf\` on one webd worker during 5 s of the
CA管理 page at $CONNS connections, summed by
\`tests/bench/perfsum.py 14 webd\` (same columns as for cad above).

\`\`\`
$(cat "$RUN/profile-page.txt")
\`\`\`
EOF
fi
xslt_pct=""
if [ -f "$RUN/profile-page.txt" ]; then
	xslt_pct=$(sed -n 's/^ *\([0-9.]*\)%  render_page -> \[unknown\] \[libxslt.*/\1/p' \
	    "$RUN/profile-page.txt" | head -1)
fi
if [ -n "$page_rps" ] && [ -n "$xslt_pct" ]; then
	srps=$(get static_rps)
	budget=$(calc %.3f "$(nproc) * 1000 / (0.25 * $srps)")
	cat <<EOF

## What 0.25× of the static file would leave a page

At 0.25× the static file's rate ($(calc %.0f "0.25 * $srps") pages/s)
the $(nproc) cores would have $budget ms of CPU for each page, for
everything on the machine: nginx (TLS and the FastCGI hop:
$(get page_nginx_ms) ms a page in the best run), wrk, which runs on the same
cores, and the worker.  The worker used $(get page_webd_ms) ms a page, and
libxslt's transform of the page's document alone took ${xslt_pct}% of that
($(calc %.3f "$xslt_pct / 100 * $(get page_webd_ms)") ms; the profile
above).  The stylesheets and the worker were tuned against it (README,
"These design decisions come from profiling the CA管理 page"); what is
left is the transform itself, which the house style keeps as the one way
HTML is made.
EOF
fi
SOAK=${SOAK_RESULTS:-build/soak/results}
if [ -f "$SOAK" ]; then
	sget() { sed -n "s/^$1=//p" "$SOAK" | tail -1; }
	cat <<EOF

## Soak

Written by \`$(sget cmd)\` ($(sget date)): $(sget secs) s of mixed
traffic from $(sget clients) (concurrent clients) against a fresh stack
($(sget workers) workers), then $(sget lsan_requests) requests of the same
applicants' traffic in $(sget lsan_secs) s against one worker built with
AddressSanitizer/LeakSanitizer (\`build-san\`), stopped with SIGTERM so that
it exits normally and LeakSanitizer checks it.  $(sget orders) 补办 orders
were submitted and paid through the sandbox cashier (notifications through
the ticker); unpaid at the end: $(sget unpaid).  Result: **$(sget verdict)**.

| measure | figure |
|---|---|
$(sed -n 's/^kind_\([^=]*\)=\(.*\)$/| requests: \1 | \2 |/p' "$SOAK")
| requests in all | $(sget total) |
| responses other than 2xx/3xx (must be 0) | $(sget bad) |
$(sed -n 's/^rss_\([^=]*\)=\(.*\)$/| worker \1 RSS (VmRSS), KiB | \2 |/p' "$SOAK")
| LeakSanitizer worker (build-san): requests, leak reports (must be 0) | $(sget lsan_requests), $(sget lsan_reports) |

Non-2xx/3xx responses or unpaid orders, if any: $(sget bad_detail)$(sget workers_restarted).
The soak driver is \`tests/bench/soak.sh\` (one shell + curl loop per
client; see its header for the mix); its files stay in \`build/soak/\`.
EOF
fi
