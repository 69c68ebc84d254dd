#!/bin/sh
# check_man.sh: every man page in man/ is formatted by man-db (groff, its
# mdoc macros) with its warnings on, as Debian's lintian does, and by groff
# with all of them (-ww); any warning or error fails.  Also: every page the Makefile installs exists, and
# every program installed has its page.
#
#   sh tests/pkg/check_man.sh       (from the top of the tree)
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
fail=0
n=0
for f in man/*.[58]; do
	n=$((n + 1))
	out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
	    man --warnings -E UTF-8 -l -Tutf8 -Z "$f" 2>&1 >/dev/null) || {
		echo "FAIL: $f: man exited $?"; fail=1; }
	# and groff itself with every warning (-ww): man's --warnings
	# default turns on only some of them.
	ww=$(preconv -e UTF-8 "$f" | groff -mdoc -ww -z -Tutf8 2>&1)
	[ -z "$ww" ] || out="${out:+$out
}$ww"
	if [ -n "$out" ]; then
		echo "FAIL: $f:"
		echo "$out" | sed 's/^/    /'
		fail=1
	fi
	# The page's name matches its file.
	name=$(sed -n 's/^\.Dt \([^ ]*\) \([0-9]\)$/\1.\2/p' "$f" |
	    tr 'A-Z' 'a-z')
	[ "man/$name" = "$f" ] || { echo "FAIL: $f says .Dt $name"; fail=1; }
done
for p in cad casign cactl canotify webd webctl ca-reissue-setup; do
	[ -f "man/$p.8" ] || { echo "FAIL: no man/$p.8"; fail=1; }
done
[ -f man/ca-reissue.conf.5 ] || { echo "FAIL: no man/ca-reissue.conf.5"; fail=1; }
[ "$fail" = 0 ] || exit 1
echo "check_man: $n pages, no warnings"
