#!/bin/sh
# abshots.sh: the screenshots of two built trees, page by page (issue 19:
# "behaviour and pages unchanged (the browser screenshots compared)").
#
#   tests/browser/abshots.sh BEFORE_TREE AFTER_TREE OUTDIR
#
# BEFORE_TREE and AFTER_TREE are checkouts (e.g. git worktrees), each built
# with `make` and with the test binaries of the suites below
# (`make build/tests/check_pages ...`), and each with its own
# tests/browser/node_modules (`make browser-deps`).  For example:
#
#   git worktree add --detach /tmp/before bace75f
#   make -C /tmp/before -j2 all build/tests/check_pages ...
#   make -j2 all build/tests/check_pages ...
#   tests/browser/abshots.sh /tmp/before . /tmp/abshots
#
# Which suites: every tests/integ/check_*.c of AFTER_TREE that runs
# shots.js or journey.js (pages, orders, ops, invoicedesk, join, journey),
# or the names in AB_SUITES ("pages orders").  Each suite runs in each
# tree, one at a time, as that tree's own binary with its own programs,
# stylesheets and scripts (BINDIR=TREE/build/bin TOPDIR=TREE); the PNGs
# it leaves in TREE/tests/out/ (removed first there) are copied to
# OUTDIR/before/ and OUTDIR/after/ (tests/out/journey/NN-step-W.png as
# journey-NN-step-W.png).  A suite that fails or skips its screenshots is
# said on stderr and in the summary; its log is OUTDIR/log/SIDE-SUITE.log.
#
# Then each pair of the same name is compared with ImageMagick (`compare
# -metric AE`: the number of pixels that differ; AB_FUZZ, default 0%,
# lets colours that close count as the same).  OUTDIR/summary has a line
# per pair:
#
#   NAME WIDTH BEFORE_WxH AFTER_WxH PIXELS PERCENT VERDICT [BOX]
#
# VERDICT is "same" (0 pixels), "differs", "size" (the pages' heights or
# widths differ: a line more or less, PIXELS is "-"), or "only-before" /
# "only-after" (the other side took no such shot); BOX, for "differs", is
# the rectangle around every changed pixel (WxH+X+Y, from the top left of
# the page).  For every pair that is not the same, OUTDIR/sbs/NAME.png
# shows before | difference (changed pixels in red over the faded
# before) | after, side by side.
#
# How to read it: a count is not a verdict.  The demo stacks make fresh
# serial numbers, order numbers, 领取码 and times on every run, so pages
# that show them differ in a few small patches even between two runs of
# one tree; look at each sbs/ image: red only over such values is data,
# red over a label, a button, a column or a shifted block is a change of
# the page.  A value of another width can move a table's columns by a
# pixel or two (auto layout), and chromium's rounded corners and shadows
# now and then differ by one or two levels of colour in a pixel or two:
# neither is visible.  A pair of another size is always a change to look
# at.  A change of a suite's scenario between the trees differs too (since
# 65781ab the journey replaces another certificate at 390 px); to compare
# like with like, use as BEFORE_TREE a third worktree at the before
# commit with only that suite's files of the after tree (git checkout
# 65781ab -- tests/browser/journey.js tests/integ/check_journey.c), that
# suite built there (make build/tests/check_journey), its build/bin a
# link to the before tree's, and AB_SUITES=journey.
#
# Environment: AB_SUITES (the suites, default as above), AB_FUZZ (0%),
# AB_RUN=no (run nothing: compare OUTDIR/before/ and after/ again, e.g.
# with another AB_FUZZ).
# Output: OUTDIR/summary (also on standard output), OUTDIR/before/,
# OUTDIR/after/, OUTDIR/sbs/, OUTDIR/log/; progress on stderr.
set -eu

[ $# -eq 3 ] || { echo "usage: abshots.sh BEFORE_TREE AFTER_TREE OUTDIR" >&2;
    exit 2; }
B=$(cd "$1" && pwd)
A=$(cd "$2" && pwd)
mkdir -p "$3"
D=$(cd "$3" && pwd)
FUZZ=${AB_FUZZ:-0%}

say() { echo "abshots: $*" >&2; }
die() { say "$*"; exit 1; }
rev() { git -C "$1" log -1 --format='%h %cs' 2>/dev/null || echo "?"; }
tree_of() { if [ "$1" = before ]; then echo "$B"; else echo "$A"; fi; }

command -v compare >/dev/null 2>&1 ||
    die "ImageMagick's compare missing (apt-get install imagemagick)"
if [ -n "${AB_SUITES:-}" ]; then
	SUITES=$AB_SUITES
else
	SUITES=$(grep -l 'shots\.js\|journey\.js' "$A"/tests/integ/check_*.c |
	    sed 's|.*/check_\(.*\)\.c$|\1|' | tr '\n' ' ')
fi
[ -n "$SUITES" ] || die "no suite takes screenshots in $A/tests/integ"
for t in "$B" "$A"; do
	for p in cad cactl casign webd webctl; do
		[ -x "$t/build/bin/$p" ] || die "$t/build/bin/$p missing: make"
	done
	for s in $SUITES; do
		[ -x "$t/build/tests/check_$s" ] ||
		    die "$t/build/tests/check_$s missing:" \
		    "make build/tests/check_$s in $t"
	done
	[ -d "$t/tests/browser/node_modules/playwright-core" ] ||
	    die "$t/tests/browser/node_modules missing: make browser-deps in $t"
done

NOTES=$D/log/notes
if [ "${AB_RUN:-yes}" != no ]; then
	rm -rf "$D/before" "$D/after" "$D/log"
	mkdir -p "$D/before" "$D/after" "$D/log"
	: > "$NOTES"
fi
rm -rf "$D/sbs" "$D/diff"
mkdir -p "$D/sbs" "$D/diff"

# run_suite SIDE SUITE: the suite in that side's tree, its PNGs copied.
run_suite() {
	T=$(tree_of "$1")
	log=$D/log/$1-$2.log
	rm -f "$T"/tests/out/*.png "$T"/tests/out/journey/*.png
	say "$1: check_$2 ($T)"
	if (cd "$T" && BINDIR=$T/build/bin TOPDIR=$T \
	    "$T/build/tests/check_$2") > "$log" 2>&1; then
		:
	else
		say "$1: check_$2 failed (exit $?): $log"
		echo "$1 check_$2 failed: $log" >> "$NOTES"
	fi
	if grep -q 'screenshots skipped' "$log"; then
		say "$1: check_$2 skipped its screenshots: $log"
		echo "$1 check_$2 skipped its screenshots" >> "$NOTES"
	fi
	n=0
	for f in "$T"/tests/out/*.png "$T"/tests/out/journey/*.png; do
		[ -f "$f" ] || continue
		case $f in
		*/journey/*) cp "$f" "$D/$1/journey-${f##*/}" ;;
		*) cp "$f" "$D/$1/" ;;
		esac
		n=$((n + 1))
	done
	say "$1: check_$2 left $n screenshots"
}

if [ "${AB_RUN:-yes}" != no ]; then
	for s in $SUITES; do
		run_suite before "$s"
		run_suite after "$s"
	done
fi

# compare_one NAME: its summary line; sbs/NAME for a pair not the same.
compare_one() {
	n=$1
	w=$(echo "$n" | sed -n 's/.*-\([0-9][0-9]*\)\.png$/\1/p')
	b=$D/before/$n
	a=$D/after/$n
	sb=-
	sa=-
	[ -f "$b" ] && sb=$(identify -format '%wx%h' "$b")
	[ -f "$a" ] && sa=$(identify -format '%wx%h' "$a")
	if [ ! -f "$a" ]; then
		echo "$n ${w:--} $sb - - - only-before"
		return 0
	fi
	if [ ! -f "$b" ]; then
		echo "$n ${w:--} - $sa - - only-after"
		return 0
	fi
	if [ "$sb" != "$sa" ]; then
		convert "$b" "$a" -background '#808080' -gravity east \
		    -splice 8x0 -gravity north +append "$D/sbs/$n"
		echo "$n ${w:--} $sb $sa - - size"
		return 0
	fi
	# compare: 0 the same, 1 different, 2 trouble; the count on stderr.
	px=$(compare -metric AE -fuzz "$FUZZ" "$b" "$a" "$D/diff/$n" 2>&1 ||
	    true)
	px=$(echo "$px" | awk 'NR == 1 {print $1}')
	case $px in
	''|*[!0-9.e+]*) echo "$n ${w:--} $sb $sa ? ? error"; return 0 ;;
	esac
	pct=$(echo "$sb $px" | tr 'x' ' ' | awk '{
	    printf "%.4f", ($1 * $2 > 0 ? 100 * $3 / ($1 * $2) : 0) }')
	if [ "$px" = 0 ]; then
		rm -f "$D/diff/$n"
		echo "$n ${w:--} $sb $sa 0 0.0000 same"
		return 0
	fi
	convert "$b" "$D/diff/$n" "$a" -background '#808080' -gravity east \
	    -splice 8x0 -gravity north +append "$D/sbs/$n"
	# The box around every changed pixel (WxH+X+Y).
	box=$(convert "$b" "$a" -compose difference -composite \
	    -colorspace gray -threshold 0 -format '%@' info:)
	echo "$n ${w:--} $sb $sa $px $pct differs $box"
}

{
	echo "# before: $(rev "$B") ($B)"
	echo "# after:  $(rev "$A") ($A)"
	echo "# suites: $SUITES; fuzz $FUZZ"
	sed 's/^/# /' "$NOTES"
	echo "# name width before after pixels percent verdict [box]"
	(cd "$D/before" && ls; cd "$D/after" && ls) | grep '\.png$' |
	    sort -u | while read -r n; do
		compare_one "$n"
	done
} > "$D/summary"
cat "$D/summary"
awk '!/^#/ {v[$7]++} END {for (k in v) printf "%s %d\n", k, v[k]}' \
    "$D/summary" | sort | tr '\n' ' ' | sed 's/ $//;s/^/abshots: /' >&2
echo >&2
