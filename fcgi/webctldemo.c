/*
 * webctldemo.c: the fictional demo data of `webctl demo`: two Liaoning
 * companies, people with several identities, platforms, offices and
 * operators.  It belongs to webctl alone (webd does not link it) and
 * writes through the app database's public functions (fcgi/appdb.h),
 * like any other caller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fcgi/appdb.h"
#include "fcgi/webctldemo.h"
#include "lib/log.h"

/*
 * Fictional, and named so (演示 = demo).  The codes satisfy GB 32100 and
 * GB 11714 (tests/unit/check_uscc.c); appdb_company_add() checks them.
 */
static const struct appdb_company demo_company[] = {
	{ "91210105MA0YDEM15L", "辽宁演示建设工程有限公司",
	    "辽宁省沈阳市皇姑区演示路1号(演示数据)", "024-00000001",
	    "演示银行沈阳皇姑支行", "6200000000000000001" },
	{ "91210211MA0YDEM23A", "大连演示招标代理有限公司",
	    "辽宁省大连市甘井子区演示路2号(演示数据)", "0411-00000002",
	    "演示银行大连甘井子支行", "6200000000000000002" },
};

static const struct webctl_demo_login demo_people[] = {
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

/* The demo operators: demo_people index and office code. */
static const struct {
	int		 person;
	const char	*office;
} demo_operator[] = {
	{ 5, "shenyang" },
	{ 6, "shenyang" },
	{ 7, "dalian" },
};

/* Rows of demo_people x demo_company (-1: no company). */
static const struct {
	int		 person;
	int		 company;
	enum appdb_role	 role;
} demo_member[] = {
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
static const char *const demo_platform[] = {
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
} demo_office[] = {
	{ "shenyang", "沈阳办理点", "辽宁省沈阳市皇姑区北陵大街34号3号楼15层" },
	{ "dalian", "大连办理点", "辽宁省大连市甘井子区和丰园18-6号" },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Adds the missing demo rows; *n counts them.  The caller's transaction. */
static int
demo_rows(struct appdb *db, int port, const char *pw_hash, int *n)
{
	long long	 person[NELEM(demo_people)];
	long long	 company[NELEM(demo_company)];
	long long	 id, cid;
	char		 url[64];
	size_t		 i;

	for (i = 0; i < NELEM(demo_office); i++) {
		if ((id = appdb_office_id(db,
		    demo_office[i].code)) == -1)
			return -1;
		if (id == 0) {
			if (appdb_office_add(db, demo_office[i].code,
			    demo_office[i].name,
			    demo_office[i].address, NULL) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(demo_platform); i++) {
		if ((id = appdb_platform_id(db,
		    demo_platform[i])) == -1)
			return -1;
		if (id == 0) {
			snprintf(url, sizeof(url),
			    "http://127.0.0.1:%d/notice/%zu", port, i + 1);
			if (appdb_platform_add(db, demo_platform[i], url,
			    NULL) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(demo_company); i++) {
		if ((company[i] = appdb_company_id(db,
		    demo_company[i].uscc)) == -1)
			return -1;
		if (company[i] == 0) {
			if (appdb_company_add(db, &demo_company[i],
			    &company[i]) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(demo_people); i++) {
		if ((person[i] = appdb_person_id(db,
		    demo_people[i].mobile)) == -1)
			return -1;
		if (person[i] == 0) {
			if (appdb_person_add(db, demo_people[i].mobile,
			    demo_people[i].name, pw_hash,
			    &person[i]) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(demo_member); i++) {
		cid = demo_member[i].company < 0 ? 0 :
		    company[demo_member[i].company];
		if ((id = appdb_membership_id(db,
		    person[demo_member[i].person], cid,
		    demo_member[i].role)) == -1)
			return -1;
		if (id == 0) {
			if (appdb_membership_add(db,
			    person[demo_member[i].person], cid,
			    demo_member[i].role, NULL) == -1)
				return -1;
			(*n)++;
		}
	}
	for (i = 0; i < NELEM(demo_operator); i++) {
		struct appdb_operator	 op;
		int			 k;

		if ((k = appdb_operator_get(db,
		    person[demo_operator[i].person], &op)) == -1)
			return -1;
		if (k == 1)
			continue;
		if ((id = appdb_office_id(db,
		    demo_operator[i].office)) <= 0 ||
		    appdb_operator_add(db,
		    person[demo_operator[i].person], id) == -1)
			return -1;
		(*n)++;
	}
	return 0;
}

int
webctl_demo_load(struct appdb *db, int notice_port, const char *pw_hash,
    const char *actor, int *changed)
{
	char	 detail[128];
	int	 n = 0, ret = -1;

	*changed = 0;
	if (notice_port < 1 || notice_port > 65535) {
		log_warn("webctl_demo_load: refused: bad notice port %d",
		    notice_port);
		return -1;
	}
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

const struct webctl_demo_login *
webctl_demo_logins(size_t *n)
{
	*n = NELEM(demo_people);
	return demo_people;
}

const struct appdb_company *
webctl_demo_companies(size_t *n)
{
	*n = NELEM(demo_company);
	return demo_company;
}

const char *const *
webctl_demo_platforms(size_t *n)
{
	*n = NELEM(demo_platform);
	return demo_platform;
}
