#!/bin/sh
# deps.sh: install the Debian packages ca-reissue needs, if any are missing.
#
#   tools/deps.sh            build, run and test dependencies
#   tools/deps.sh PKG...     these packages only (make fuzz asks for clang)
#
# Uses apt-get directly as root, through sudo otherwise; prints what it
# would need and fails if neither is possible.  Does nothing (and needs no
# network) when everything is already installed.
set -eu

if [ $# -gt 0 ]; then
	want="$*"
else
	# build: compiler driver, pkg-config and the -dev packages
	# run:   nginx (light: FastCGI + SSL), openssl CLI for set-up,
	#        libengine-pkcs11-openssl (libp11's pkcs11 engine: the
	#        issuing CA key in an HSM, ca/cahsm.c), libseccomp-dev
	#        (the seccomp filters of the daemons and workers,
	#        lib/sandbox.c)
	# test:  check, curl, gnutls-bin (certtool, independent verifier),
	#        sqlite3 (CLI: test fixtures and "nothing changed" checks),
	#        unzip and libxml2-utils (xmllint): the statement .docx is
	#        checked by tools that did not write it; softhsm2: the
	#        token check_hsm creates (GnuTLS's p11tool makes its key);
	#        default-jdk-headless: the JDK's PKIX validator is a relying
	#        party the tests ask (check_chain, tests/java/); clang:
	#        make check builds everything once with it too (issue 19);
	#        prometheus: its promtool checks /metrics' exposition
	#        (check_health), a parser we did not write; the package's
	#        own server is never used (as root, policy-rc.d below keeps
	#        it from starting); postgresql and libpq-dev: PostgreSQL as
	#        the shared engine (issue 20; lib/pgconn.c), the tests'
	#        servers started by tests/pg/pgtmp.sh in their own
	#        directories (the package's cluster is never used)
	# package (make deb, tests/pkg/):
	#        debhelper: dh and its helpers build the .deb from debian/
	#        dpkg-dev: dpkg-buildpackage, dpkg-parsechangelog
	#        lintian: the package's policy check (no E: allowed)
	#        man-db, groff-base: man --warnings formats each man page
	#        systemd: systemd-analyze verify / security of the units
	#        (tests/pkg/boot_deb.sh, by hand, asks for debootstrap and
	#        systemd-container: a fresh bookworm booted with the .deb)
	want="make gcc pkg-config libfcgi-dev libsqlite3-dev libssl-dev
	      libxml2-dev libxslt1-dev libzip-dev zlib1g-dev check nginx-light
	      curl openssl ca-certificates gnutls-bin sqlite3 unzip
	      libxml2-utils libengine-pkcs11-openssl softhsm2 libseccomp-dev
	      default-jdk-headless clang prometheus debhelper dpkg-dev lintian
	      man-db groff-base systemd postgresql libpq-dev"
fi

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: not root and no sudo; please install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Debian's nginx package would start a system-wide nginx on port 80 (and
# prometheus its server on 9090); we never use them (we run our own nginx,
# and only promtool of the other), so keep them from starting.
if [ ! -e /usr/sbin/policy-rc.d ] && [ -z "$SUDO" ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
