#!/bin/sh
# mkdeb.sh: builds the Debian package (make deb; tests/pkg/check_deb.sh).
#
#   tools/mkdeb.sh OUTDIR
#
# Copies the source tree -- the files git knows or would add, so neither
# build/, build-san/ nor var/ -- into OUTDIR/src and runs
# dpkg-buildpackage there (binary only, unsigned), so that the tree's own
# build directories are never cleaned or mixed with the package's flags.
# Prints the path of the .deb, which lands in OUTDIR.
set -eu
[ $# -eq 1 ] || { echo "usage: mkdeb.sh OUTDIR" >&2; exit 2; }
TOP=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
rm -rf "$out/src"
mkdir "$out/src"
cd "$TOP"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# (files deleted but not yet committed are left out)
	git ls-files -z --cached --others --exclude-standard |
	    xargs -0 sh -c 'for f; do [ ! -e "$f" ] || printf "%s\0" "$f"; done' sh |
	    tar --null -T - -cf - | tar -C "$out/src" -xf -
else
	tar --exclude=./build --exclude=./build-san --exclude=./build-fuzz \
	    --exclude=./var --exclude=./build-deb -cf - . |
	    tar -C "$out/src" -xf -
fi
ver=$(dpkg-parsechangelog -l debian/changelog -S Version)
arch=$(dpkg --print-architecture)
rm -f "$out"/ca-reissue_"$ver"_*
cd "$out/src"
DEB_BUILD_OPTIONS="nocheck parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
    dpkg-buildpackage -b -uc -us > "$out/build.log" 2>&1 || {
	tail -30 "$out/build.log" >&2
	echo "mkdeb: dpkg-buildpackage failed; log in $out/build.log" >&2
	exit 1
}
deb="$out/ca-reissue_${ver}_$arch.deb"
[ -f "$deb" ] || { echo "mkdeb: no $deb" >&2; exit 1; }
echo "$deb"
