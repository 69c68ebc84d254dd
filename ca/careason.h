/*
 * careason.h: RFC 5280 CRLReason codes, their names, and the reissue
 * reasons of the guide (证书丢失 lost -> keyCompromise, 证书损坏 damaged ->
 * superseded, 其他 other -> unspecified).
 */
#ifndef CA_CAREASON_H
#define CA_CAREASON_H

enum careason {
	CAREASON_UNSPECIFIED = 0,
	CAREASON_KEY_COMPROMISE = 1,
	CAREASON_CA_COMPROMISE = 2,
	CAREASON_AFFILIATION_CHANGED = 3,
	CAREASON_SUPERSEDED = 4,
	CAREASON_CESSATION = 5,
	CAREASON_HOLD = 6,
	CAREASON_REMOVE_FROM_CRL = 8,
	CAREASON_PRIVILEGE_WITHDRAWN = 9,
	CAREASON_AA_COMPROMISE = 10
};

/* Returns the code named s (RFC name, any case, or lost/damaged/other),
 * or -1. */
int		 careason_parse(const char *s);
/* Returns the RFC name of code, or "none" for -1, "?" if invalid. */
const char	*careason_name(int code);
/* 1 if code may be put on a CRL entry by a revocation (0-6, 9, 10). */
int		 careason_revocable(long long code);

#endif
