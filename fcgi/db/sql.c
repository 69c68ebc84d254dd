/*
 * sql.c: every statement of the web database but the schema scripts, one
 * per enum appdb_stmt (fcgi/db/dbint.h), in its order.  Prepared by
 * db_stmt() (fcgi/db/db.c), once per connection.
 *
 * One text serves both engines wherever SQLite and PostgreSQL read it
 * alike, and is written so that they do: IS NOT DISTINCT FROM (SQLite
 * 3.39) instead of SQLite's IS, CASE instead of the two-argument max(),
 * sum(CASE ...) instead of total(), ON CONFLICT DO NOTHING instead of
 * INSERT OR IGNORE, "<> 0" where an integer is a condition, RETURNING id
 * for a new row's id, the existing row of an upsert by the table's alias
 * ("INSERT INTO t AS x ... DO UPDATE SET a = x.a + 1": unqualified, it
 * is ambiguous to PostgreSQL), and instr(), which PostgreSQL's schema
 * defines (fcgi/db/schema.c).  Placeholders are ?N; lib/dbpg.c turns them
 * into $N.  Where the dialects cannot agree (transactions, the schema
 * version, SQLite's PRAGMAs), db_sql_pg[] at the end holds PostgreSQL's
 * spelling under the same enum value.
 */

#include "fcgi/db/dbint.h"

const char *const db_sql[STMT__MAX] = {
	/* STMT_BEGIN */
	"BEGIN IMMEDIATE",
	/* STMT_COMMIT */
	"COMMIT",
	/* STMT_ROLLBACK */
	"ROLLBACK",
	/* STMT_BEGIN_READ */
	"BEGIN",
	/* STMT_FOREIGN_KEYS */
	"PRAGMA foreign_keys = ON",
	/* STMT_SECURE_DELETE */
	"PRAGMA secure_delete = ON",
	/* STMT_WAL */
	"PRAGMA journal_mode = WAL",
	/* STMT_USER_VERSION */
	"PRAGMA user_version",
	/* STMT_PERSON_ADD */
	"INSERT INTO person (mobile, name, pw_hash, created_at)"
	" VALUES (?1, ?2, ?3, ?4)"
	" RETURNING id",
	/* STMT_PERSON_ID */
	"SELECT id FROM person WHERE mobile = ?1",
	/* STMT_COMPANY_ADD */
	"INSERT INTO company (uscc, name, address, phone, bank,"
	" bank_account, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	" RETURNING id",
	/* STMT_COMPANY_ID */
	"SELECT id FROM company WHERE uscc = ?1",
	/* STMT_MEMBERSHIP_ADD */
	"INSERT INTO membership (person_id, company_id, role, created_at)"
	" VALUES (?1, ?2, ?3, ?4)"
	" RETURNING id",
	/* STMT_MEMBERSHIP_ID */
	"SELECT id FROM membership WHERE person_id = ?1"
	" AND company_id IS NOT DISTINCT FROM ?2 AND role = ?3",
	/* STMT_PLATFORM_ADD */
	"INSERT INTO platform (name, notice_url) VALUES (?1, ?2)"
	" RETURNING id",
	/* STMT_PLATFORM_ID */
	"SELECT id FROM platform WHERE name = ?1",
	/* STMT_PLATFORM_NAME */
	"SELECT name FROM platform WHERE id = ?1 AND enabled = 1",
	/* STMT_OFFICE_ADD */
	"INSERT INTO office (code, name, address) VALUES (?1, ?2, ?3)"
	" RETURNING id",
	/* STMT_OFFICE_ID */
	"SELECT id FROM office WHERE code = ?1",
	/* STMT_COUNTS */
	"SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM company),"
	" (SELECT count(*) FROM membership), (SELECT count(*) FROM platform),"
	" (SELECT count(*) FROM office), (SELECT count(*) FROM cert),"
	" (SELECT count(*) FROM product), (SELECT count(*) FROM audit)",
	/* STMT_AUDIT_HEAD */
	"SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
	/* STMT_AUDIT_ADD */
	"INSERT INTO audit (id, at, actor, action, detail, prev_hash, hash)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* STMT_AUDIT_ALL */
	"SELECT id, at, actor, action, detail, prev_hash, hash FROM audit"
	" ORDER BY id",
	/* STMT_SESSION_ADD */
	"INSERT INTO session (id_hash, person_id, csrf, created_at, seen_at)"
	" VALUES (?1, ?2, ?3, ?4, ?4)",
	/* STMT_SESSION_GET */
	"SELECT COALESCE(person_id, 0), COALESCE(membership_id, 0), csrf,"
	" created_at, seen_at, COALESCE(cert_serial, '') FROM session"
	" WHERE id_hash = ?1",
	/* STMT_SESSION_TOUCH */
	"UPDATE session SET seen_at = ?2 WHERE id_hash = ?1",
	/* STMT_SESSION_IDENTITY */
	"UPDATE session SET membership_id = ?2 WHERE id_hash = ?1"
	" AND person_id IS NOT NULL",
	/* STMT_SESSION_DEL */
	"DELETE FROM session WHERE id_hash = ?1",
	/* STMT_SESSION_EXPIRE */
	"DELETE FROM session WHERE seen_at < ?1 OR created_at < ?2",
	/* STMT_SESSION_DEL_PERSON */
	"DELETE FROM session WHERE person_id = ?1",
	/* STMT_PERSON_AUTH */
	"SELECT id, pw_hash, failed_logins, locked_until, last_failed_at"
	" FROM person WHERE mobile = ?1",
	/* STMT_PERSON_GET */
	"SELECT mobile, name FROM person WHERE id = ?1",
	/* STMT_PERSON_FAIL: a lock that has run out starts a new count. */
	"UPDATE person SET"
	" failed_logins = CASE WHEN locked_until <> 0 AND locked_until <= ?4"
	"   THEN 1 ELSE failed_logins + 1 END,"
	" locked_until = CASE"
	"   WHEN locked_until <> 0 AND locked_until <= ?4 THEN 0"
	"   WHEN failed_logins + 1 >= ?2 THEN ?3"
	"   ELSE locked_until END,"
	" last_failed_at = ?4 WHERE id = ?1",
	/* STMT_PERSON_OK */
	"UPDATE person SET failed_logins = 0, locked_until = 0 WHERE id = ?1",
	/* STMT_PERSON_SET_PW */
	"UPDATE person SET pw_hash = ?2, failed_logins = 0, locked_until = 0"
	" WHERE id = ?1",
	/* STMT_THROTTLE_GET */
	"SELECT failures, window_start, locked_until, last_at"
	" FROM login_throttle WHERE addr = ?1",
	/* STMT_THROTTLE_FAIL */
	"INSERT INTO login_throttle AS t (addr, failures, window_start,"
	" last_at)"
	" VALUES (?1, 1, ?2, ?2) ON CONFLICT (addr) DO UPDATE SET"
	" failures = CASE WHEN t.window_start < ?2 - ?3 OR"
	"   (t.locked_until <> 0 AND t.locked_until <= ?2) THEN 1"
	"   ELSE t.failures + 1 END,"
	" window_start = CASE WHEN t.window_start < ?2 - ?3 OR"
	"   (t.locked_until <> 0 AND t.locked_until <= ?2) THEN ?2"
	"   ELSE t.window_start END,"
	" locked_until = CASE"
	"   WHEN t.window_start < ?2 - ?3 OR"
	"     (t.locked_until <> 0 AND t.locked_until <= ?2) THEN 0"
	"   WHEN t.failures + 1 >= ?4 THEN ?2 + ?5 ELSE t.locked_until END,"
	" last_at = ?2",
	/* STMT_THROTTLE_CLEAR */
	"DELETE FROM login_throttle WHERE addr = ?1",
	/* STMT_RESET_SET */
	"INSERT INTO reset_code AS t (person_id, code_hash, salt, expires_at,"
	" sends, sent_at, window_start) VALUES (?1, ?2, ?6, ?3, 1, ?4, ?4)"
	" ON CONFLICT (person_id) DO UPDATE SET"
	" code_hash = ?2, salt = ?6, expires_at = ?3, sent_at = ?4,"
	" attempts = CASE WHEN t.window_start <= ?4 - ?5 THEN 0"
	"   ELSE t.attempts END,"
	" sends = CASE WHEN t.window_start <= ?4 - ?5 THEN 1"
	"   ELSE t.sends + 1 END,"
	" window_start = CASE WHEN t.window_start <= ?4 - ?5 THEN ?4"
	"   ELSE t.window_start END",
	/* STMT_RESET_GET */
	"SELECT code_hash, expires_at, attempts, sends, sent_at,"
	" window_start, salt FROM reset_code WHERE person_id = ?1",
	/* STMT_RESET_ATTEMPT */
	"UPDATE reset_code SET attempts = attempts + 1 WHERE person_id = ?1"
	" AND attempts < ?2",
	/* STMT_RESET_DEL */
	"DELETE FROM reset_code WHERE person_id = ?1",
	/* STMT_SIGNUP_SET */
	"INSERT INTO signup_code AS t (mobile, code_hash, salt, expires_at,"
	" sends, sent_at, window_start) VALUES (?1, ?2, ?6, ?3, 1, ?4, ?4)"
	" ON CONFLICT (mobile) DO UPDATE SET"
	" code_hash = ?2, salt = ?6, expires_at = ?3, sent_at = ?4,"
	" attempts = CASE WHEN t.window_start <= ?4 - ?5 THEN 0"
	"   ELSE t.attempts END,"
	" sends = CASE WHEN t.window_start <= ?4 - ?5 THEN 1"
	"   ELSE t.sends + 1 END,"
	" window_start = CASE WHEN t.window_start <= ?4 - ?5 THEN ?4"
	"   ELSE t.window_start END",
	/* STMT_SIGNUP_GET */
	"SELECT code_hash, expires_at, attempts, sends, sent_at,"
	" window_start, salt FROM signup_code WHERE mobile = ?1",
	/* STMT_SIGNUP_ATTEMPT */
	"UPDATE signup_code SET attempts = attempts + 1 WHERE mobile = ?1"
	" AND attempts < ?2",
	/* STMT_SIGNUP_DEL */
	"DELETE FROM signup_code WHERE mobile = ?1",
	/* STMT_MEMBERSHIPS */
	"SELECT m.id, COALESCE(m.company_id, 0), m.role,"
	" COALESCE(c.name, ''), COALESCE(c.uscc, '') FROM membership m"
	" LEFT JOIN company c ON c.id = m.company_id WHERE m.person_id = ?1"
	" ORDER BY m.company_id IS NULL, c.name, m.role",
	/* STMT_MEMBERSHIP_GET */
	"SELECT m.id, COALESCE(m.company_id, 0), m.role,"
	" COALESCE(c.name, ''), COALESCE(c.uscc, '') FROM membership m"
	" LEFT JOIN company c ON c.id = m.company_id"
	" WHERE m.id = ?1 AND m.person_id = ?2",
	/* STMT_CERT_HOLDER */
	"SELECT holder_id FROM cert WHERE serial_hex = ?1",
	/* STMT_CERT_ADD */
	"INSERT INTO cert (serial_hex, cert_type, company_id, holder_id,"
	" vendor, lock_type, media_vendor, key_serial, first_applied_at,"
	" not_after, ca) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	" ?11)"
	" RETURNING id",
	/* STMT_CERT_BY_KEY_SERIAL */
	"SELECT id, serial_hex FROM cert WHERE key_serial = ?1"
	" ORDER BY id LIMIT 1",
	/* STMT_PERSON_SET_NAME */
	"UPDATE person SET name = ?2 WHERE id = ?1",
	/* STMT_COMPANY_GET */
	"SELECT uscc, name, address, phone, bank, bank_account FROM company"
	" WHERE id = ?1",
	/* STMT_COMPANY_SET */
	"UPDATE company SET uscc = ?2, name = ?3, address = ?4, phone = ?5,"
	" bank = ?6, bank_account = ?7 WHERE id = ?1",
	/* STMT_STAFF_LIST */
	"SELECT m.id, m.person_id, m.role, p.name, p.mobile, m.created_at"
	" FROM membership m JOIN person p ON p.id = m.person_id"
	" WHERE m.company_id = ?1 ORDER BY CASE m.role WHEN 'admin' THEN 0"
	" WHEN 'project_lead' THEN 1 ELSE 2 END, m.id",
	/* STMT_STAFF_GET */
	"SELECT person_id, role FROM membership WHERE id = ?1"
	" AND company_id = ?2",
	/* STMT_STAFF_SET_ROLE */
	"UPDATE membership SET role = ?3 WHERE id = ?1 AND company_id = ?2",
	/* STMT_STAFF_UNSESSION */
	"UPDATE session SET membership_id = NULL WHERE membership_id = ?1",
	/* STMT_STAFF_DEL */
	"DELETE FROM membership WHERE id = ?1 AND company_id = ?2",
	/* STMT_ADMIN_COUNT */
	"SELECT count(*) FROM membership WHERE company_id = ?1"
	" AND role = 'admin'",
	/*
	 * CA管理: ?1 company (NULL: the 个人 identity), ?2 holder (NULL: any
	 * holder, for administrators), ?3 search text (NULL: all) matched
	 * against holder, serials, vendor and the Chinese type names.
	 */
	/* STMT_CERT_COUNT */
	"SELECT count(*) FROM cert c JOIN person p ON p.id = c.holder_id"
	" LEFT JOIN company co ON co.id = c.company_id"
	" WHERE c.company_id IS NOT DISTINCT FROM ?1 AND (?2 IS NULL OR c.holder_id = ?2)"
	" AND (?3 IS NULL OR instr(p.name, ?3) > 0"
	"  OR instr(COALESCE(co.name, ''), ?3) > 0"
	"  OR instr(c.serial_hex, upper(?3)) > 0"
	"  OR instr(upper(c.key_serial), upper(?3)) > 0"
	"  OR instr(upper(c.vendor), upper(?3)) > 0"
	"  OR instr(CASE c.cert_type WHEN 'company' THEN '企业证书'"
	"   ELSE '个人证书' END, ?3) > 0"
	"  OR instr(CASE c.lock_type WHEN 'company_master' THEN '单位(机构)主锁'"
	"   WHEN 'project_lead' THEN '项目负责人锁'"
	"   WHEN 'cost_engineer' THEN '造价师锁' ELSE '个人锁' END, ?3) > 0)",
	/* STMT_CERT_PAGE */
	"SELECT c.id, COALESCE(c.company_id, 0), c.holder_id, c.serial_hex,"
	" c.cert_type, c.lock_type, c.vendor, c.media_vendor, c.key_serial,"
	" c.first_applied_at, c.not_after, c.status, p.name,"
	" COALESCE(co.name, ''), COALESCE(co.uscc, '')"
	" FROM cert c JOIN person p ON p.id = c.holder_id"
	" LEFT JOIN company co ON co.id = c.company_id"
	" WHERE c.company_id IS NOT DISTINCT FROM ?1 AND (?2 IS NULL OR c.holder_id = ?2)"
	" AND (?3 IS NULL OR instr(p.name, ?3) > 0"
	"  OR instr(COALESCE(co.name, ''), ?3) > 0"
	"  OR instr(c.serial_hex, upper(?3)) > 0"
	"  OR instr(upper(c.key_serial), upper(?3)) > 0"
	"  OR instr(upper(c.vendor), upper(?3)) > 0"
	"  OR instr(CASE c.cert_type WHEN 'company' THEN '企业证书'"
	"   ELSE '个人证书' END, ?3) > 0"
	"  OR instr(CASE c.lock_type WHEN 'company_master' THEN '单位(机构)主锁'"
	"   WHEN 'project_lead' THEN '项目负责人锁'"
	"   WHEN 'cost_engineer' THEN '造价师锁' ELSE '个人锁' END, ?3) > 0)"
	" ORDER BY c.first_applied_at DESC, c.id DESC LIMIT ?4 OFFSET ?5",
	/* STMT_CERT_FIND */
	"SELECT c.id, COALESCE(c.company_id, 0), c.holder_id, c.serial_hex,"
	" c.cert_type, c.lock_type, c.vendor, c.media_vendor, c.key_serial,"
	" c.first_applied_at, c.not_after, c.status, p.name,"
	" COALESCE(co.name, ''), COALESCE(co.uscc, '')"
	" FROM cert c JOIN person p ON p.id = c.holder_id"
	" LEFT JOIN company co ON co.id = c.company_id"
	" WHERE c.company_id IS NOT DISTINCT FROM ?1 AND (?2 IS NULL OR c.holder_id = ?2)"
	" AND c.id = ?3",
	/* STMT_CERT_LINKED */
	"SELECT p.id, p.name FROM cert_platform cp"
	" JOIN platform p ON p.id = cp.platform_id WHERE cp.cert_id = ?1"
	" ORDER BY p.id",
	/* STMT_CERT_LINKABLE */
	"SELECT id, name FROM platform WHERE enabled = 1 AND id NOT IN"
	" (SELECT platform_id FROM cert_platform WHERE cert_id = ?1)"
	" ORDER BY id",
	/* STMT_CERT_LINK */
	"INSERT INTO cert_platform (cert_id, platform_id)"
	" SELECT ?1, id FROM platform WHERE id = ?2 AND enabled = 1"
	" ON CONFLICT DO NOTHING",
	/* STMT_CERT_STATUS_MOVE */
	"UPDATE cert SET status = ?3 WHERE id = ?1 AND status = ?2",
	/* STMT_PRODUCT_ID */
	"SELECT id FROM product WHERE code = ?1",
	/* STMT_PRODUCT_PRICE */
	"SELECT price_fen FROM product WHERE id = ?1",
	/* STMT_ORDER_ADD */
	"INSERT INTO orders (order_no, kind, person_id, membership_id,"
	" company_id, cert_id, product_id, quantity, amount_fen, reason,"
	" reason_text, submit_key, created_at, updated_at,"
	" statement_upload_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13,"
	" ?14)"
	" RETURNING id",
	/* STMT_ORDER_BY_KEY */
	"SELECT id, person_id FROM orders WHERE submit_key = ?1",
	/* STMT_ORDER_BY_NO */
	"SELECT id FROM orders WHERE order_no = ?1",
	/* STMT_ORDER_OPEN_CERT: "open" as in the index orders_open_cert. */
	"SELECT id FROM orders WHERE cert_id = ?1"
	" AND pay_state IN ('unpaid', 'paid')"
	" AND delivery_state NOT IN ('picked_up', 'delivered')",
	/* STMT_ORDER_GET */
	"SELECT id, order_no, kind, person_id, membership_id,"
	" COALESCE(company_id, 0), COALESCE(cert_id, 0), product_id, quantity,"
	" amount_fen, COALESCE(reason, ''), reason_text, pay_state,"
	" review_state, delivery_state, COALESCE(pickup_method, ''),"
	" COALESCE(office_id, 0), ship_address, tracking_no,"
	" COALESCE(pickup_code_hash, ''), reject_reason, created_at,"
	" updated_at, COALESCE(paid_at, 0) FROM orders WHERE id = ?1",
	/*
	 * STMT_ORDER_MOVE: compare and set.  ?8 now (never before the
	 * order's creation), ?9 whether this move is the payment, ?10-?12
	 * the data the move brings (NULL: unchanged).
	 */
	"UPDATE orders SET pay_state = ?5, review_state = ?6,"
	" delivery_state = ?7, updated_at = CASE WHEN ?8 > created_at THEN ?8 ELSE created_at END,"
	" paid_at = CASE WHEN ?9 <> 0 THEN CASE WHEN ?8 > created_at THEN ?8 ELSE created_at END ELSE paid_at END,"
	" tracking_no = COALESCE(?10, tracking_no),"
	" pickup_code_hash = COALESCE(?11, pickup_code_hash),"
	" reject_reason = COALESCE(?12, reject_reason)"
	" WHERE id = ?1 AND pay_state = ?2 AND review_state = ?3"
	" AND delivery_state = ?4",
	/*
	 * STMT_ORDER_PICKUP_SET: while unpaid, or once if payment came
	 * before a choice and nothing has been handed over yet.
	 */
	"UPDATE orders SET pickup_method = ?2, office_id = ?3,"
	" ship_address = ?4, updated_at = CASE WHEN ?5 > created_at THEN ?5"
	"  ELSE created_at END"
	" WHERE id = ?1 AND (pay_state = 'unpaid' OR (pay_state = 'paid'"
	" AND pickup_method IS NULL AND delivery_state IN"
	" ('none', 'awaiting_issue', 'issued')))",
	/* STMT_ORDER_EVENT_ADD */
	"INSERT INTO order_event (order_id, at, actor, event, from_pay,"
	" from_review, from_delivery, to_pay, to_review, to_delivery, detail)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/* STMT_ORDER_EVENTS */
	"SELECT id, at, actor, event, COALESCE(from_pay, ''),"
	" COALESCE(from_review, ''), COALESCE(from_delivery, ''), to_pay,"
	" to_review, to_delivery, detail FROM order_event WHERE order_id = ?1"
	" ORDER BY id",
	/* STMT_ORDER_NEXT_DUE */
	"SELECT id FROM orders WHERE pay_state = 'unpaid' AND created_at <= ?1"
	" AND id > ?2 ORDER BY id LIMIT 1",
	/* STMT_UPLOAD_ADD */
	"INSERT INTO upload (sha256, ctype, size, filename, person_id,"
	" company_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	" RETURNING id",
	/* STMT_UPLOAD_GET */
	"SELECT id, sha256, ctype, size, filename, person_id,"
	" COALESCE(company_id, 0), created_at FROM upload WHERE id = ?1",
	/* STMT_UPLOAD_COUNT_SINCE */
	"SELECT count(*) FROM upload WHERE person_id = ?1"
	" AND created_at >= ?2",
	/* STMT_DRAFT_GET */
	"SELECT reason, reason_text, COALESCE(upload_id, 0), updated_at,"
	" COALESCE(submit_key, '') FROM reissue_draft WHERE person_id = ?1 AND cert_id = ?2",
	/* STMT_DRAFT_SET: ?5 NULL keeps the draft's upload. */
	"INSERT INTO reissue_draft AS t (person_id, cert_id, reason,"
	" reason_text, upload_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT (person_id, cert_id) DO UPDATE SET reason = ?3,"
	" reason_text = ?4, upload_id = COALESCE(?5, t.upload_id),"
	" updated_at = ?6",
	/* STMT_DRAFT_KEY: the first key given stays. */
	"UPDATE reissue_draft SET submit_key = COALESCE(submit_key, ?3)"
	" WHERE person_id = ?1 AND cert_id = ?2",
	/* STMT_DRAFT_DELETE */
	"DELETE FROM reissue_draft WHERE person_id = ?1 AND cert_id = ?2",
	/* STMT_INVOICE_SET: only while the order is unpaid. */
	"INSERT INTO invoice (order_id, kind, title, tax_id, address, phone,"
	" bank, bank_account, created_at, updated_at)"
	" SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9 FROM orders"
	" WHERE id = ?1 AND pay_state = 'unpaid'"
	" ON CONFLICT (order_id) DO UPDATE SET kind = ?2, title = ?3,"
	" tax_id = ?4, address = ?5, phone = ?6, bank = ?7,"
	" bank_account = ?8, updated_at = ?9",
	/* STMT_INVOICE_DEL: 不开具, only while the order is unpaid. */
	"DELETE FROM invoice WHERE order_id = ?1 AND (SELECT pay_state"
	" FROM orders WHERE id = ?1) = 'unpaid'",
	/* STMT_INVOICE_GET */
	"SELECT kind, title, tax_id, address, phone, bank, bank_account,"
	" state, created_at, updated_at, COALESCE(upload_id, 0),"
	" COALESCE(invoice_no, ''), COALESCE(tracking_no, ''),"
	" COALESCE(issued_at, 0) FROM invoice WHERE order_id = ?1",
	/* STMT_PAYMENT_START: only while the order is unpaid; an
	 * existing one stays as it is. */
	"INSERT INTO payment (order_id, provider, amount_fen, started_at,"
	" updated_at) SELECT ?1, ?2, ?3, ?4, ?4 FROM orders"
	" WHERE id = ?1 AND pay_state = 'unpaid'"
	" ON CONFLICT (order_id) DO NOTHING",
	/* STMT_PAYMENT_GET */
	"SELECT provider, amount_fen, state, COALESCE(trade_no, ''),"
	" started_at, updated_at, COALESCE(paid_at, 0) FROM payment"
	" WHERE order_id = ?1",
	/* STMT_PAYMENT_PAID */
	"UPDATE payment SET state = 'paid', trade_no = ?2, paid_at = ?3,"
	" updated_at = ?3 WHERE order_id = ?1 AND state = 'started'",
	/* STMT_PAYMENT_CLOSE */
	"UPDATE payment SET state = 'closed', updated_at = ?2"
	" WHERE order_id = ?1 AND state = 'started'",
	/*
	 * The order scope (订单管理, 发票管理) is ?1 company (NULL: the 个人
	 * identity) and ?2 buyer (NULL: every buyer, for administrators).
	 */
	/* STMT_ORDER_COUNT: ?3 kind, NULL for every kind. */
	"SELECT count(*) FROM orders WHERE company_id IS NOT DISTINCT FROM ?1"
	" AND (?2 IS NULL OR person_id = ?2) AND (?3 IS NULL OR kind = ?3)",
	/* STMT_ORDER_PAGE: newest first; 持锁人 as CA管理 shows it. */
	"SELECT o.id, o.order_no, o.kind, p.name, o.amount_fen, o.pay_state,"
	" o.review_state, o.delivery_state, COALESCE(o.pickup_method, ''),"
	" COALESCE(c.lock_type, ''), CASE WHEN c.id IS NULL THEN ''"
	"  WHEN c.cert_type = 'company' AND cc.name IS NOT NULL THEN cc.name"
	"  ELSE h.name END, o.created_at"
	" FROM orders o JOIN person p ON p.id = o.person_id"
	" LEFT JOIN cert c ON c.id = o.cert_id"
	" LEFT JOIN person h ON h.id = c.holder_id"
	" LEFT JOIN company cc ON cc.id = c.company_id"
	" WHERE o.company_id IS NOT DISTINCT FROM ?1 AND (?2 IS NULL OR o.person_id = ?2)"
	" AND (?3 IS NULL OR o.kind = ?3)"
	" ORDER BY o.created_at DESC, o.id DESC LIMIT ?4 OFFSET ?5",
	/* STMT_ORDER_FIND: ?3 the order's id, if it is in scope. */
	"SELECT p.name, COALESCE(co.name, ''), COALESCE(co.uscc, ''),"
	" COALESCE(f.name, ''), COALESCE(f.address, ''),"
	" COALESCE(u.id, 0), COALESCE(u.filename, '')"
	" FROM orders o JOIN person p ON p.id = o.person_id"
	" LEFT JOIN company co ON co.id = o.company_id"
	" LEFT JOIN office f ON f.id = o.office_id"
	" LEFT JOIN upload u ON u.id = o.statement_upload_id"
	" WHERE o.company_id IS NOT DISTINCT FROM ?1 AND (?2 IS NULL OR o.person_id = ?2)"
	" AND o.id = ?3",
	/* STMT_INVOICE_COUNT */
	"SELECT count(*) FROM invoice i JOIN orders o ON o.id = i.order_id"
	" WHERE o.company_id IS NOT DISTINCT FROM ?1 AND (?2 IS NULL OR o.person_id = ?2)",
	/* STMT_INVOICE_PAGE: newest request first. */
	"SELECT o.id, o.order_no, o.pay_state, i.kind, i.title_type, i.title,"
	" i.tax_id, o.amount_fen, i.state, i.created_at, o.created_at,"
	" i.upload_id IS NOT NULL, COALESCE(i.invoice_no, ''),"
	" COALESCE(i.tracking_no, '')"
	" FROM invoice i JOIN orders o ON o.id = i.order_id"
	" WHERE o.company_id IS NOT DISTINCT FROM ?1 AND (?2 IS NULL OR o.person_id = ?2)"
	" ORDER BY i.created_at DESC, o.id DESC LIMIT ?3 OFFSET ?4",
	/* STMT_OFFICE_LIST */
	"SELECT id, code, name, address, apply_url FROM office ORDER BY id",
	/* STMT_OFFICE_URL */
	"UPDATE office SET apply_url = ?2 WHERE code = ?1",
	/* STMT_SESSION_CERT */
	"UPDATE session SET cert_serial = ?2 WHERE id_hash = ?1",
	/* STMT_OPERATOR_ADD: adds, or moves and reactivates. */
	"INSERT INTO operator (person_id, office_id, created_at)"
	" VALUES (?1, ?2, ?3) ON CONFLICT (person_id) DO UPDATE SET"
	" office_id = ?2, active = 1",
	/* STMT_OPERATOR_GET */
	"SELECT o.office_id, f.code, f.name, o.active FROM operator o"
	" JOIN office f ON f.id = o.office_id WHERE o.person_id = ?1",
	/* STMT_PAYMENT_REFUNDED */
	"UPDATE payment SET state = 'refunded', updated_at = ?2"
	" WHERE order_id = ?1 AND state = 'paid'",
	/*
	 * The operators' queue (fcgi/ops.c): paid CA补办 orders.  An order
	 * belongs to its 现场领取 office, or else to the office whose code
	 * is ?2 (邮寄: ORDER_MAIL_OFFICE, as order_office() says); ?1 an
	 * office code, NULL for every office.
	 */
	/* STMT_OPS_COUNTS: every status of appdb_ops_status at once. */
	"SELECT count(*),"
	" COALESCE(sum(CASE WHEN o.pay_state = 'paid'"
	"  AND o.review_state = 'pending' THEN 1 ELSE 0 END), 0),"
	" COALESCE(sum(CASE WHEN o.delivery_state = 'awaiting_issue'"
	"  THEN 1 ELSE 0 END), 0),"
	" COALESCE(sum(CASE WHEN o.delivery_state IN"
	"  ('issued', 'ready', 'shipped') THEN 1 ELSE 0 END), 0),"
	" COALESCE(sum(CASE WHEN o.delivery_state IN"
	"  ('picked_up', 'delivered') THEN 1 ELSE 0 END), 0),"
	" COALESCE(sum(CASE WHEN o.review_state = 'rejected'"
	"  THEN 1 ELSE 0 END), 0)"
	" FROM orders o LEFT JOIN office r ON r.id = CASE WHEN"
	"  o.pickup_method = 'onsite' THEN o.office_id ELSE"
	"  (SELECT id FROM office WHERE code = ?2) END"
	" WHERE o.kind = 'ca_reissue' AND o.paid_at IS NOT NULL"
	" AND (?1 IS NULL OR r.code = ?1)",
	/* STMT_OPS_PAGE: ?3 status code; oldest payment first. */
	"SELECT o.id, o.order_no, o.paid_at, COALESCE(co.name, ''), p.name,"
	" CASE WHEN c.id IS NULL THEN ''"
	"  WHEN c.cert_type = 'company' AND cc.name IS NOT NULL THEN cc.name"
	"  ELSE h.name END, COALESCE(c.lock_type, ''), COALESCE(o.reason, ''),"
	" o.reason_text, COALESCE(o.pickup_method, ''), COALESCE(r.code, ''),"
	" COALESCE(r.name, ''), o.pay_state, o.review_state, o.delivery_state,"
	" EXISTS (SELECT 1 FROM issue_request ir WHERE ir.order_id = o.id)"
	" FROM orders o JOIN person p ON p.id = o.person_id"
	" LEFT JOIN company co ON co.id = o.company_id"
	" LEFT JOIN cert c ON c.id = o.cert_id"
	" LEFT JOIN person h ON h.id = c.holder_id"
	" LEFT JOIN company cc ON cc.id = c.company_id"
	" LEFT JOIN office r ON r.id = CASE WHEN"
	"  o.pickup_method = 'onsite' THEN o.office_id ELSE"
	"  (SELECT id FROM office WHERE code = ?2) END"
	" WHERE o.kind = 'ca_reissue' AND o.paid_at IS NOT NULL"
	" AND (?1 IS NULL OR r.code = ?1) AND (?3 = 'all'"
	"  OR (?3 = 'pending' AND o.pay_state = 'paid'"
	"   AND o.review_state = 'pending')"
	"  OR (?3 = 'approved' AND o.delivery_state = 'awaiting_issue')"
	"  OR (?3 = 'delivering' AND o.delivery_state IN"
	"   ('issued', 'ready', 'shipped'))"
	"  OR (?3 = 'done' AND o.delivery_state IN ('picked_up', 'delivered'))"
	"  OR (?3 = 'rejected' AND o.review_state = 'rejected'))"
	" ORDER BY o.paid_at, o.id LIMIT ?4 OFFSET ?5",
	/* STMT_CERT_SERIAL */
	"SELECT serial_hex FROM cert WHERE id = ?1",
	/* STMT_CERT_REPLACEMENT */
	"SELECT id, serial_hex FROM cert WHERE replaces_id = ?1",
	/*
	 * STMT_CERT_REPLACE_ADD: the replacement of ?1 with serial ?2,
	 * media vendor ?3 (NULL: the old one's), key serial ?4, notAfter
	 * ?5; everything else as the old row says.
	 */
	"INSERT INTO cert (serial_hex, cert_type, company_id, holder_id,"
	" vendor, lock_type, media_vendor, key_serial, first_applied_at,"
	" not_after, replaces_id, ca) SELECT ?2, cert_type, company_id,"
	" holder_id, vendor, lock_type, COALESCE(?3, media_vendor), ?4,"
	" first_applied_at, ?5, id, ca FROM cert WHERE id = ?1"
	" RETURNING id",
	/* STMT_CERT_REPLACE_PLATFORMS: ?1's platforms for ?2 too. */
	"INSERT INTO cert_platform (cert_id, platform_id)"
	" SELECT ?2, platform_id FROM cert_platform WHERE cert_id = ?1"
	" ON CONFLICT DO NOTHING",
	/* STMT_CERT_RETIRE */
	"UPDATE cert SET status = 'revoked' WHERE id = ?1"
	" AND status <> 'revoked'",
	/* STMT_ISSUE_REQUEST_ADD */
	"INSERT INTO issue_request (order_id, kind, csr, key_serial,"
	" requested_by, requested_serial, requested_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* STMT_ISSUE_REQUEST_GET */
	"SELECT r.kind, r.csr, r.key_serial, r.requested_by, p.name,"
	" r.requested_serial, r.requested_at FROM issue_request r"
	" JOIN person p ON p.id = r.requested_by WHERE r.order_id = ?1",
	/* STMT_ISSUE_REQUEST_DEL */
	"DELETE FROM issue_request WHERE order_id = ?1",
	/* STMT_OPERATOR_DISABLE */
	"UPDATE operator SET active = 0 WHERE person_id = ?1 AND active = 1",
	/*
	 * STMT_INVOICE_DESK: the invoices of orders of office ?1 (an order's
	 * office as in STMT_OPS_PAGE, ?2 the mail office): those to issue
	 * (requested, order paid) first, then the rest; oldest request first.
	 */
	"SELECT o.id, o.order_no, o.pay_state, i.kind, i.title, i.tax_id,"
	" o.amount_fen, i.state, i.created_at, o.created_at,"
	" COALESCE(co.name, p.name), COALESCE(i.invoice_no, ''),"
	" COALESCE(i.tracking_no, ''), COALESCE(i.issued_at, 0)"
	" FROM invoice i JOIN orders o ON o.id = i.order_id"
	" JOIN person p ON p.id = o.person_id"
	" LEFT JOIN company co ON co.id = o.company_id"
	" JOIN office r ON r.id = CASE WHEN"
	"  o.pickup_method = 'onsite' THEN o.office_id ELSE"
	"  (SELECT id FROM office WHERE code = ?2) END"
	" WHERE r.code = ?1"
	" ORDER BY NOT (i.state = 'requested' AND o.pay_state = 'paid'),"
	" i.created_at, o.id LIMIT ?3",
	/*
	 * STMT_INVOICE_ISSUE: requested -> issued, only of kind ?2 and
	 * while the order is paid.
	 */
	"UPDATE invoice SET state = 'issued', upload_id = ?3, invoice_no = ?4,"
	" tracking_no = ?5, issued_at = ?6, issued_by = ?7, updated_at = ?6"
	" WHERE order_id = ?1 AND kind = ?2 AND state = 'requested'"
	" AND (SELECT pay_state FROM orders WHERE id = ?1) = 'paid'",
	/* STMT_CERT_CA */
	"SELECT ca FROM cert WHERE serial_hex = ?1",
	/*
	 * STMT_CERT_SIBLING: the newest valid certificate of CA ?2 held by
	 * the holder of certificate ?1, unexpired at ?3.
	 */
	"SELECT n.serial_hex FROM cert n JOIN cert a ON a.holder_id ="
	" n.holder_id WHERE a.serial_hex = ?1 AND n.ca = ?2 AND n.status ="
	" 'valid' AND n.not_after > ?3 ORDER BY n.id DESC LIMIT 1",
	/* STMT_CERT_LOCK: who holds certificate ?1, for which company,
	 * on which kind of key (CA登录's lock-type rule). */
	"SELECT holder_id, COALESCE(company_id, 0), lock_type FROM cert"
	" WHERE serial_hex = ?1",
	/* STMT_JOIN_ADD */
	"INSERT INTO join_request (person_id, company_id, role, created_at)"
	" VALUES (?1, ?2, ?3, ?4)"
	" RETURNING id",
	/* STMT_JOIN_OPEN */
	"SELECT id FROM join_request WHERE person_id = ?1"
	" AND company_id = ?2 AND role = ?3 AND state = 'pending'",
	/*
	 * STMT_JOIN_MINE: person ?1's pending requests and the decisions
	 * not yet dismissed, newest first.
	 */
	"SELECT j.id, j.company_id, c.name, c.uscc, j.role, j.state,"
	" j.created_at, COALESCE(j.decided_at, 0) FROM join_request j"
	" JOIN company c ON c.id = j.company_id WHERE j.person_id = ?1"
	" AND (j.state = 'pending' OR j.seen_at IS NULL)"
	" ORDER BY j.id DESC LIMIT ?2",
	/* STMT_JOIN_COMPANY: company ?1's pending requests, oldest first. */
	"SELECT j.id, j.person_id, p.name, p.mobile, j.role, j.created_at"
	" FROM join_request j JOIN person p ON p.id = j.person_id"
	" WHERE j.company_id = ?1 AND j.state = 'pending'"
	" ORDER BY j.created_at, j.id LIMIT ?2",
	/* STMT_JOIN_GET: request ?1 if it is company ?2's. */
	"SELECT person_id, role, state FROM join_request WHERE id = ?1"
	" AND company_id = ?2",
	/* STMT_JOIN_DECIDE: pending -> approved | refused, once. */
	"UPDATE join_request SET state = ?3, decided_at = ?4,"
	" decided_by = ?5, membership_id = ?6 WHERE id = ?1"
	" AND company_id = ?2 AND state = 'pending'",
	/* STMT_JOIN_SEEN */
	"UPDATE join_request SET seen_at = ?2 WHERE person_id = ?1"
	" AND state <> 'pending' AND seen_at IS NULL",
};

/*
 * PostgreSQL's spelling where it differs (lib/dbpg.c): NULL is
 * db_sql[]'s, "" a statement PostgreSQL has no use for.  A statement
 * without arguments runs as a simple query, so it may be several.
 *
 * Transactions behave as SQLite's do.  A writer (STMT_BEGIN) takes the
 * transaction-level advisory lock 0x61707064 ("appd", the app database's
 * writer lock; the CA store's will be another key) first, waiting up to
 * 5 s like SQLite's busy timeout: writers run one at a time, as under
 * BEGIN IMMEDIATE.  It runs READ COMMITTED, so that each of its
 * statements sees what the writer before it committed (a REPEATABLE READ
 * snapshot would date from before the lock was granted).  A reader
 * (STMT_BEGIN_READ) is one REPEATABLE READ, READ ONLY snapshot, as a
 * deferred SQLite read transaction is, and never waits for a writer.
 * lib/dbpg.c runs a change made outside a transaction inside one of these
 * writer transactions, as SQLite's autocommit takes the write lock.
 */
const char *const db_sql_pg[STMT__MAX] = {
	[STMT_BEGIN] =
	"BEGIN ISOLATION LEVEL READ COMMITTED;"
	" SET LOCAL lock_timeout = '5s';"
	" SELECT pg_advisory_xact_lock(1634758756)",
	[STMT_BEGIN_READ] =
	"BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
	[STMT_FOREIGN_KEYS] = "",	/* always on */
	[STMT_SECURE_DELETE] = "",	/* see README, PostgreSQL */
	[STMT_WAL] = "",
	[STMT_USER_VERSION] =
	"SELECT COALESCE((SELECT version FROM schema_version), 0)",
};
