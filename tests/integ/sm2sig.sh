#!/bin/sh
# sm2sig.sh: checks the SM2 signature of one signed DER structure with the
# openssl command line only, independently of our code: a certificate, a
# CRL, a BasicOCSPResponse or a whole OCSPResponse (its BasicOCSPResponse
# is taken out first).  The signatureAlgorithm must be SM2-with-SM3
# (1.2.156.10197.1.501) and the signature must verify over the exact
# octets of the signed part (tbsCertificate, tbsCertList,
# tbsResponseData) with SIGNER's public key and the distinguishing ID.
#
#   sm2sig.sh DER SIGNER.pem [ID]    exit 0 if it verifies, 1 if not
#
# ID defaults to the standard 1234567812345678.  This is needed because
# OpenSSL 3.0's own checks cannot be given the ID everywhere: `openssl
# crl -verify` and `openssl ocsp` take none, and `openssl verify -vfyopt
# distid:...` gives it to the certificate being verified only, not to
# the CA certificates above it (README.md, "SM2").
set -eu

[ $# -ge 2 ] || { echo "usage: sm2sig.sh DER SIGNER.pem [ID]" >&2; exit 2; }
der=$1
signer=$2
id=${3:-1234567812345678}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "OFFSET DEPTH HL LEN TYPE..." for each element of $1.
elements() {
	openssl asn1parse -inform DER -in "$1" | sed 's/ l= */ l=/' |
	    awk '{ split($1, a, ":d="); print a[1], a[2], substr($2, 4),
	    substr($3, 3), $5, $6, $7 }'
}

elements "$der" > "$tmp/all"
# An OCSPResponse: SEQUENCE { ENUMERATED, [0] { SEQUENCE { OID,
# OCTET STRING BasicOCSPResponse } } }.
if awk '$2 == 1 { print; exit }' "$tmp/all" | grep -q ENUMERATED; then
	off=$(awk '$2 == 3 && $5 == "OCTET" { print $1; exit }' "$tmp/all")
	[ -n "$off" ] || { echo "sm2sig: no BasicOCSPResponse" >&2; exit 1; }
	openssl asn1parse -inform DER -in "$der" -strparse "$off" -noout \
	    -out "$tmp/basic.der" >/dev/null
	der=$tmp/basic.der
	elements "$der" > "$tmp/all"
fi

# The signed part (first element), the algorithm (the OID right after the
# second element), the signature (the first top-level BIT STRING).
awk '$2 == 1 && ++n == 1 { print $1, $3 + $4 }' "$tmp/all" > "$tmp/tbs"
alg=$(awk '$2 == 1 { n++ } n == 2 && $2 == 2 { print $0; exit }' \
    "$tmp/all")
awk '$2 == 1 && $5 == "BIT" { print $1 + $3 + 1, $4 - 1; exit }' \
    "$tmp/all" > "$tmp/sig"
case $alg in
*SM2-with-SM3*) ;;
*)	echo "sm2sig: $1: signature algorithm is not SM2-with-SM3: $alg" >&2
	exit 1 ;;
esac
read -r toff tlen < "$tmp/tbs"
read -r soff slen < "$tmp/sig"
tail -c +"$((toff + 1))" "$der" | head -c "$tlen" > "$tmp/tbs.der"
tail -c +"$((soff + 1))" "$der" | head -c "$slen" > "$tmp/sig.der"
openssl x509 -in "$signer" -noout -pubkey > "$tmp/pub.pem"
if openssl pkeyutl -verify -rawin -digest sm3 -pubin -inkey "$tmp/pub.pem" \
    -pkeyopt "distid:$id" -in "$tmp/tbs.der" -sigfile "$tmp/sig.der" \
    >/dev/null 2>&1; then
	exit 0
fi
echo "sm2sig: $1: the signature does not verify with ID $id" >&2
exit 1
