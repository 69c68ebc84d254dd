/*
 * demo.c: the fictional demo data of `webctl demo`: two Liaoning companies,
 * people with several identities, platforms, offices and operators.
 * fcgi/db/dbint.h states the layer's invariants and conventions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "fcgi/db/audit.h"
#include "fcgi/db/company.h"
#include "fcgi/db/demo.h"
#include "fcgi/db/identity.h"
#include "fcgi/db/operator.h"
#include "fcgi/db/person.h"
#include "fcgi/db/platform.h"
#include "lib/log.h"

/* ---- demo data ------------------------------------------------------ */

/*
 * Fictional, and named so (演示 = demo).  The codes satisfy GB 32100 and
 * GB 11714 (tests/unit/check_uscc.c); appdb_company_add() checks them.
 */
static const struct appdb_company appdb_demo_company[] = {
	{ "91210105MA0YDEM15L", "辽宁演示建设工程有限公司",
	    "辽宁省沈阳市皇姑区演示路1号(演示数据)", "024-00000001",
	    "演示银行沈阳皇姑支行", "6200000000000000001" },
	{ "91210211MA0YDEM23A", "大连演示招标代理有限公司",
	    "辽宁省大连市甘井子区演示路2号(演示数据)", "0411-00000002",
	    "演示银行大连甘井子支行", "6200000000000000002" },
};

static const struct appdb_demo_login appdb_demo_people[] = {
	{ "13900000001", "张演示", "管理员@辽宁演示建设工程有限公司" },
	{ "13900000002", "李演示",
	    "项目负责人或授权委托人@辽宁演示建设工程有限公司" },
	{ "13900000003", "王演示", "管理员@大连演示招标代理有限公司" },
	{ "13900000004", "赵演示",
	    "项目负责人或授权委托人@大连演示招标代理有限公司" },
	{ "13900000005", "孙演示", "管理员@辽宁演示建设工程有限公司, "
	    "项目负责人或授权委托人@大连演示招标代理有限公司, 个人" },
	{ "13900000101", "钱办理", "办理点操作员@沈阳办理点 (CA登录)" },
	{ "13900000102", "周复核", "办理点操作员@沈阳办理点 (CA登录)" },
	{ "13900000103", "吴办理", "办理点操作员@大连办理点 (CA登录)" },
};

/* The demo operators: appdb_demo_people index and office code. */
static const struct {
	int		 person;
	const char	*office;
} appdb_demo_operator[] = {
	{ 5, "shenyang" },
	{ 6, "shenyang" },
	{ 7, "dalian" },
};

/* Rows of appdb_demo_people x appdb_demo_company (-1: no company). */
static const struct {
	int		 person;
	int		 company;
	enum appdb_role	 role;
} appdb_demo_member[] = {
	{ 0, 0, APPDB_ROLE_ADMIN },
	{ 1, 0, APPDB_ROLE_PROJECT_LEAD },
	{ 2, 1, APPDB_ROLE_ADMIN },
	{ 3, 1, APPDB_ROLE_PROJECT_LEAD },
	{ 4, 0, APPDB_ROLE_ADMIN },
	{ 4, 1, APPDB_ROLE_PROJECT_LEAD },
	{ 4, -1, APPDB_ROLE_PERSONAL },
	{ 5, -1, APPDB_ROLE_PERSONAL },
	{ 6, -1, APPDB_ROLE_PERSONAL },
	{ 7, -1, APPDB_ROLE_PERSONAL },
};

/* The linked platforms of the guide; platform N notices to /notice/N. */
static const char *const appdb_demo_platform[] = {
	"辽宁建设工程信息网",
	"辽宁省招标投标监管网",
	"辽宁省政府采购平台",
	"辽宁省公共资源平台",
	"沈阳市公共资源平台",
};

static const struct {
	const char	*code;
	const char	*name;
	const char	*address;
} appdb_demo_office[] = {
	{ "shenyang", "沈阳办理点", "辽宁省沈阳市皇姑区北陵大街34号3号楼15层" },
	{ "dalian", "大连办理点", "辽宁省大连市甘井子区和丰园18-6号" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Adds the missing demo rows; *n counts them.  The caller's transaction. */
static int
demo_rows(struct appdb *db, int port, const char *pw_hash, int *n)
{
	long long	 person[NELEM(appdb_demo_people)];
	long long	 company[NELEM(appdb_demo_company)];
	long long	 id, cid;
	char		 url[64];
	size_t		 i;

	for (i = 0; i < NELEM(appdb_demo_office); i++) {
		if ((id = appdb_office_id(db,
		    appdb_demo_office[i].code)) == -1)
			return -1;
		if (id == 0) {
			if (appdb_office_add(db, appdb_demo_office[i].code,
			    appdb_demo_office[i].name,
			    appdb_demo_office[i].address, NULL) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(appdb_demo_platform); i++) {
		if ((id = appdb_platform_id(db,
		    appdb_demo_platform[i])) == -1)
			return -1;
		if (id == 0) {
			snprintf(url, sizeof(url),
			    "http://127.0.0.1:%d/notice/%zu", port, i + 1);
			if (appdb_platform_add(db, appdb_demo_platform[i], url,
			    NULL) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(appdb_demo_company); i++) {
		if ((company[i] = appdb_company_id(db,
		    appdb_demo_company[i].uscc)) == -1)
			return -1;
		if (company[i] == 0) {
			if (appdb_company_add(db, &appdb_demo_company[i],
			    &company[i]) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(appdb_demo_people); i++) {
		if ((person[i] = appdb_person_id(db,
		    appdb_demo_people[i].mobile)) == -1)
			return -1;
		if (person[i] == 0) {
			if (appdb_person_add(db, appdb_demo_people[i].mobile,
			    appdb_demo_people[i].name, pw_hash,
			    &person[i]) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(appdb_demo_member); i++) {
		cid = appdb_demo_member[i].company < 0 ? 0 :
		    company[appdb_demo_member[i].company];
		if ((id = appdb_membership_id(db,
		    person[appdb_demo_member[i].person], cid,
		    appdb_demo_member[i].role)) == -1)
			return -1;
		if (id == 0) {
			if (appdb_membership_add(db,
			    person[appdb_demo_member[i].person], cid,
			    appdb_demo_member[i].role, NULL) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(appdb_demo_operator); i++) {
		struct appdb_operator	 op;
		int			 k;

		if ((k = appdb_operator_get(db,
		    person[appdb_demo_operator[i].person], &op)) == -1)
			return -1;
		if (k == 1)
			continue;
		if ((id = appdb_office_id(db,
		    appdb_demo_operator[i].office)) <= 0 ||
		    appdb_operator_add(db,
		    person[appdb_demo_operator[i].person], id) == -1)
			return -1;
		(*n)++;
	}
	return 0;
}

int
appdb_demo_load(struct appdb *db, int notice_port, const char *pw_hash,
    const char *actor, int *changed)
{
	char	 detail[128];
	int	 n = 0, ret = -1;

	db->refused = 0;
	*changed = 0;
	if (notice_port < 1 || notice_port > 65535)
		return db_refuse(db, "appdb_demo_load", "bad notice port");
	if (appdb_begin(db) == -1)
		return -1;
	if (demo_rows(db, notice_port, pw_hash, &n) == -1)
		goto out;
	if (n > 0) {
		snprintf(detail, sizeof(detail), "demo data: %d rows added, "
		    "notice port %d", n, notice_port);
		if (appdb_audit(db, actor, "demo.load", detail) == -1)
			goto out;
	}
	if (appdb_commit(db) == -1)
		goto out;
	*changed = n;
	ret = 0;
out:
	if (ret == -1)
		appdb_rollback(db);
	return ret;
}

const struct appdb_demo_login *
appdb_demo_logins(size_t *n)
{
	*n = NELEM(appdb_demo_people);
	return appdb_demo_people;
}

const struct appdb_company *
appdb_demo_companies(size_t *n)
{
	*n = NELEM(appdb_demo_company);
	return appdb_demo_company;
}

const char *const *
appdb_demo_platforms(size_t *n)
{
	*n = NELEM(appdb_demo_platform);
	return appdb_demo_platform;
}
