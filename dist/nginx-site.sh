#!/bin/sh
# nginx-site.sh: makes the packaged nginx configuration from the same
# templates tools/stack.sh instantiates (nginx/nginx.conf.in,
# fastcgi.conf.in), for the layout of the Debian package:
#   state (@PREFIX@)    /var/lib/ca-reissue
#   static files        /usr/share/ca-reissue/static (not a copy)
#   logs                /var/log/ca-reissue (logrotate: dist/logrotate)
#   fastcgi.conf        /etc/ca-reissue/nginx/fastcgi.conf
#   ports               8443 (HTTPS), 8080 (HTTP: CRLs and OCSP), on
#                       every address rather than only 127.0.0.1
#   workers             careissue-www (the master runs as root)
#   CRL lifetime        24 hours, cactl init's crl_hours
#   CAs                 every CA: ca-reissue-setup writes which files a
#                       pre-signed OCSP GET may be (ocsp-static/ and
#                       ocsp-static/NAME/ of each further CA) into
#                       nginx/ocsp-try.conf, included where stack.sh
#                       puts @OCSP_TRY@, and the client-certificate CAs
#                       into nginx/client-cas.pem
#
#   dist/nginx-site.sh TEMPLATEDIR OUTDIR
set -eu
[ $# -eq 2 ] || { echo "usage: nginx-site.sh TEMPLATEDIR OUTDIR" >&2; exit 2; }
in=$1
out=$2
state=/var/lib/ca-reissue
mkdir -p "$out"
for f in nginx.conf fastcgi.conf; do
	{ printf '# Made for the Debian package of ca-reissue by dist/nginx-site.sh\n'
	  printf '# from %s.in; the placeholders below are filled in.\n' "$f"
	  printf '# A conffile: edit it here, then restart ca-reissue-nginx.\n'
	sed -e "s|@PREFIX@/static/|/usr/share/ca-reissue/static/|g" \
	    -e "s|@PREFIX@/log/|/var/log/ca-reissue/|g" \
	    -e "s|@PREFIX@/nginx/fastcgi.conf|/etc/ca-reissue/nginx/fastcgi.conf|g" \
	    -e "s|listen 127\.0\.0\.1:@|listen @|" \
	    -e "s|@PREFIX@|$state|g" -e "s|@PORT@|8443|g" \
	    -e "s|@HTTP_PORT@|8080|g" -e "s|@CRL_HOURS@|24|g" \
	    -e "s|try_files @OCSP_TRY@ @ocsp_live;|include $state/nginx/ocsp-try.conf;|" \
	    -e "s|@USER_LINE@|user careissue-www careissue-www;|g" \
	    "$in/$f.in"; } > "$out/$f.tmp"
	if grep -v "^[[:space:]]*#" "$out/$f.tmp" | grep -n "@[A-Z_]*@" >&2; then
		echo "nginx-site: $f: placeholder left" >&2
		exit 1
	fi
	mv "$out/$f.tmp" "$out/$f"
done
