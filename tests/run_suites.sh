#!/bin/sh
# run_suites.sh LANES LABEL SUITE...: runs the test suites, LANES of them
# at a time (make check's sanitizer pass runs two: its suites spend much
# of their time waiting on servers, so two share the machine's cores).
# Each lane takes the next suite not yet started, in the order given, so
# list the longest first.  A suite's output is printed whole when it
# ends, never interleaved with another's:
#
#	== SUITE LABEL        when it starts
#	   (its output)       when it ends
#	-- N s SUITE          how long it took
#
# Once a suite fails no lane starts another; the status is 1 if any
# failed.  The suites get this script's environment.
set -u
[ $# -ge 2 ] || { echo "usage: run_suites.sh LANES LABEL SUITE..." >&2; exit 2; }
lanes=$1
label=$2
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/careissue-suites-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
for t in "$@"; do
	echo "$t"
done > "$tmp/list"
echo 0 > "$tmp/next"

# Under the lock: the next suite's number, counted from 1.
take() {
	flock "$tmp/lock" sh -c 'n=$(( $(cat "$1") + 1 )); echo "$n" > "$1";
	    echo "$n"' take "$tmp/next"
}

lane() {
	while [ ! -f "$tmp/failed" ]; do
		n=$(take)
		t=$(sed -n "${n}p" "$tmp/list")
		[ -n "$t" ] || return 0
		flock "$tmp/lock" echo "== $t$label"
		s=$(date +%s)
		rc=0
		"$t" > "$tmp/out.$n" 2>&1 || rc=$?
		flock "$tmp/lock" sh -c 'cat "$1"; echo "-- $2 s $3"' out \
		    "$tmp/out.$n" "$(( $(date +%s) - s ))" "$t"
		if [ "$rc" -ne 0 ]; then
			flock "$tmp/lock" echo "!! $t failed (exit status $rc)"
			: > "$tmp/failed"
		fi
	done
}

i=0
while [ "$i" -lt "$lanes" ]; do
	lane &
	i=$((i + 1))
done
wait
[ ! -f "$tmp/failed" ]
