/*
 * check_sqlrow.c: row maps and argument lists (lib/sqlrow.c, with
 * SQLite's row source and binder of lib/dbsqlite.c), on an
 * in-memory SQLite database: each column type lands in its field with
 * its own width, texts are cut and never overrun, unknown spellings get
 * the default, and arguments bind in order with NULL where asked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sqlite3.h>

#include "lib/dbeng.h"
#include "lib/sqlrow.h"

enum colour { RED, GREEN, BLUE, COLOUR__MAX };

static const char *const colour_sql[COLOUR__MAX] = {
	/* RED */	"red",
	/* GREEN */	"green",
	/* BLUE */	"blue",
};

struct row {
	long long	 big;
	int		 small;
	char		 text[6];
	char		 guard[4];
	const char	*ref;
	const void	*blob;
	size_t		 blob_len;
	unsigned char	*dup;
	size_t		 dup_len;
	enum colour	 colour;
};

static const struct sqlrow_col row_cols[] = {
	SQLCOL_INT(0, struct row, big),
	SQLCOL_INT(1, struct row, small),
	SQLCOL_TEXT(2, struct row, text),
	SQLCOL_TEXT_REF(3, struct row, ref),
	SQLCOL_BLOB_REF(4, struct row, blob, blob_len),
	SQLCOL_BLOB_DUP(5, struct row, dup, dup_len),
	SQLCOL_ENUM(6, struct row, colour, colour_sql, COLOUR__MAX,
	    COLOUR__MAX),
};
static const struct sqlrow_map row_map = SQLROW_MAP(struct row, row_cols);

static sqlite3 *
open_db(void)
{
	sqlite3	*db;

	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	return db;
}

/* Steps sql once and copies its row into r. */
static void
get(sqlite3 *db, const char *sql, struct row *r, sqlite3_stmt **qp)
{
	struct sqlrow_src	 src;

	ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, qp, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(*qp), SQLITE_ROW);
	memset(r->guard, 'G', sizeof(r->guard));
	dbsqlite_src(*qp, &src);
	ck_assert_int_eq(sqlrow_get_src(&src, &row_map, r), 0);
}

START_TEST(test_each_type_lands_in_its_field)
{
	sqlite3		*db = open_db();
	sqlite3_stmt	*q;
	struct row	 r;

	get(db, "SELECT 4294967301, -7, 'abc', 'borrowed', x'0102',"
	    " x'030405', 'green'", &r, &q);
	ck_assert(r.big == 4294967301LL);
	ck_assert_int_eq(r.small, -7);
	ck_assert_str_eq(r.text, "abc");
	ck_assert_str_eq(r.ref, "borrowed");
	ck_assert_uint_eq(r.blob_len, 2);
	ck_assert_int_eq(((const unsigned char *)r.blob)[1], 2);
	ck_assert_uint_eq(r.dup_len, 3);
	ck_assert_int_eq(r.dup[0], 3);
	ck_assert_int_eq(r.dup[2], 5);
	ck_assert_int_eq(r.colour, GREEN);
	free(r.dup);
	sqlite3_finalize(q);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_long_text_is_cut_not_overrun)
{
	sqlite3		*db = open_db();
	sqlite3_stmt	*q;
	struct row	 r;

	get(db, "SELECT 0, 0, 'abcdefghij', NULL, NULL, NULL, 'blue'", &r,
	    &q);
	ck_assert_str_eq(r.text, "abcde");
	/* The row is zeroed first: a copy running past text would have
	 * left "fghij" in guard. */
	ck_assert_int_eq(r.guard[0], 0);
	ck_assert_int_eq(r.colour, BLUE);
	sqlite3_finalize(q);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_nulls_give_zero_empty_and_default)
{
	sqlite3		*db = open_db();
	sqlite3_stmt	*q;
	struct row	 r;

	get(db, "SELECT NULL, NULL, NULL, NULL, NULL, x'', 'purple'", &r,
	    &q);
	ck_assert(r.big == 0);
	ck_assert_int_eq(r.small, 0);
	ck_assert_str_eq(r.text, "");
	ck_assert_ptr_null(r.ref);
	ck_assert_ptr_null(r.blob);
	ck_assert_uint_eq(r.blob_len, 0);
	ck_assert_ptr_null(r.dup);
	ck_assert_uint_eq(r.dup_len, 0);
	ck_assert_int_eq(r.colour, COLOUR__MAX);
	sqlite3_finalize(q);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_arguments_bind_in_order)
{
	sqlite3		*db = open_db();
	sqlite3_stmt	*q;
	const char	*text = "x";
	const char	 blob[2] = { 9, 8 };

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT ?1, ?2 IS NULL,"
	    " ?3, ?4, ?5 IS NULL, hex(?6), ?7 IS NULL", -1, &q, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(dbsqlite_bind(q, SQLROW_ARGS(SQLARG_INT(5000000000LL),
	    SQLARG_ID(0), SQLARG_ID(12), SQLARG_TEXT(text), SQLARG_TEXT(NULL),
	    SQLARG_BLOB(blob, sizeof(blob)), SQLARG_BLOB(NULL, 0))),
	    SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert(sqlite3_column_int64(q, 0) == 5000000000LL);
	ck_assert_int_eq(sqlite3_column_int(q, 1), 1);
	ck_assert_int_eq(sqlite3_column_int(q, 2), 12);
	ck_assert_str_eq((const char *)sqlite3_column_text(q, 3), "x");
	ck_assert_int_eq(sqlite3_column_int(q, 4), 1);
	ck_assert_str_eq((const char *)sqlite3_column_text(q, 5), "0908");
	ck_assert_int_eq(sqlite3_column_int(q, 6), 1);
	sqlite3_finalize(q);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_too_many_arguments_is_an_error)
{
	sqlite3		*db = open_db();
	sqlite3_stmt	*q;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT ?1", -1, &q, NULL),
	    SQLITE_OK);
	ck_assert_int_eq(dbsqlite_bind(q, SQLROW_ARGS(SQLARG_INT(1),
	    SQLARG_INT(2))), SQLITE_RANGE);
	sqlite3_finalize(q);
	sqlite3_close(db);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sqlrow");
	TCase	*tc = tcase_create("sqlrow");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_each_type_lands_in_its_field);
	tcase_add_test(tc, test_long_text_is_cut_not_overrun);
	tcase_add_test(tc, test_nulls_give_zero_empty_and_default);
	tcase_add_test(tc, test_arguments_bind_in_order);
	tcase_add_test(tc, test_too_many_arguments_is_an_error);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
