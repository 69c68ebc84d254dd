#!/bin/sh
# bench.sh: what `make bench` runs after building: every measurement of
# issue 3 item 9, in one go, on this machine, each next to its peer
# measured in the same run, then BENCHMARKS.md rewritten with the results.
#
#   (a) issuance: certificates/s and p50/p99 latency through cad (a fresh
#       P-256 CA, issuebench: 32 client processes, PROTO_ISSUE, each reply
#       sent after the group COMMIT) against `cfssl serve`'s sign endpoint
#       (same CA key, wrk + post.lua, 32 connections) and against
#       `openssl ca` run once per certificate.  Then the same issuance
#       before the key process (f760750^: cad signing with the CA key
#       itself) and with it (this tree: cad + casign), interleaved rounds
#       with the same client and requests (keyprocbench.sh).  And an
#       open loop at half of cad's measured peak (issuebench -r: requests
#       on a schedule, latency from when each was due), p50/p99.
#   (b) CRL: a store with N revoked certificates (storefill), the time and
#       peak memory of the daemon publishing a forced CRL (crltime; peak =
#       VmHWM, reset just before), against `openssl ca -gencrl` over an
#       index.txt with the same N revocations (GNU time); plus the encoder
#       alone (crlgen).  N = 10k, 100k, 1M; the best of BENCH_REPS runs
#       on both sides (other tenants of a shared VM only ever add time).
#   (c) a perf profile of cad during (a) and during the 1M CRL, summed
#       per ca/ function by perfsum.py (skipped if perf cannot record).
#   (e) OCSP (ocspbench.sh; issue 16 item 5): a whole stack (nginx,
#       webd, cad -O -G with 100k revoked certificates in its store)
#       against `openssl ocsp -index -multi 2` over the same entries, same
#       requests and responder key, wrk -t2 -c32 over keep-alive,
#       interleaved rounds: the GET of a pre-signed response (RFC 5019,
#       the file nginx serves) and the POST the workers answer live;
#       100 revocations, each to nginx serving the pre-signed "revoked";
#       the time of cad's sweep that signs every response, for 100k and
#       1M certificates (300k if 1M would not fit in 10 minutes and
#       6 GB).
#   (f) notices (noticebench.sh): 100 revocations of certificates linked to
#       the five demo platforms; from `cactl revoke` to the new CRL file
#       and to the fifth platform's acceptance of the signed notice
#       (verified, deduplicated, fsync'd by the reference receiver).
#   (g) partitioned CRLs (shardbench.sh): the largest N revoked, a CA with
#       256 shards; per revocation, the time to its shard's delta and to
#       the full CRL, and (a lifted hold) to its shard's base; the sizes.
#   (h) SM2 (sm2bench.sh): issuance and a 100k CRL of an SM2 CA (SM2-with-
#       SM3, ID 1234567812345678), set beside the P-256 figures of (a)
#       and (b): same clients, durations and store.
#   (i) engines (enginebench.sh, issue 20 item 5): issuance from a CA
#       whose store is in SQLite and one whose store is in PostgreSQL,
#       closed loop and open loop at half of SQLite's peak, p50/p99.
#   (d) pages (pagebench.sh): a logged-in CA管理 page with 20 certificates
#       through nginx over HTTPS keep-alive against a static file of the
#       same size on the same server, wrk, same run; the same page from a
#       second stack whose app database is in PostgreSQL, in the same
#       rounds; a profile of a worker.
#
# Everything lives in build/bench/run/ (removed and made anew); nothing
# else is touched.  Environment: BINDIR, BENCHBIN (where make put the
# programs), BENCH_SECS (10), BENCH_CONNS (32), BENCH_CRL_SIZES
# ("10000 100000 1000000"), BENCH_REPS (3), BENCH_OUT (BENCHMARKS.md),
# and keyprocbench.sh's BENCH_KEYPROC_* (its header).
#
# BENCH_ONLY=keyproc runs only keyprocbench.sh (about 2 minutes), in
# build/bench/keyproc-only/ (build/bench/run/, a full run's, is left
# alone), and puts its section in place of its namesake in BENCH_OUT,
# whose other sections (the last full run's figures) stay as they are.
# BENCH_ONLY=ocsp does the same with ocspbench.sh (its section "OCSP";
# 10 to 20 minutes, most of it the 1M sweep), in build/bench/ocsp-only/.
# BENCH_ONLY=engines: enginebench.sh and pagebench.sh (section
# "PostgreSQL beside SQLite", about 5 minutes), in build/bench/engines-only/.
set -eu

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BINDIR=${BINDIR:-$TOP/build/bin}
BENCHBIN=${BENCHBIN:-$TOP/build/bench}
SECS=${BENCH_SECS:-10}
CONNS=${BENCH_CONNS:-32}
SIZES=${BENCH_CRL_SIZES:-10000 100000 1000000}
REPS=${BENCH_REPS:-3}
OUT=${BENCH_OUT:-$TOP/BENCHMARKS.md}
WARM=2
KEYS=64
OSSL_N=100
RUN=$TOP/build/bench/run
R=$RUN/results		# key=value lines, read back for the report

PIDS=""
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT INT TERM

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }
put() { echo "$1=$2" >> "$R"; }
get() { sed -n "s/^$1=//p" "$R" | tail -1; }
# Value of key K in a "k=v k=v" line.
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
now() { date +%s.%N; }
minof() { sort -g | head -1; }
maxof() { sort -g | tail -1; }
calc() { awk "BEGIN {printf \"$1\", $2}"; }

# Waits up to $2 tenths of a second for command $1 to succeed.
wait_for() {
	i=0
	while ! eval "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge "$2" ] && return 1
		sleep 0.1
	done
}

# start_cad CADIR SOCK LOG: starts cad, sets CAD_PID, waits for the socket.
start_cad() {
	rm -f "$2"
	"$BINDIR/cad" -c "$1" -s "$2" > "$3" 2>&1 &
	CAD_PID=$!
	PIDS="$PIDS $CAD_PID"
	wait_for "[ -S '$2' ]" 3000 || { tail -5 "$3" >&2; die "cad did not start"; }
}

stop_pid() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

hwm_kb() {
	sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"
}

# splice SECTION FILE: FILE with SECTION (a file starting with its "## "
# heading) in place of the section of that heading, or, if it has none,
# before "What is compared" (or at the end); to standard output.
splice() {
	awk -v sec="$1" '
	function put_sec(  l) {
		while ((getline l < sec) > 0)
			print l
		close(sec)
		done = 1
	}
	NR == 1 { getline head < sec; close(sec) }
	$0 == head { put_sec(); print ""; skip = 1; next }
	skip && /^## / { skip = 0 }
	!done && $0 == "## What is compared, and how fair it is" {
		put_sec(); print ""
	}
	!skip { print }
	END { if (!done) { print ""; put_sec() } }' "$2"
}

if [ -n "${BENCH_ONLY:-}" ]; then
	case $BENCH_ONLY in
	keyproc|ocsp|engines) ;;
	*) die "BENCH_ONLY=$BENCH_ONLY: only keyproc, ocsp or engines can \
run alone" ;;
	esac
	K=$TOP/build/bench/$BENCH_ONLY-only
	rm -rf "$K"
	mkdir -p "$K"
	: > "$K/results"
	# For the report: how this was run (make sets MAKELEVEL).
	how="tests/bench/bench.sh"
	[ -n "${MAKELEVEL:-}" ] && how="make bench"
	if [ "$BENCH_ONLY" = keyproc ]; then
		KEYPROC_CMD="BENCH_ONLY=keyproc $how" BINDIR=$BINDIR \
		    BENCHBIN=$BENCHBIN "$TOP/tests/bench/keyprocbench.sh" \
		    "$K" "$K/results" || die "keyprocbench.sh failed"
	elif [ "$BENCH_ONLY" = engines ]; then
		ENGINE_CMD="BENCH_ONLY=engines $how" BENCH_SECS=$SECS \
		    BENCH_CONNS=$CONNS BINDIR=$BINDIR BENCHBIN=$BENCHBIN \
		    "$TOP/tests/bench/enginebench.sh" "$K" "$K/results" ||
		    die "enginebench.sh failed"
		echo "conns=$CONNS" >> "$K/results"
		BENCH_SECS=$SECS BENCH_CONNS=$CONNS BENCH_WARM=$WARM \
		    BINDIR=$BINDIR "$TOP/tests/bench/pagebench.sh" "$K" \
		    "$K/results" || die "pagebench.sh failed"
	else
		[ -x "$BENCHBIN/storefill" ] ||
		    die "$BENCHBIN/storefill missing: run make bench"
		OCSP_CMD="BENCH_ONLY=ocsp $how" BENCH_SECS=$SECS \
		    BENCH_CONNS=$CONNS BINDIR=$BINDIR BENCHBIN=$BENCHBIN \
		    "$TOP/tests/bench/ocspbench.sh" "$K" "$K/results" ||
		    die "ocspbench.sh failed"
	fi
	"$TOP/tests/bench/report.sh" "--$BENCH_ONLY" "$K/results" \
	    > "$K/section.md"
	if [ -f "$OUT" ]; then
		splice "$K/section.md" "$OUT" > "$OUT.tmp"
	else
		{ echo "# Benchmarks"; echo; cat "$K/section.md"; } > "$OUT.tmp"
	fi
	mv "$OUT.tmp" "$OUT"
	say "wrote its section in $OUT"
	cat "$K/section.md"
	exit 0
fi

for p in cad cactl; do
	[ -x "$BINDIR/$p" ] || die "$BINDIR/$p missing: run make first"
done
for p in issuebench storefill crltime crlgen; do
	[ -x "$BENCHBIN/$p" ] || die "$BENCHBIN/$p missing: run make bench"
done
for p in cfssl wrk openssl /usr/bin/time; do
	command -v "$p" >/dev/null || die "$p missing: run make bench"
done

rm -rf "$RUN"
mkdir -p "$RUN/csr"
: > "$R"
T0=$(now)
put secs "$SECS"
put conns "$CONNS"
put reps "$REPS"
put sizes "$SIZES"
put keys "$KEYS"
export CA_PASSPHRASE_FILE="$RUN/ca.pass"
(umask 077; openssl rand -base64 32 > "$CA_PASSPHRASE_FILE")

# ---- (a) issuance ----------------------------------------------------------
say "issuance: a P-256 CA, cad, $CONNS connections for ${SECS}s"
"$BINDIR/cactl" init --base-url http://127.0.0.1:18080 "$RUN/ca" >/dev/null
start_cad "$RUN/ca" "$RUN/cad.sock" "$RUN/cad.log"
CPU0=$(awk '{print $14 + $15}' "/proc/$CAD_PID/stat")
line=$("$BENCHBIN/issuebench" -s "$RUN/cad.sock" -c "$CONNS" -d "$SECS" \
    -w "$WARM" -k "$KEYS" -P "$RUN/csr" -o "$RUN/one.der") ||
    die "issuebench failed: $line"
CPU1=$(awk '{print $14 + $15}' "/proc/$CAD_PID/stat")
echo "issuebench: $line" >&2
# Open loop at half that peak (issue 20 item 5): requests sent on a
# schedule, each latency counted from when it was due.
half=$(calc %.0f "$(field certs_per_s "$line") / 2")
say "issuance: open loop at $half/s (half the peak), $CONNS connections"
ol=$("$BENCHBIN/issuebench" -s "$RUN/cad.sock" -c "$CONNS" -d "$SECS" \
    -w "$WARM" -k "$KEYS" -R "$RUN/csr" -r "$half") ||
    die "issuebench -r failed: $ol"
echo "issuebench -r: $ol" >&2
put open_offered "$half"
put open_rate "$(field certs_per_s "$ol")"
put open_p50 "$(field p50_ms "$ol")"
put open_p99 "$(field p99_ms "$ol")"
stop_pid "$CAD_PID"
put ours_rate "$(field certs_per_s "$line")"
put ours_p50 "$(field p50_ms "$line")"
put ours_p99 "$(field p99_ms "$line")"
put ours_certs "$(field certs "$line")"
put ours_errors "$(field errors "$line")"
put ours_cpu "$(calc %.0f "($CPU1 - $CPU0) / ($SECS + $WARM + 0.6)")"
openssl x509 -inform DER -in "$RUN/one.der" -out "$RUN/one.pem"
openssl verify -CAfile "$RUN/ca/chain.pem" "$RUN/one.pem" >/dev/null ||
    die "the daemon's certificate does not verify"

# Peers get the same issuing key, unencrypted, and the same CSRs.
openssl ec -in "$RUN/ca/private/ca.key" -passin "file:$CA_PASSPHRASE_FILE" \
    -out "$RUN/ca-key.pem" 2>/dev/null
chmod 600 "$RUN/ca-key.pem"

say "issuance: cfssl serve, wrk -t2 -c$CONNS -d${SECS}s"
cat > "$RUN/cfssl.json" <<'EOF'
{"signing": {"default": {"expiry": "26280h",
  "usages": ["digital signature", "content commitment", "key agreement",
             "client auth", "email protection"],
  "crl_url": "http://127.0.0.1:18080/crl/issuing-ca.crl",
  "issuer_urls": ["http://127.0.0.1:18080/crl/issuing-ca.crt"]}}}
EOF
CFSSL_PID=""
for port in $(seq 18801 18830); do
	: > "$RUN/cfssl.log"
	cfssl serve -address 127.0.0.1 -port "$port" -ca "$RUN/ca/ca.crt" \
	    -ca-key "$RUN/ca-key.pem" -config "$RUN/cfssl.json" \
	    > "$RUN/cfssl.log" 2>&1 &
	CFSSL_PID=$!
	PIDS="$PIDS $CFSSL_PID"
	# Listening, or gone (port taken): then try the next port.
	wait_for "grep -q 'Now listening' '$RUN/cfssl.log' ||
	    ! kill -0 $CFSSL_PID" 100 || true
	sleep 0.2
	kill -0 "$CFSSL_PID" 2>/dev/null &&
	    grep -q 'Now listening' "$RUN/cfssl.log" && break
	stop_pid "$CFSSL_PID"
	CFSSL_PID=""
done
[ -n "$CFSSL_PID" ] || die "cfssl serve did not start (see $RUN/cfssl.log)"
URL=http://127.0.0.1:$port/api/v1/cfssl/sign
awk 'BEGIN {printf "{\"certificate_request\": \""}
    {printf "%s\\n", $0} END {print "\"}"}' "$RUN/csr/csr-0.pem" \
    > "$RUN/one.json"
curl -s -X POST --data-binary "@$RUN/one.json" "$URL" > "$RUN/cfssl-one.json"
grep -q '"success":true' "$RUN/cfssl-one.json" ||
    die "cfssl refused the CSR: $(head -c 300 "$RUN/cfssl-one.json")"
# Warm-up as for cad, then the measured run.
wrk -t2 -c"$CONNS" -d"${WARM}s" -s "$TOP/tests/bench/post.lua" "$URL" -- \
    "$RUN"/csr/*.pem > /dev/null
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$TOP/tests/bench/post.lua" \
    "$URL" -- "$RUN"/csr/*.pem > "$RUN/wrk.txt"
stop_pid "$CFSSL_PID"
line=$(sed -n 's/^wrk: //p' "$RUN/wrk.txt")
[ -n "$line" ] || die "wrk gave no result (see $RUN/wrk.txt)"
echo "wrk: $line" >&2
put cfssl_rate "$(field rps "$line")"
put cfssl_p50 "$(field p50_ms "$line")"
put cfssl_p99 "$(field p99_ms "$line")"
put cfssl_requests "$(field requests "$line")"
put cfssl_bad "$(( $(field bad "$line") + $(field errors "$line") ))"
put cfssl_port "$port"

say "issuance: openssl ca, one process per certificate, $OSSL_N certificates"
O=$RUN/openssl-ca
mkdir -p "$O/certs"
: > "$O/index.txt"
echo 01 > "$O/crlnumber"
cat > "$O/openssl.cnf" <<EOF
[ ca ]
default_ca = bench

[ bench ]
database = $O/index.txt
new_certs_dir = $O/certs
certificate = $RUN/ca/ca.crt
private_key = $RUN/ca-key.pem
crlnumber = $O/crlnumber
rand_serial = yes
default_md = sha256
default_days = 1095
default_crl_days = 1
policy = policy_any
unique_subject = no
utf8 = yes
string_mask = utf8only
preserve = yes
x509_extensions = ee
crl_extensions = crl_ext

[ policy_any ]
countryName = optional
organizationName = optional
commonName = supplied
serialNumber = optional

[ ee ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation, keyAgreement
extendedKeyUsage = clientAuth, emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
crlDistributionPoints = URI:http://127.0.0.1:18080/crl/issuing-ca.crl
authorityInfoAccess = caIssuers;URI:http://127.0.0.1:18080/crl/issuing-ca.crt

[ crl_ext ]
authorityKeyIdentifier = keyid
EOF
t0=$(now)
i=0
while [ "$i" -lt "$OSSL_N" ]; do
	openssl ca -batch -config "$O/openssl.cnf" -notext \
	    -in "$RUN/csr/csr-$((i % KEYS)).pem" -out "$O/last.pem" \
	    2>> "$O/err.log" || die "openssl ca failed (see $O/err.log)"
	i=$((i + 1))
done
t1=$(now)
openssl verify -CAfile "$RUN/ca/chain.pem" "$O/last.pem" >/dev/null ||
    die "openssl ca's certificate does not verify"
put ossl_rate "$(calc %.1f "$OSSL_N / ($t1 - $t0)")"

# Before the key process and with it: the same issuance, same client and
# requests, interleaved rounds (keyprocbench.sh; issue 15 item 1).
KEYPROC_CMD="make bench" BINDIR=$BINDIR BENCHBIN=$BENCHBIN \
    "$TOP/tests/bench/keyprocbench.sh" "$RUN" "$R" ||
    die "keyprocbench.sh failed"

# ---- (b) CRLs --------------------------------------------------------------
# openssl ca -gencrl: same key, same entries; config without x509 parts.
for n in $SIZES; do
	say "CRL, $n revoked: fill the store"
	D=$RUN/crl-$n
	mkdir -p "$D"
	"$BINDIR/cactl" init --base-url http://127.0.0.1:18080 "$D/ca" \
	    >/dev/null
	line=$("$BENCHBIN/storefill" "$D/ca/ca.db" "$n" "$D/index.txt")
	put "fill_s_$n" "$(field seconds "$line")"

	say "CRL, $n revoked: cad start-up and $REPS forced CRLs"
	t0=$(now)
	start_cad "$D/ca" "$D/cad.sock" "$D/cad.log"
	t1=$(now)
	put "start_s_$n" "$(calc %.3f "$t1 - $t0")"
	: > "$D/times"
	: > "$D/hwm"
	k=0
	while [ "$k" -lt "$REPS" ]; do
		# Reset the peak so it belongs to this publication alone.
		echo 5 > "/proc/$CAD_PID/clear_refs" 2>/dev/null || true
		line=$("$BENCHBIN/crltime" "$D/cad.sock" "$D/cad.log") ||
		    die "forced CRL failed (see $D/cad.log)"
		field seconds "$line" >> "$D/times"
		hwm_kb "$CAD_PID" >> "$D/hwm"
		k=$((k + 1))
	done
	put "ours_s_$n" "$(minof < "$D/times")"
	put "ours_all_$n" "$(tr '\n' ' ' < "$D/times")"
	put "ours_kb_$n" "$(maxof < "$D/hwm")"
	put "ours_bytes_$n" "$(wc -c < "$D/ca/crl/issuing-ca.crl")"
	if [ "$n" = "$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)" ]; then
		BIG=$D
		BIG_N=$n
		BIG_PID=$CAD_PID	# kept for the profile below
	else
		stop_pid "$CAD_PID"
	fi
	openssl crl -inform DER -in "$D/ca/crl/issuing-ca.crl" \
	    -CAfile "$D/ca/chain.pem" -noout 2>/dev/null ||
	    die "the daemon's $n-entry CRL does not verify"

	say "CRL, $n revoked: openssl ca -gencrl x $REPS"
	mkdir -p "$D/openssl"
	sed -e "s|^database = .*|database = $D/index.txt|" \
	    -e "s|^certificate = .*|certificate = $D/ca/ca.crt|" \
	    -e "s|^private_key = .*|private_key = $D/ca-key.pem|" \
	    -e "s|^crlnumber = .*|crlnumber = $D/openssl/crlnumber|" \
	    -e "s|^new_certs_dir = .*|new_certs_dir = $D/openssl|" \
	    "$O/openssl.cnf" > "$D/openssl/openssl.cnf"
	openssl ec -in "$D/ca/private/ca.key" \
	    -passin "file:$CA_PASSPHRASE_FILE" -out "$D/ca-key.pem" 2>/dev/null
	echo 01 > "$D/openssl/crlnumber"
	: > "$D/otimes"
	: > "$D/okb"
	k=0
	while [ "$k" -lt "$REPS" ]; do
		/usr/bin/time -f "%e %M" -o "$D/openssl/time" \
		    openssl ca -gencrl -config "$D/openssl/openssl.cnf" \
		    -out "$D/openssl/crl.pem" 2> "$D/openssl/err.log" ||
		    die "openssl ca -gencrl failed (see $D/openssl/err.log)"
		tail -1 "$D/openssl/time" | awk '{print $1}' >> "$D/otimes"
		tail -1 "$D/openssl/time" | awk '{print $2}' >> "$D/okb"
		k=$((k + 1))
	done
	put "ossl_s_$n" "$(minof < "$D/otimes")"
	put "ossl_all_$n" "$(tr '\n' ' ' < "$D/otimes")"
	put "ossl_kb_$n" "$(maxof < "$D/okb")"

	# Same entries: compare the revoked lists of both CRLs (small N).
	if [ "$n" -le 20000 ]; then
		openssl crl -inform DER -in "$D/ca/crl/issuing-ca.crl" -noout \
		    -text | sed -n '/^Revoked/,/Signature Algorithm/p' \
		    > "$D/ours.txt"
		openssl crl -in "$D/openssl/crl.pem" -noout -text |
		    sed -n '/^Revoked/,/Signature Algorithm/p' > "$D/ossl.txt"
		cmp -s "$D/ours.txt" "$D/ossl.txt" ||
		    die "CRL entries differ from openssl's (see $D/*.txt)"
		put "same_$n" yes
	fi

	say "CRL, $n revoked: crlgen (encoder + publish alone)"
	mkdir -p "$D/crlgen"
	line=$("$BENCHBIN/crlgen" "$n" "$D/crlgen" 2>/dev/null)
	put "gen_s_$n" "$(field seconds "$line")"
	put "gen_kb_$n" "$(field maxrss_kb "$line")"
	rm -rf "$D/crlgen" "$D/openssl/crl.pem"
done

# ---- (c) profile -----------------------------------------------------------
PROF=""
if command -v perf >/dev/null && command -v python3 >/dev/null &&
    perf record -o "$RUN/probe.data" -- true >/dev/null 2>&1; then
	PROF=yes
	say "profile: cad during a forced CRL of $BIG_N entries"
	perf record --call-graph dwarf,16384 -F 499 -p "$BIG_PID" \
	    -o "$RUN/perf-crl.data" >/dev/null 2>&1 &
	PERF_PID=$!
	sleep 0.5
	"$BENCHBIN/crltime" "$BIG/cad.sock" "$BIG/cad.log" >/dev/null
	kill -INT "$PERF_PID"
	wait "$PERF_PID" || true
	stop_pid "$BIG_PID"
	perf script -i "$RUN/perf-crl.data" -F comm,ip,sym,dso 2>/dev/null |
	    python3 "$TOP/tests/bench/perfsum.py" 12 > "$RUN/profile-crl.txt"

	say "profile: cad during issuance (5 s)"
	start_cad "$RUN/ca" "$RUN/cad.sock" "$RUN/cad.log"
	perf record --call-graph dwarf,16384 -F 499 -p "$CAD_PID" \
	    -o "$RUN/perf-issue.data" >/dev/null 2>&1 &
	PERF_PID=$!
	"$BENCHBIN/issuebench" -s "$RUN/cad.sock" -c "$CONNS" -d 5 -w 1 \
	    -k "$KEYS" > /dev/null || true
	kill -INT "$PERF_PID"
	wait "$PERF_PID" || true
	stop_pid "$CAD_PID"
	perf script -i "$RUN/perf-issue.data" -F comm,ip,sym,dso 2>/dev/null |
	    python3 "$TOP/tests/bench/perfsum.py" 12 > "$RUN/profile-issue.txt"
	rm -f "$RUN"/*.data
else
	stop_pid "$BIG_PID"
fi
rm -f "$RUN/probe.data"
for n in $SIZES; do		# the stores are large; keep the logs
	rm -rf "$RUN/crl-$n/ca/ca.db" "$RUN/crl-$n/ca/ca.db-wal" \
	    "$RUN/crl-$n/index.txt" "$RUN/crl-$n/ca/crl"
done
# ---- (d) pages -------------------------------------------------------------
say "pages: CA管理 (20 certificates) against a static file of its size"
BENCH_SECS=$SECS BENCH_CONNS=$CONNS BENCH_WARM=$WARM BINDIR=$BINDIR \
    "$TOP/tests/bench/pagebench.sh" "$RUN" "$R" || die "pagebench.sh failed"

# ---- (i) the engines: issuance with the CA store in SQLite and in
# PostgreSQL (enginebench.sh; the page on each is pagebench.sh's) ----------
say "engines: issuance with the CA store in SQLite and in PostgreSQL"
ENGINE_CMD="make bench" BENCH_SECS=$SECS BENCH_CONNS=$CONNS BINDIR=$BINDIR \
    BENCHBIN=$BENCHBIN "$TOP/tests/bench/enginebench.sh" "$RUN" "$R" ||
    die "enginebench.sh failed"

# ---- (e) OCSP --------------------------------------------------------------
OCSP_CMD="make bench" BENCH_SECS=$SECS BENCH_CONNS=$CONNS BINDIR=$BINDIR \
    BENCHBIN=$BENCHBIN "$TOP/tests/bench/ocspbench.sh" "$RUN" "$R" ||
    die "ocspbench.sh failed"

# ---- (f) notices -----------------------------------------------------------
say "notices: revocation -> CRL -> five platforms, ${NOTICE_REVOCATIONS:-100} times"
BINDIR=$BINDIR "$TOP/tests/bench/noticebench.sh" "$RUN" >> "$R" ||
    die "noticebench.sh failed"

# ---- (g) partitioned and delta CRLs -----------------------------------------
BIGN=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
say "CRL shards: $BIGN revoked, 256 shards: full vs base vs delta"
BINDIR=$BINDIR BENCHBIN=$BENCHBIN "$TOP/tests/bench/shardbench.sh" "$RUN" \
    "$BIGN" >> "$R" || die "shardbench.sh failed"
rm -rf "$RUN/shard/ca/ca.db" "$RUN/shard/ca/ca.db-wal" "$RUN/shard/index.txt"

# ---- (h) SM2 ---------------------------------------------------------------
BENCH_SECS=$SECS BENCH_CONNS=$CONNS BENCH_REPS=$REPS BINDIR=$BINDIR \
    BENCHBIN=$BENCHBIN "$TOP/tests/bench/sm2bench.sh" "$RUN" "$R" ||
    die "sm2bench.sh failed"

T1=$(now)
put total_s "$(calc %.0f "$T1 - $T0")"

# ---- report ----------------------------------------------------------------
say "writing $OUT"
"$TOP/tests/bench/report.sh" "$R" "$RUN" > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
