/*
 * identity.h: identities (关联公司及身份): memberships, the roles and their
 * database spellings, a company's staff (人员管理) and requests to join a
 * company (加入申请).
 */
#ifndef FCGI_DB_IDENTITY_H
#define FCGI_DB_IDENTITY_H

#include <stddef.h>

#include "fcgi/db/db.h"

/* A person's identity within a company (关联公司及身份). */
enum appdb_role {
	APPDB_ROLE_ADMIN,		/* 管理员 */
	APPDB_ROLE_PROJECT_LEAD,	/* 项目负责人或授权委托人 */
	APPDB_ROLE_COST_ENGINEER,	/* 造价师 */
	APPDB_ROLE_PERSONAL,		/* 个人: the one role without company */
	APPDB_ROLE__MAX
};

/*
 * Gives person a role in company (0 for APPDB_ROLE_PERSONAL, which has
 * none; every other role needs one).  0 / -1 (refused: no such person
 * or company, role out of range, or the person already has that role
 * there); *id set on 0.
 */
int		 appdb_membership_add(struct appdb *, long long person,
		    long long company, enum appdb_role role, long long *id);

/* ---- identities (关联公司及身份) ---- */

struct appdb_identity {
	long long	 membership;
	long long	 company;	/* 0 = 个人 */
	enum appdb_role	 role;
	char		 company_name[129];
	char		 uscc[19];
};

/*
 * Calls fn for each identity of person (companies by name, 个人 last).
 * fn returns 0 to go on, -1 to stop with an error.  0 / -1.
 */
int	 appdb_identities(struct appdb *, long long person,
	    int (*fn)(void *, const struct appdb_identity *), void *arg);

/* The identity membership of person: 1 found, 0 none (or not theirs),
 * -1. */
int	 appdb_identity_get(struct appdb *, long long person,
	    long long membership, struct appdb_identity *out);

/* Returns the role's database name ("admin", ...). */
const char *appdb_role_name(enum appdb_role role);

/* Person's role in company (0 for 个人): the id, 0 if none, -1. */
long long appdb_membership_id(struct appdb *, long long person,
	    long long company, enum appdb_role role);

/* One member of a company (人员管理), as appdb_staff_each() passes it. */
struct appdb_staff {
	long long	 membership;
	long long	 person;
	enum appdb_role	 role;
	char		 name[257];
	char		 mobile[16];
	long long	 since;		/* membership created, UTC */
};

/* Calls fn for each membership of company (admins first).  0 / -1. */
int	 appdb_staff_each(struct appdb *, long long company,
	    int (*fn)(void *, const struct appdb_staff *), void *arg);

/* The person and role of membership in company: 1 found, 0 none, -1. */
int	 appdb_staff_get(struct appdb *, long long company,
	    long long membership, long long *person, enum appdb_role *role);

/*
 * Gives membership of company a company role (not PERSONAL).  0 / -1
 * (refused: bad role, or the person already has that role there).  A
 * membership of another company is left alone (still 0): check first.
 */
int	 appdb_staff_set_role(struct appdb *, long long company,
	    long long membership, enum appdb_role role);

/*
 * Deletes membership of company; sessions acting as it lose their chosen
 * identity.  Call inside the caller's transaction.  0 / -1.
 */
int	 appdb_staff_remove(struct appdb *, long long company,
	    long long membership);

/* Administrators of company: the number, or -1. */
long long appdb_admin_count(struct appdb *, long long company);

/* ---- 加入申请: asking to join a company (fcgi/join.c, centre.c) ---- */

enum appdb_join_state {
	APPDB_JOIN_PENDING,		/* 待审核 */
	APPDB_JOIN_APPROVED,		/* 已通过 */
	APPDB_JOIN_REFUSED		/* 未通过 */
};

/* One request, as the list functions pass it. */
struct appdb_join {
	long long		 id;
	long long		 person;
	long long		 company;
	enum appdb_role		 role;
	enum appdb_join_state	 state;
	char			 name[257];	/* the person (company list) */
	char			 mobile[16];
	char			 company_name[513]; /* (person's list) */
	char			 uscc[19];
	long long		 created_at;
	long long		 decided_at;	/* 0 while pending */
};

/*
 * Stores person's pending request for role (admin, project_lead or
 * cost_engineer) in company, in the caller's transaction.  0 / -1
 * (refused: not a company role, no such person or company, or such a
 * request is already pending); *id set on 0.
 */
int	 appdb_join_add(struct appdb *, long long person, long long company,
	    enum appdb_role role, long long now, long long *id);

/* Person's pending request for role in company: the id, 0 if none, -1. */
long long appdb_join_open(struct appdb *, long long person,
	    long long company, enum appdb_role role);

/*
 * Calls fn for person's pending requests and the decisions they have not
 * dismissed (at most limit, newest first).  fn returns 0 or -1 (stop
 * with an error).  0 / -1.
 */
int	 appdb_join_mine(struct appdb *, long long person, long long limit,
	    int (*fn)(void *, const struct appdb_join *), void *arg);

/* Calls fn for company's pending requests (at most limit, oldest
 * first).  0 / -1. */
int	 appdb_join_pending(struct appdb *, long long company,
	    long long limit, int (*fn)(void *, const struct appdb_join *),
	    void *arg);

/* Request id if it is company's (fills person, role, state): 1 found,
 * 0 none, -1. */
int	 appdb_join_get(struct appdb *, long long company, long long id,
	    struct appdb_join *out);

/*
 * Decides company's pending request id (approve 1 or 0) by person by,
 * with the membership it gave (0 for none), in the caller's
 * transaction.  1 changed, 0 nothing changed (it was not pending), -1.
 */
int	 appdb_join_decide(struct appdb *, long long company, long long id,
	    int approve, long long by, long long membership, long long now);

/* Marks person's decided requests seen: the number, or -1. */
long long appdb_join_seen(struct appdb *, long long person, long long now);

#endif
