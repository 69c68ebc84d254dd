#!/bin/sh
# setup.sh: what the browser tests (tests/browser/shots.js, run by
# tests/integ/check_pages.c and others, and tests/browser/journey.js, run
# by tests/integ/check_journey.c) need: Debian's chromium, nodejs/npm and
# fonts-noto-cjk, and playwright-core and axe-core (the accessibility
# check layout.js injects into each page) from the npm registry into
# tests/browser/node_modules (no browser download: the scripts drive
# /usr/bin/chromium).
#
# Never fails the build: if something cannot be installed it says so, and
# the screenshot test then reports itself skipped.
set -u
cd "$(dirname "$0")" || exit 0
top=$(cd ../.. && pwd)

want=""
[ -x /usr/bin/chromium ] || want="$want chromium"
command -v node >/dev/null 2>&1 || want="$want nodejs"
command -v npm >/dev/null 2>&1 || want="$want npm"
# The pages are Chinese: without a CJK font chromium draws boxes.
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null |
    grep -q 'install ok installed' || want="$want fonts-noto-cjk"
# shellcheck disable=SC2086
if [ -n "$want" ] && ! "$top/tools/deps.sh" $want; then
	echo "browser-deps: could not install$want;" \
	    "screenshots will be skipped" >&2
	exit 0
fi
if [ ! -d node_modules/playwright-core ] ||
    [ ! -f node_modules/axe-core/axe.min.js ]; then
	if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund \
	    >/dev/null 2>&1; then
		echo "browser-deps: npm ci failed; screenshots will be" \
		    "skipped" >&2
	fi
fi
exit 0
