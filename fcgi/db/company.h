/*
 * company.h: companies (企业信息): adding, finding, reading and replacing them.
 */
#ifndef FCGI_DB_COMPANY_H
#define FCGI_DB_COMPANY_H

#include <stddef.h>

#include "fcgi/db/db.h"

/*
 * A company as entered (企业信息; also the invoice header).  The optional
 * fields may be NULL, stored as "".
 */
struct appdb_company {
	const char	*uscc;		/* 统一社会信用代码, uscc_valid() */
	const char	*name;		/* 单位名称, 1-128 characters */
	const char	*address;	/* 地址, or NULL */
	const char	*phone;		/* 电话, or NULL */
	const char	*bank;		/* 开户行, or NULL */
	const char	*bank_account;	/* 开户行账号, or NULL */
};

/*
 * Adds a company; the USCC is checked with uscc_valid() first.  0 / -1
 * (refused: bad values or the USCC is taken); *id set on 0.
 */
int		 appdb_company_add(struct appdb *, const struct appdb_company *,
		    long long *id);

/* The company with this USCC: the id, 0 if none, -1. */
long long	 appdb_company_id(struct appdb *, const char *uscc);

/* A company as stored; sizes hold the longest value the schema allows. */
struct appdb_company_rec {
	char		 uscc[19];
	char		 name[513];
	char		 address[1025];
	char		 phone[129];
	char		 bank[513];
	char		 bank_account[257];
};

/* 1 found, 0 none, -1. */
int	 appdb_company_get(struct appdb *, long long id,
	    struct appdb_company_rec *out);

/*
 * Replaces a company's data (企业信息).  The USCC is checked with
 * uscc_valid() first.  0 / -1 (refused: bad values, or the USCC belongs to
 * another company).
 */
int	 appdb_company_set(struct appdb *, long long id,
	    const struct appdb_company *);

#endif
