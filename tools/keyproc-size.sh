#!/bin/sh
# keyproc-size.sh FILE.c...: counts the lines of our own C the key process
# (casign) is built from, as README states them: code lines are what is
# left when comments and blank lines are removed (gcc -fpreprocessed
# strips comments without expanding anything).  Exits 1 above the limit
# of issue 15 (1,500 code lines), so `make keyproc-size` guards it.
set -eu
limit=1500
code=0 phys=0 files=0
for f in "$@"; do
	n=$(gcc -fpreprocessed -dD -E -P "$f" 2>/dev/null | grep -cv '^[[:space:]]*$')
	p=$(wc -l < "$f")
	printf '%-20s %5d physical %5d code\n' "$f" "$p" "$n"
	code=$((code + n)) phys=$((phys + p)) files=$((files + 1))
done
printf 'casign: %d code lines (%d physical) in %d files; limit %d\n' \
    "$code" "$phys" "$files" "$limit"
[ "$code" -le "$limit" ] || {
	echo "casign: over $limit code lines: move what only cactl or cad" \
	    "needs out of its files" >&2
	exit 1
}
