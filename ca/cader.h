/*
 * cader.h: the few DER primitives the daemon encodes and parses by hand
 * (certificates from a template, CRLs, certificate requests).
 *
 * Writers put definite, minimal lengths and the Time forms of RFC 5280
 * 4.1.2.5.  The reader accepts DER only: single-octet tags, definite
 * minimal lengths, content inside its parent; anything else is refused,
 * never guessed at, so a caller can fall back to a full BER decoder.
 *
 * The writers are in caderput.c, the reader and cader_serial_hex() in
 * cader.c (all the key process links).
 */
#ifndef CA_CADER_H
#define CA_CADER_H

#include <stddef.h>
#include <stdint.h>

#define CADER_HDR_MAX	(2 + sizeof(size_t))	/* tag, 0x8n, n octets */
#define CADER_TIME_MAX	17			/* GeneralizedTime TLV */

/* Octets of the header (tag and length) for content of n octets. */
size_t	cader_hdr_size(size_t n);

/* Writes the header for content of n octets at p; returns its size. */
size_t	cader_hdr(uint8_t *p, uint8_t tag, size_t n);

/*
 * Writes t (unix seconds) as a Time TLV at p: UTCTime (15 octets) for the
 * years 1950..2049 unless gen, else GeneralizedTime (17 octets).  Returns
 * the octets written, or 0 when t is outside the years 0000..9999.
 */
size_t	cader_time(uint8_t *p, int64_t t, int gen);

/* A span of DER being read: p[0..len). */
struct cader_in {
	const uint8_t	*p;
	size_t		 len;
};

/*
 * Takes the next TLV off in if its tag is tag: *val gets its content and,
 * if tlv is not NULL, *tlv the whole TLV.  Returns 0, or -1 (in unchanged)
 * if the tag differs or the encoding is not DER.
 */
int	cader_get(struct cader_in *in, uint8_t tag, struct cader_in *val,
	    struct cader_in *tlv);

/* 1 if the content of val is exactly the n octets of v, else 0. */
int	cader_is(const struct cader_in *val, const uint8_t *v, size_t n);

/*
 * Writes the serial whose INTEGER content octets are p[0..n) as the
 * store names serials (uppercase hex, two digits a byte, leading zero
 * octets dropped) into hex.  1, or 0 if it cannot be one of ours (zero,
 * or over 20 octets).
 */
int	cader_serial_hex(const uint8_t *p, size_t n, char hex[41]);

#endif
