/*
 * db.c: the web application's SQLite database: the connection, its
 * migrations, transactions and snapshots, and the small helpers every
 * file of fcgi/db/ uses (declared in fcgi/db/dbint.h).
 *
 * fcgi/db/ is the web database, one file per domain, each with a header
 * saying what it holds; fcgi/appdb.h includes all the headers:
 *   db.c        connection, migrations, transactions, the helpers that
 *               bind, run and copy rows (lib/sqlrow.h's maps)
 *   sql.c       the one table of statements (enum appdb_stmt)
 *   session.c   sessions
 *   person.c    people, login failures and throttles, SMS codes
 *   identity.c  memberships and roles, staff, join requests
 *   company.c   companies
 *   cert.c      certificates (CA管理), replacements, the lock rule
 *   platform.c  linked platforms
 *   order.c     products, orders, their history and lists
 *   payment.c   payments
 *   invoice.c   invoice requests, their list, the invoice desk
 *   upload.c    uploads, the 补办 wizard's drafts
 *   operator.c  offices, operators, their queue, dual control
 *   audit.c     the hash-chained audit log
 * (`webctl demo`'s data is webctl's: fcgi/webctldemo.c.)
 *
 * Invariants:
 * - All SQL lives in two tables: appdb_migrations[] below (schema
 *   scripts) and db_sql[] (fcgi/db/sql.c: every other statement, one per
 *   enum appdb_stmt).  Statements are prepared once, on first use and at
 *   the latest at the end of appdb_open(), and reset (bindings cleared)
 *   right after each use.  No SQL is ever built from strings at run time.
 * - The schema is versioned by PRAGMA user_version.  appdb_migrations[N-1]
 *   takes version N-1 to N and ends by setting user_version to N; it runs
 *   inside one BEGIN IMMEDIATE transaction, so a migration is all or
 *   nothing and concurrent openers migrate once.  To change the schema,
 *   append a script; never edit a released one.  A database newer than
 *   the code is refused before anything is written to it.
 * - Connections run with foreign keys on, secure_delete on (freed pages
 *   are zeroed: old password hashes do not linger), WAL journal, a 5 s
 *   busy timeout, SQLITE_DBCONFIG_DEFENSIVE, and an untrusted schema.
 * - Money is integer fen, times unix seconds UTC, ids positive.
 * - A domain file names each result row's columns once, in a row map
 *   beside the function (SQLCOL_*), and passes arguments as a list
 *   (SQLROW_ARGS); what stays hand-written says why.
 * - The audit table is append-only (fcgi/db/audit.c says how).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/db/dbint.h"
#include "lib/log.h"
#include "lib/sqlrow.h"

#define APPDB_BUSY_MS		5000

static const char *const appdb_migrations[] = {
	/* 1: people, companies, roles, platforms, offices, certificates,
	 * products, audit log */
	"CREATE TABLE person ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  mobile TEXT NOT NULL UNIQUE CHECK (mobile GLOB"
	"    '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),"
	"  pw_hash TEXT CHECK (pw_hash IS NULL OR"
	"    length(pw_hash) BETWEEN 1 AND 256),"
	"  created_at INTEGER NOT NULL CHECK (created_at >= 0),"
	"  failed_logins INTEGER NOT NULL DEFAULT 0"
	"    CHECK (failed_logins >= 0),"
	"  locked_until INTEGER NOT NULL DEFAULT 0 CHECK (locked_until >= 0)"
	") STRICT;"
	"CREATE TABLE company ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  uscc TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18 AND"
	"    uscc NOT GLOB '*[^0-9A-HJ-NPQRTUWXY]*'),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 128),"
	"  address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 256),"
	"  phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 32),"
	"  bank TEXT NOT NULL DEFAULT '' CHECK (length(bank) <= 128),"
	"  bank_account TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(bank_account) <= 64),"
	"  created_at INTEGER NOT NULL CHECK (created_at >= 0)"
	") STRICT;"
	/* company_id is NULL exactly for the 个人 identity. */
	"CREATE TABLE membership ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  person_id INTEGER NOT NULL REFERENCES person (id),"
	"  company_id INTEGER REFERENCES company (id),"
	"  role TEXT NOT NULL CHECK (role IN"
	"    ('admin', 'project_lead', 'cost_engineer', 'personal')),"
	"  created_at INTEGER NOT NULL CHECK (created_at >= 0),"
	"  CHECK ((role = 'personal') = (company_id IS NULL)),"
	"  UNIQUE (person_id, company_id, role)"
	") STRICT;"
	/* UNIQUE treats NULLs as distinct: one 个人 row per person. */
	"CREATE UNIQUE INDEX membership_personal ON membership (person_id)"
	"  WHERE company_id IS NULL;"
	"CREATE INDEX membership_company ON membership (company_id, role);"
	"CREATE TABLE platform ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),"
	"  notice_url TEXT NOT NULL CHECK (length(notice_url) <= 512 AND"
	"    (notice_url GLOB 'http://?*' OR notice_url GLOB 'https://?*')),"
	"  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))"
	") STRICT;"
	"CREATE TABLE office ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32"
	"    AND code NOT GLOB '*[^a-z]*'),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),"
	"  address TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 256)"
	") STRICT;"
	/*
	 * The certificates applicants see in CA管理.  serial_hex is the
	 * daemon's form (ca/castore.h): upper-case hex, at most 20 bytes.
	 * A company certificate is always the company master key; project
	 * lead and cost engineer keys belong to a company too.
	 */
	"CREATE TABLE cert ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  serial_hex TEXT NOT NULL UNIQUE CHECK"
	"    (length(serial_hex) BETWEEN 1 AND 40 AND"
	"    serial_hex NOT GLOB '*[^0-9A-F]*'),"
	"  cert_type TEXT NOT NULL CHECK (cert_type IN"
	"    ('personal', 'company')),"
	"  company_id INTEGER REFERENCES company (id),"
	"  holder_id INTEGER NOT NULL REFERENCES person (id),"
	"  vendor TEXT NOT NULL CHECK (length(vendor) BETWEEN 1 AND 32),"
	"  lock_type TEXT NOT NULL CHECK (lock_type IN ('company_master',"
	"    'project_lead', 'personal', 'cost_engineer')),"
	"  media_vendor TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(media_vendor) <= 64),"
	"  key_serial TEXT NOT NULL CHECK"
	"    (length(key_serial) BETWEEN 1 AND 64),"
	"  first_applied_at INTEGER NOT NULL CHECK (first_applied_at >= 0),"
	"  not_after INTEGER NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN"
	"    ('valid', 'reissuing', 'revoked', 'expired')),"
	"  CHECK (not_after > first_applied_at),"
	"  CHECK ((cert_type = 'company') = (lock_type = 'company_master')),"
	"  CHECK (lock_type = 'personal' OR company_id IS NOT NULL)"
	") STRICT;"
	"CREATE INDEX cert_company ON cert (company_id, first_applied_at);"
	"CREATE INDEX cert_holder ON cert (holder_id, first_applied_at);"
	"CREATE TABLE cert_platform ("
	"  cert_id INTEGER NOT NULL REFERENCES cert (id),"
	"  platform_id INTEGER NOT NULL REFERENCES platform (id),"
	"  PRIMARY KEY (cert_id, platform_id)"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX cert_platform_platform ON cert_platform (platform_id);"
	"CREATE TABLE product ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32"
	"    AND code NOT GLOB '*[^a-z_]*'),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),"
	"  price_fen INTEGER NOT NULL CHECK (price_fen >= 0)"
	") STRICT;"
	"INSERT INTO product (code, name, price_fen)"
	"  VALUES ('ca_reissue', 'CA补办', 5000);"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  at INTEGER NOT NULL CHECK (at >= 0),"
	"  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64 AND"
	"    instr(actor, char(10)) = 0),"
	"  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64 AND"
	"    instr(action, char(10)) = 0),"
	"  detail TEXT NOT NULL CHECK (length(CAST(detail AS BLOB)) <= 4096),"
	"  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),"
	"  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)"
	") STRICT;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
	"PRAGMA user_version = 1;",
	/* 2: sessions, login throttling per client address, reset codes */
	"CREATE TABLE session ("
	"  id_hash TEXT PRIMARY KEY CHECK (length(id_hash) = 64),"
	"  person_id INTEGER REFERENCES person (id),"
	"  membership_id INTEGER REFERENCES membership (id),"
	"  csrf TEXT NOT NULL CHECK (length(csrf) = 64),"
	"  created_at INTEGER NOT NULL,"
	"  seen_at INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;"
	"CREATE INDEX session_seen ON session (seen_at);"
	"CREATE INDEX session_person ON session (person_id);"
	"CREATE TABLE login_throttle ("
	"  addr TEXT PRIMARY KEY CHECK (length(addr) BETWEEN 1 AND 64),"
	"  failures INTEGER NOT NULL CHECK (failures >= 0),"
	"  window_start INTEGER NOT NULL,"
	"  locked_until INTEGER NOT NULL DEFAULT 0"
	") STRICT, WITHOUT ROWID;"
	/*
	 * One row per person who asked for a code.  attempts and sends
	 * count within the hour that began at window_start, so asking for
	 * a new code does not buy new guesses.
	 */
	"CREATE TABLE reset_code ("
	"  person_id INTEGER PRIMARY KEY REFERENCES person (id),"
	"  code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),"
	"  expires_at INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
	"  sends INTEGER NOT NULL DEFAULT 0 CHECK (sends >= 0),"
	"  sent_at INTEGER NOT NULL DEFAULT 0,"
	"  window_start INTEGER NOT NULL DEFAULT 0"
	") STRICT;"
	"ALTER TABLE person ADD COLUMN last_failed_at INTEGER NOT NULL"
	"  DEFAULT 0;"
	"PRAGMA user_version = 2;",
	/*
	 * 3: orders and their history.  Payment, review and delivery are
	 * three columns of one order; the CHECKs admit only the state
	 * combinations fcgi/order.c can reach, and the data each state
	 * needs (a paid order has paid_at, a rejected one its reason, a
	 * pickup its code, a shipment its tracking number).
	 */
	"CREATE TABLE orders ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  order_no TEXT NOT NULL UNIQUE CHECK (length(order_no) BETWEEN 10"
	"    AND 32 AND order_no GLOB 'CR[0-9]*' AND"
	"    substr(order_no, 3) NOT GLOB '*[^0-9]*'),"
	"  kind TEXT NOT NULL CHECK (kind IN"
	"    ('ca_reissue', 'goods', 'course', 'other')),"
	"  person_id INTEGER NOT NULL REFERENCES person (id),"
	"  membership_id INTEGER NOT NULL REFERENCES membership (id),"
	"  company_id INTEGER REFERENCES company (id),"
	"  cert_id INTEGER REFERENCES cert (id),"
	"  product_id INTEGER NOT NULL REFERENCES product (id),"
	"  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),"
	"  amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),"
	"  reason TEXT CHECK (reason IN ('lost', 'damaged', 'other')),"
	"  reason_text TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(reason_text) <= 200),"
	"  pay_state TEXT NOT NULL DEFAULT 'unpaid' CHECK (pay_state IN"
	"    ('unpaid', 'paid', 'refunded', 'closed', 'cancelled')),"
	"  review_state TEXT NOT NULL DEFAULT 'none' CHECK (review_state IN"
	"    ('none', 'pending', 'approved', 'rejected')),"
	"  delivery_state TEXT NOT NULL DEFAULT 'none' CHECK (delivery_state"
	"    IN ('none', 'awaiting_issue', 'issued', 'ready', 'picked_up',"
	"    'shipped', 'delivered')),"
	"  pickup_method TEXT CHECK (pickup_method IN ('mail', 'onsite')),"
	"  office_id INTEGER REFERENCES office (id),"
	"  ship_address TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(ship_address) <= 256),"
	"  tracking_no TEXT NOT NULL DEFAULT '' CHECK (length(tracking_no)"
	"    <= 64 AND tracking_no NOT GLOB '*[^0-9A-Za-z]*'),"
	"  pickup_code_hash TEXT CHECK (length(pickup_code_hash) = 64 AND"
	"    pickup_code_hash NOT GLOB '*[^0-9a-f]*'),"
	"  reject_reason TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(reject_reason) <= 200),"
	"  submit_key TEXT NOT NULL UNIQUE CHECK (length(submit_key) BETWEEN"
	"    16 AND 64 AND submit_key NOT GLOB '*[^-0-9A-Za-z_]*'),"
	"  created_at INTEGER NOT NULL CHECK (created_at >= 0),"
	"  updated_at INTEGER NOT NULL CHECK (updated_at >= created_at),"
	"  paid_at INTEGER CHECK (paid_at >= created_at),"
	/* A certificate reissue names its certificate and why. */
	"  CHECK ((kind = 'ca_reissue') = (cert_id IS NOT NULL)),"
	"  CHECK ((kind = 'ca_reissue') = (reason IS NOT NULL)),"
	"  CHECK ((reason IS 'other') = (reason_text <> '')),"
	/* The reachable (pay, review, delivery) combinations. */
	"  CHECK ((pay_state IN ('unpaid', 'closed', 'cancelled') AND"
	"    review_state = 'none' AND delivery_state = 'none') OR"
	"    (pay_state = 'paid' AND review_state = 'pending' AND"
	"    delivery_state = 'none') OR"
	"    (pay_state = 'paid' AND review_state = 'approved' AND"
	"    delivery_state <> 'none') OR"
	"    (pay_state = 'refunded' AND review_state = 'rejected' AND"
	"    delivery_state = 'none')),"
	"  CHECK ((paid_at IS NULL) = (pay_state IN"
	"    ('unpaid', 'closed', 'cancelled'))),"
	"  CHECK ((review_state = 'rejected') = (reject_reason <> '')),"
	/* 现场领取 at an office, or 邮寄 to an address; chosen before
	 * payment, fixed after it. */
	"  CHECK ((pickup_method IS NULL AND office_id IS NULL AND"
	"    ship_address = '') OR (pickup_method = 'onsite' AND"
	"    office_id IS NOT NULL AND ship_address = '') OR"
	"    (pickup_method = 'mail' AND office_id IS NULL AND"
	"    ship_address <> '')),"
	"  CHECK (delivery_state NOT IN ('ready', 'picked_up') OR"
	"    (pickup_method = 'onsite' AND pickup_code_hash IS NOT NULL)),"
	"  CHECK (delivery_state NOT IN ('shipped', 'delivered') OR"
	"    (pickup_method = 'mail' AND tracking_no <> ''))"
	") STRICT;"
	/*
	 * One open reissue order per certificate.  An order is open while
	 * money is pending or held (unpaid, paid) and the replacement has
	 * not been handed over; it is finished once closed, cancelled,
	 * refunded (rejected), picked up or delivered.  The caller revokes
	 * the old certificate on approval, so an issued-but-not-handed-over
	 * order still blocks a second one.
	 */
	"CREATE UNIQUE INDEX orders_open_cert ON orders (cert_id)"
	"  WHERE cert_id IS NOT NULL AND pay_state IN ('unpaid', 'paid') AND"
	"  delivery_state NOT IN ('picked_up', 'delivered');"
	"CREATE INDEX orders_person ON orders (person_id, kind, created_at);"
	"CREATE INDEX orders_company ON orders (company_id, kind, created_at);"
	"CREATE INDEX orders_unpaid ON orders (created_at)"
	"  WHERE pay_state = 'unpaid';"
	/*
	 * The order page's history: one row per state change, and one for
	 * the submission (from_* NULL).  Append-only, like audit.
	 */
	"CREATE TABLE order_event ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  order_id INTEGER NOT NULL REFERENCES orders (id),"
	"  at INTEGER NOT NULL CHECK (at >= 0),"
	"  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64 AND"
	"    instr(actor, char(10)) = 0),"
	"  event TEXT NOT NULL CHECK (event IN ('create', 'pay', 'cancel',"
	"    'expire', 'approve', 'reject', 'issue', 'ready', 'pickup',"
	"    'ship', 'deliver')),"
	"  from_pay TEXT CHECK (from_pay IN"
	"    ('unpaid', 'paid', 'refunded', 'closed', 'cancelled')),"
	"  from_review TEXT CHECK (from_review IN"
	"    ('none', 'pending', 'approved', 'rejected')),"
	"  from_delivery TEXT CHECK (from_delivery IN ('none',"
	"    'awaiting_issue', 'issued', 'ready', 'picked_up', 'shipped',"
	"    'delivered')),"
	"  to_pay TEXT NOT NULL CHECK (to_pay IN"
	"    ('unpaid', 'paid', 'refunded', 'closed', 'cancelled')),"
	"  to_review TEXT NOT NULL CHECK (to_review IN"
	"    ('none', 'pending', 'approved', 'rejected')),"
	"  to_delivery TEXT NOT NULL CHECK (to_delivery IN ('none',"
	"    'awaiting_issue', 'issued', 'ready', 'picked_up', 'shipped',"
	"    'delivered')),"
	"  detail TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(CAST(detail AS BLOB)) <= 1024),"
	"  CHECK ((event = 'create') = (from_pay IS NULL) AND"
	"    (from_pay IS NULL) = (from_review IS NULL) AND"
	"    (from_pay IS NULL) = (from_delivery IS NULL))"
	") STRICT;"
	"CREATE INDEX order_event_order ON order_event (order_id, id);"
	"CREATE TRIGGER order_event_no_update BEFORE UPDATE ON order_event"
	"  BEGIN SELECT RAISE(ABORT, 'order history is append-only'); END;"
	"CREATE TRIGGER order_event_no_delete BEFORE DELETE ON order_event"
	"  BEGIN SELECT RAISE(ABORT, 'order history is append-only'); END;"
	"PRAGMA user_version = 3;",
	/*
	 * 4: uploaded files (stamped statements) and the CA补办 wizard's
	 * draft.  An upload's bytes live outside the database, in the
	 * upload directory under their SHA-256 (fcgi/upload.c); the row
	 * says whose they are and what the content is (sniffed, never
	 * taken from the browser).  A draft is one person's unfinished
	 * wizard for one certificate: what steps 1-2 collected before the
	 * order exists.
	 */
	"CREATE TABLE upload ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND"
	"    sha256 NOT GLOB '*[^0-9a-f]*'),"
	"  ctype TEXT NOT NULL CHECK (ctype IN"
	"    ('image/jpeg', 'image/png', 'application/pdf')),"
	"  size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),"
	"  filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 80"
	"    AND instr(filename, '/') = 0),"
	"  person_id INTEGER NOT NULL REFERENCES person (id),"
	"  company_id INTEGER REFERENCES company (id),"
	"  created_at INTEGER NOT NULL CHECK (created_at >= 0)"
	") STRICT;"
	"CREATE INDEX upload_person ON upload (person_id, created_at);"
	"CREATE TABLE reissue_draft ("
	"  person_id INTEGER NOT NULL REFERENCES person (id),"
	"  cert_id INTEGER NOT NULL REFERENCES cert (id),"
	"  reason TEXT NOT NULL DEFAULT '' CHECK (reason IN"
	"    ('', 'lost', 'damaged', 'other')),"
	"  reason_text TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(reason_text) <= 200),"
	"  upload_id INTEGER REFERENCES upload (id),"
	"  updated_at INTEGER NOT NULL CHECK (updated_at >= 0),"
	"  PRIMARY KEY (person_id, cert_id)"
	") STRICT, WITHOUT ROWID;"
	"PRAGMA user_version = 4;",
	/*
	 * 5: the time of a throttle row's last failure, so that unknown
	 * mobile numbers are slowed down and locked exactly like accounts
	 * (rows keyed "m:MOBILE"), and nobody learns which numbers exist.
	 */
	"ALTER TABLE login_throttle ADD COLUMN last_at INTEGER NOT NULL"
	"  DEFAULT 0;"
	"PRAGMA user_version = 5;",
	/*
	 * 6: the stamped statement a reissue order was submitted with, and
	 * the key a wizard draft gives its 提交订单 form (made once per
	 * draft), so that a double click or a retried POST is one order.
	 */
	"ALTER TABLE orders ADD COLUMN statement_upload_id INTEGER"
	"  REFERENCES upload (id);"
	"ALTER TABLE reissue_draft ADD COLUMN submit_key TEXT"
	"  CHECK (length(submit_key) = 32 AND"
	"  submit_key NOT GLOB '*[^0-9a-f]*');"
	"PRAGMA user_version = 6;",
	/*
	 * 7: what 立即支付 records (fcgi/checkout.c): the invoice request
	 * (发票管理; none if 不开具) and the payment through a provider.
	 * Both are fixed once the order is paid: the statements below
	 * change them only while the order is unpaid.  An invoice's state
	 * is 'requested' until an operator issues it; pages show a
	 * request of a closed, cancelled or refunded order as cancelled.
	 * A payment row is the provider's trade for the order (our order
	 * number is its out_trade_no): 'started' when the cashier was
	 * opened, 'paid' with the provider's trade number once a verified
	 * notification said so, 'closed' when the order was cancelled or
	 * closed unpaid, 'refunded' after 审核驳回.
	 */
	"CREATE TABLE invoice ("
	"  order_id INTEGER PRIMARY KEY REFERENCES orders (id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('e_normal', 'paper_special')),"
	"  title_type TEXT NOT NULL DEFAULT 'company'"
	"    CHECK (title_type = 'company'),"
	"  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 128),"
	"  tax_id TEXT NOT NULL CHECK (length(tax_id) BETWEEN 15 AND 20 AND"
	"    tax_id NOT GLOB '*[^0-9A-Z]*'),"
	"  address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 256),"
	"  phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 32),"
	"  bank TEXT NOT NULL DEFAULT '' CHECK (length(bank) <= 128),"
	"  bank_account TEXT NOT NULL DEFAULT ''"
	"    CHECK (length(bank_account) <= 64),"
	"  state TEXT NOT NULL DEFAULT 'requested'"
	"    CHECK (state IN ('requested', 'issued')),"
	"  created_at INTEGER NOT NULL CHECK (created_at >= 0),"
	"  updated_at INTEGER NOT NULL CHECK (updated_at >= created_at),"
	/* 纸质专票 needs the full header. */
	"  CHECK (kind = 'e_normal' OR (address <> '' AND phone <> '' AND"
	"    bank <> '' AND bank_account <> ''))"
	") STRICT;"
	"CREATE TABLE payment ("
	"  order_id INTEGER PRIMARY KEY REFERENCES orders (id),"
	"  provider TEXT NOT NULL CHECK (provider IN ('sandbox')),"
	"  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),"
	"  state TEXT NOT NULL DEFAULT 'started' CHECK (state IN"
	"    ('started', 'paid', 'closed', 'refunded')),"
	"  trade_no TEXT UNIQUE CHECK (length(trade_no) BETWEEN 1 AND 64 AND"
	"    trade_no NOT GLOB '*[^0-9A-Za-z]*'),"
	"  started_at INTEGER NOT NULL CHECK (started_at >= 0),"
	"  updated_at INTEGER NOT NULL CHECK (updated_at >= started_at),"
	"  paid_at INTEGER CHECK (paid_at >= started_at),"
	"  CHECK ((trade_no IS NULL) = (paid_at IS NULL)),"
	"  CHECK ((state IN ('paid', 'refunded')) = (trade_no IS NOT NULL))"
	") STRICT;"
	"PRAGMA user_version = 7;",
	/*
	 * 8: operators (the staff of the 办理点 who review and fulfil
	 * orders, fcgi/ops*.c), one office each, and the certificate a
	 * session was opened with (CA登录): operator pages need one.
	 */
	"CREATE TABLE operator ("
	"  person_id INTEGER PRIMARY KEY REFERENCES person (id),"
	"  office_id INTEGER NOT NULL REFERENCES office (id),"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	"  created_at INTEGER NOT NULL CHECK (created_at >= 0)"
	") STRICT;"
	"ALTER TABLE session ADD COLUMN cert_serial TEXT"
	"  CHECK (length(cert_serial) BETWEEN 1 AND 40 AND"
	"  cert_serial NOT GLOB '*[^0-9A-F]*');"
	"PRAGMA user_version = 8;",
	/*
	 * 9: the replacement a 补办 issued (fcgi/opsissue.c): a new cert
	 * row for the same holder, company, lock type and platforms, linked
	 * to the certificate it replaces.  A certificate is replaced at most
	 * once (the signing daemon refuses a second replacement too).
	 */
	"ALTER TABLE cert ADD COLUMN replaces_id INTEGER REFERENCES cert (id);"
	"CREATE UNIQUE INDEX cert_replaces ON cert (replaces_id)"
	"  WHERE replaces_id IS NOT NULL;"
	"PRAGMA user_version = 9;",
	/*
	 * 10: dual control (fcgi/opsissue.c): an issuance the signing
	 * daemon would sign only with a second operator's confirmation
	 * waits here, one per order: the request (a checked CSR in DER,
	 * or keygen: the key is made when it is confirmed), the new key's
	 * serial, who asked and with which CA登录 certificate.
	 */
	"CREATE TABLE issue_request ("
	"  order_id INTEGER PRIMARY KEY REFERENCES orders (id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('csr', 'keygen')),"
	"  csr BLOB CHECK ((kind = 'csr') = (csr IS NOT NULL) AND"
	"    (csr IS NULL OR length(csr) BETWEEN 1 AND 65536)),"
	"  key_serial TEXT NOT NULL DEFAULT '' CHECK (length(key_serial)"
	"    <= 64),"
	"  requested_by INTEGER NOT NULL REFERENCES person (id),"
	"  requested_serial TEXT NOT NULL CHECK (length(requested_serial)"
	"    BETWEEN 1 AND 40 AND requested_serial NOT GLOB '*[^0-9A-F]*'),"
	"  requested_at INTEGER NOT NULL CHECK (requested_at >= 0)"
	") STRICT;"
	"PRAGMA user_version = 10;",
	/*
	 * 11: one-time SMS codes as keyed hashes (fcgi/smscode.h), each
	 * with its own salt.  Reset codes stored before (plain SHA-256)
	 * die at once; their counts stay.  Registration codes (注册账号),
	 * per mobile number since no person exists yet, are counted like
	 * reset codes.
	 */
	"ALTER TABLE reset_code ADD COLUMN salt TEXT NOT NULL DEFAULT ''"
	"  CHECK (salt = '' OR (length(salt) = 32 AND"
	"  salt NOT GLOB '*[^0-9a-f]*'));"
	"UPDATE reset_code SET expires_at = 0;"
	"CREATE TABLE signup_code ("
	"  mobile TEXT PRIMARY KEY CHECK (length(mobile) = 11 AND"
	"    mobile NOT GLOB '*[^0-9]*'),"
	"  code_hash TEXT NOT NULL CHECK (length(code_hash) = 64),"
	"  salt TEXT NOT NULL CHECK (length(salt) = 32 AND"
	"    salt NOT GLOB '*[^0-9a-f]*'),"
	"  expires_at INTEGER NOT NULL,"
	"  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
	"  sends INTEGER NOT NULL DEFAULT 0 CHECK (sends >= 0),"
	"  sent_at INTEGER NOT NULL DEFAULT 0,"
	"  window_start INTEGER NOT NULL DEFAULT 0"
	") STRICT, WITHOUT ROWID;"
	"PRAGMA user_version = 11;",
	/*
	 * 12: where each office takes the applications this service does
	 * not handle (CA主锁申请, CA个人锁申请, CA延期年检, 更新数字证书;
	 * fcgi/elsewhere.c): a web address set by `webctl office-link`,
	 * '' while none is configured (the page then says to apply at the
	 * office in person).
	 */
	"ALTER TABLE office ADD COLUMN apply_url TEXT NOT NULL DEFAULT ''"
	"  CHECK (apply_url = '' OR (length(apply_url) <= 512 AND"
	"  (apply_url GLOB 'https://?*' OR apply_url GLOB 'http://?*') AND"
	"  apply_url NOT GLOB '*[^!-~]*'));"
	"PRAGMA user_version = 12;",
	/*
	 * 13: the invoice desk (fcgi/opsinvoice.c).  An issued 电子普票 has
	 * its PDF (upload_id); an issued 纸质专票 its number (8 or 20
	 * digits) and the courier's tracking number (8-32 of 0-9A-Z).
	 * issued_by is the operator's person.  A requested invoice has
	 * none of them.
	 */
	"ALTER TABLE invoice ADD COLUMN upload_id INTEGER REFERENCES upload"
	"  (id);"
	"ALTER TABLE invoice ADD COLUMN invoice_no TEXT CHECK (invoice_no IS"
	"  NULL OR (length(invoice_no) IN (8, 20) AND"
	"  invoice_no NOT GLOB '*[^0-9]*'));"
	"ALTER TABLE invoice ADD COLUMN tracking_no TEXT CHECK (tracking_no IS"
	"  NULL OR (length(tracking_no) BETWEEN 8 AND 32 AND"
	"  tracking_no NOT GLOB '*[^0-9A-Z]*'));"
	"ALTER TABLE invoice ADD COLUMN issued_at INTEGER;"
	"ALTER TABLE invoice ADD COLUMN issued_by INTEGER REFERENCES person"
	"  (id);"
	"PRAGMA user_version = 13;",

	/*
	 * 14: the issuing CA of each certificate (cactl ca add: several
	 * issuing CAs, 证书厂商, in one service).  '' is the service's first
	 * CA (webd -c), which issued every certificate stored before; other
	 * CAs by their name (webd -a NAME=...).  A replacement is issued by
	 * its original's CA and inherits the column.
	 */
	"ALTER TABLE cert ADD COLUMN ca TEXT NOT NULL DEFAULT ''"
	"  CHECK (ca = '' OR (length(ca) BETWEEN 2 AND 16 AND"
	"  ca NOT GLOB '*[^a-z0-9]*'));"
	"PRAGMA user_version = 14;",
	/*
	 * 15: requests to join a company (加入申请, fcgi/join.c): a person
	 * asks for a role in a company by its USCC; the company's
	 * administrator approves (the membership is added in the same
	 * transaction, membership_id) or refuses it (人员管理).  One
	 * pending request per person, company and role.  seen_at: when the
	 * person dismissed the decision shown on 关联公司及身份选择.
	 */
	"CREATE TABLE join_request ("
	"  id INTEGER PRIMARY KEY CHECK (id > 0),"
	"  person_id INTEGER NOT NULL REFERENCES person (id),"
	"  company_id INTEGER NOT NULL REFERENCES company (id),"
	"  role TEXT NOT NULL CHECK (role IN"
	"    ('admin', 'project_lead', 'cost_engineer')),"
	"  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
	"    ('pending', 'approved', 'refused')),"
	"  created_at INTEGER NOT NULL CHECK (created_at >= 0),"
	"  decided_at INTEGER CHECK (decided_at >= created_at),"
	"  decided_by INTEGER REFERENCES person (id),"
	"  membership_id INTEGER REFERENCES membership (id)"
	"    ON DELETE SET NULL,"
	"  seen_at INTEGER CHECK (seen_at >= decided_at),"
	"  CHECK ((state = 'pending') = (decided_at IS NULL) AND"
	"    (decided_at IS NULL) = (decided_by IS NULL)),"
	"  CHECK (state <> 'pending' OR seen_at IS NULL)"
	") STRICT;"
	"CREATE UNIQUE INDEX join_request_open ON join_request"
	"  (person_id, company_id, role) WHERE state = 'pending';"
	"CREATE INDEX join_request_company ON join_request"
	"  (company_id, state, created_at);"
	"CREATE INDEX join_request_person ON join_request (person_id, id);"
	"PRAGMA user_version = 15;",
};

#define APPDB_NMIGRATIONS \
	(int)(sizeof(appdb_migrations) / sizeof(appdb_migrations[0]))

/* The prepared statement i, preparing it on first use; NULL (logged). */
sqlite3_stmt *
db_stmt(struct appdb *db, enum appdb_stmt i)
{
	if (db->st[i] == NULL && sqlite3_prepare_v3(db->db, db_sql[i], -1,
	    SQLITE_PREPARE_PERSISTENT, &db->st[i], NULL) != SQLITE_OK) {
		log_err("appdb: prepare statement %d: %s", (int)i,
		    sqlite3_errmsg(db->db));
		return NULL;
	}
	return db->st[i];
}

/* Resets q for its next use and drops references to bound strings. */
void
db_done(sqlite3_stmt *q)
{
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
}

/*
 * Logs the failure rc of a statement in func, notes whether the data was
 * at fault, and returns -1.  Call it before db_done(), which clears the
 * message.
 */
int
db_fail(struct appdb *db, const char *func, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		db->refused = 1;
		log_warn("%s: refused: %s", func, sqlite3_errmsg(db->db));
	} else
		log_err("%s: %s", func, sqlite3_errmsg(db->db));
	return -1;
}

/* Marks the call as refused for invalid input and returns -1. */
int
db_refuse(struct appdb *db, const char *func, const char *why)
{
	db->refused = 1;
	log_warn("%s: refused: %s", func, why);
	return -1;
}

/* Runs the bound statement q to completion.  0 / -1 (logged). */
int
db_run(struct appdb *db, sqlite3_stmt *q, const char *func)
{
	int	 rc, ret = 0;

	if (q == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		continue;
	if (rc != SQLITE_DONE)
		ret = db_fail(db, func, rc);
	db_done(q);
	return ret;
}

/* Runs the bound INSERT q and stores the new row's id.  0 / -1. */
int
db_insert(struct appdb *db, sqlite3_stmt *q, const char *func, long long *id)
{
	if (db_run(db, q, func) == -1)
		return -1;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(db->db);
	return 0;
}

/*
 * Runs the bound statement q, which changes at most one row and only if
 * the row is as it expects: 1 changed, 0 nothing changed, -1 (logged).
 */
int
db_change(struct appdb *db, sqlite3_stmt *q, const char *func)
{
	if (db_run(db, q, func) == -1)
		return -1;
	return sqlite3_changes(db->db) > 0 ? 1 : 0;
}

/* Runs the bound query q for one id: the id, 0 if no row, -1 (logged). */
long long
db_lookup(struct appdb *db, sqlite3_stmt *q, const char *func)
{
	long long	 id = -1;
	int		 rc;

	if (q == NULL)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	else if (rc == SQLITE_DONE)
		id = 0;
	else
		db_fail(db, func, rc);
	db_done(q);
	return id;
}

/* Runs the argument-less statement i to completion.  0 / -1. */
int
db_simple(struct appdb *db, enum appdb_stmt i, const char *func)
{
	sqlite3_stmt	*q;

	if ((q = db_stmt(db, i)) == NULL)
		return -1;
	return db_run(db, q, func);
}

/* Switches to WAL; other modes (in-memory databases) only warn.  0 / -1. */
static int
set_wal(struct appdb *db, const char *path)
{
	sqlite3_stmt	*q;
	const char	*mode;
	int		 rc, ret = -1;

	if ((q = db_stmt(db, STMT_WAL)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) != SQLITE_ROW)
		db_fail(db, "appdb_open: journal_mode", rc);
	else {
		mode = (const char *)sqlite3_column_text(q, 0);
		if (mode == NULL || strcasecmp(mode, "wal") != 0)
			log_warn("appdb_open: %s: journal mode is %s, not WAL",
			    path, mode != NULL ? mode : "unknown");
		ret = 0;
	}
	db_done(q);
	return ret;
}

/* Applies the migrations the database lacks, one transaction each. */
static int
migrate(struct appdb *db, const char *path)
{
	char	*err = NULL;
	int	 v, ret = -1;

	while ((v = appdb_version(db)) != -1 && v < APPDB_NMIGRATIONS) {
		if (appdb_begin(db) == -1)
			goto out;
		/* Another process may have migrated while we waited. */
		if ((v = appdb_version(db)) == -1)
			goto out;
		if (v >= APPDB_NMIGRATIONS) {
			if (appdb_commit(db) == -1)
				goto out;
			break;
		}
		if (sqlite3_exec(db->db, appdb_migrations[v], NULL, NULL,
		    &err) != SQLITE_OK) {
			log_err("appdb_open: %s: migration %d: %s", path, v + 1,
			    err != NULL ? err : sqlite3_errmsg(db->db));
			goto out;
		}
		if (appdb_version(db) != v + 1) {
			log_err("appdb_open: %s: migration %d does not set "
			    "user_version to %d", path, v + 1, v + 1);
			goto out;
		}
		if (appdb_commit(db) == -1)
			goto out;
		log_info("appdb: %s migrated to schema version %d", path,
		    v + 1);
	}
	if (v != -1)
		ret = 0;
out:
	if (ret == -1)
		appdb_rollback(db);
	sqlite3_free(err);
	return ret;
}

struct appdb *
appdb_open(const char *path)
{
	struct appdb	*db = NULL;
	int		 i, v, rc, ok = 0;

	if (path == NULL) {
		log_err("appdb_open: no database path");
		goto out;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL) {
		log_err("appdb_open: out of memory");
		goto out;
	}
	rc = sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		log_err("appdb_open: %s: %s", path, db->db != NULL ?
		    sqlite3_errmsg(db->db) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_extended_result_codes(db->db, 1);
	sqlite3_busy_timeout(db->db, APPDB_BUSY_MS);
	if (sqlite3_db_config(db->db, SQLITE_DBCONFIG_DEFENSIVE, 1,
	    NULL) != SQLITE_OK ||
	    sqlite3_db_config(db->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0,
	    NULL) != SQLITE_OK) {
		log_err("appdb_open: %s: cannot harden the connection", path);
		goto out;
	}

	/* Refuse a newer schema before writing anything, even the WAL. */
	if ((v = appdb_version(db)) == -1) {
		log_err("appdb_open: %s: cannot read the schema version", path);
		goto out;
	}
	if (v > APPDB_NMIGRATIONS) {
		log_err("appdb_open: %s has schema version %d, newer than this "
		    "program's %d; refusing to open it (upgrade the program)",
		    path, v, APPDB_NMIGRATIONS);
		goto out;
	}
	if (db_simple(db, STMT_FOREIGN_KEYS, "appdb_open") == -1 ||
	    db_simple(db, STMT_SECURE_DELETE, "appdb_open") == -1 ||
	    set_wal(db, path) == -1 || migrate(db, path) == -1)
		goto out;
	for (i = 0; i < STMT__MAX; i++)
		if (db_stmt(db, i) == NULL)
			goto out;
	ok = 1;
out:
	if (!ok) {
		appdb_close(db);
		db = NULL;
	}
	return db;
}

int
appdb_backup_file(const char *src, const char *dest)
{
	sqlite3		*s = NULL, *d = NULL;
	sqlite3_backup	*b;
	sqlite3_stmt	*q = NULL;
	int		 rc, v = -1, ret = -1;

	if (sqlite3_open_v2(src, &s, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		log_err("appdb_backup: %s: %s", src, s != NULL ?
		    sqlite3_errmsg(s) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(s, APPDB_BUSY_MS);
	if (sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &q, NULL) ==
	    SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (v < 1 || v > APPDB_NMIGRATIONS) {
		log_err("appdb_backup: %s has schema version %d, which this "
		    "program (%d) does not know; use the program that runs "
		    "it", src, v, APPDB_NMIGRATIONS);
		goto out;
	}
	rc = sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL);
	if (rc != SQLITE_OK) {
		log_err("appdb_backup: %s: %s", dest, d != NULL ?
		    sqlite3_errmsg(d) : sqlite3_errstr(rc));
		ret = 2;
		goto out;
	}
	/* One step: every page under one read transaction, a snapshot. */
	if ((b = sqlite3_backup_init(d, "main", s, "main")) == NULL) {
		log_err("appdb_backup: %s", sqlite3_errmsg(d));
		goto out;
	}
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = sqlite3_errcode(d);
	if (rc == SQLITE_OK && sqlite3_exec(d,
	    "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = sqlite3_errcode(d);
	if (rc != SQLITE_OK) {
		log_err("appdb_backup: to %s: %s", dest, sqlite3_errstr(rc));
		ret = rc == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ? 2 : -1;
		goto out;
	}
	ret = 0;
out:
	if (d != NULL && sqlite3_close(d) != SQLITE_OK && ret == 0)
		ret = 2;
	sqlite3_close(s);
	return ret;
}

int
appdb_file_version(const char *path)
{
	sqlite3		*s = NULL;
	sqlite3_stmt	*q = NULL;
	int		 v = -1;

	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &q,
	    NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(s);
	return v;
}

int
appdb_integrity(struct appdb *db)
{
	sqlite3_stmt	*q;
	const char	*t;
	int		 ok = 0;

	if (sqlite3_prepare_v2(db->db, "PRAGMA integrity_check", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW &&
	    (t = (const char *)sqlite3_column_text(q, 0)) != NULL &&
	    strcmp(t, "ok") == 0 && sqlite3_step(q) == SQLITE_DONE)
		ok = 1;
	sqlite3_finalize(q);
	return ok;
}

int
appdb_create_version(const char *path, int version)
{
	sqlite3	*s = NULL;
	char	*err = NULL;
	int	 i, rc = -1;

	if (version < 0 || version > APPDB_NMIGRATIONS)
		return -1;
	if (sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL) != SQLITE_OK ||
	    sqlite3_exec(s, "PRAGMA journal_mode = WAL", NULL, NULL,
	    NULL) != SQLITE_OK)
		goto out;
	for (i = 0; i < version; i++)
		if (sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_exec(s, appdb_migrations[i], NULL,
		    NULL, &err) != SQLITE_OK || sqlite3_exec(s, "COMMIT",
		    NULL, NULL, NULL) != SQLITE_OK) {
			log_err("appdb_create_version: migration %d: %s", i + 1,
			    err != NULL ? err : sqlite3_errmsg(s));
			goto out;
		}
	rc = 0;
out:
	sqlite3_free(err);
	sqlite3_close(s);
	return rc;
}

void
appdb_close(struct appdb *db)
{
	int	 i;

	if (db == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(db->st[i]);
	if (sqlite3_close(db->db) != SQLITE_OK)
		log_err("appdb_close: %s", sqlite3_errmsg(db->db));
	free(db);
}

int
appdb_version_latest(void)
{
	return APPDB_NMIGRATIONS;
}

int
appdb_version(struct appdb *db)
{
	sqlite3_stmt	*q;
	int		 rc, v = -1;

	if ((q = db_stmt(db, STMT_USER_VERSION)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	else
		db_fail(db, "appdb_version", rc);
	db_done(q);
	return v;
}

int
appdb_ping(struct appdb *db)
{
	return db != NULL && appdb_version(db) == APPDB_NMIGRATIONS;
}

int
appdb_begin(struct appdb *db)
{
	db->refused = 0;
	return db_simple(db, STMT_BEGIN, "appdb_begin");
}

int
appdb_commit(struct appdb *db)
{
	if (db_simple(db, STMT_COMMIT, "appdb_commit") == 0)
		return 0;
	appdb_rollback(db);
	return -1;
}

int
appdb_rollback(struct appdb *db)
{
	if (sqlite3_get_autocommit(db->db))
		return 0;
	return db_simple(db, STMT_ROLLBACK, "appdb_rollback");
}

int
appdb_snapshot(struct appdb *db)
{
	db->refused = 0;
	return db_simple(db, STMT_BEGIN_READ, "appdb_snapshot");
}

void
appdb_snapshot_end(struct appdb *db)
{
	if (appdb_rollback(db) == -1)
		log_err("appdb_snapshot_end: cannot end the read transaction");
}

int
appdb_refused(const struct appdb *db)
{
	return db->refused;
}

static const struct sqlrow_col counts_cols[] = {
	SQLCOL_INT(0, struct appdb_counts, person),
	SQLCOL_INT(1, struct appdb_counts, company),
	SQLCOL_INT(2, struct appdb_counts, membership),
	SQLCOL_INT(3, struct appdb_counts, platform),
	SQLCOL_INT(4, struct appdb_counts, office),
	SQLCOL_INT(5, struct appdb_counts, cert),
	SQLCOL_INT(6, struct appdb_counts, product),
	SQLCOL_INT(7, struct appdb_counts, audit),
};
static const struct sqlrow_map counts_map =
    SQLROW_MAP(struct appdb_counts, counts_cols);

int
appdb_counts(struct appdb *db, struct appdb_counts *out)
{
	int	 v;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((v = appdb_version(db)) == -1 ||
	    db_exec_get(db, STMT_COUNTS, "appdb_counts", &counts_map, out,
	    NULL, 0) != 1)
		return -1;
	out->version = v;
	return 0;
}

/* Copies text column c of q into dst (size sz). */
void
db_col_copy(sqlite3_stmt *q, int c, char *dst, size_t sz)
{
	const unsigned char	*t = sqlite3_column_text(q, c);
	size_t			 n;

	if (sz == 0)
		return;
	n = t != NULL ? (size_t)sqlite3_column_bytes(q, c) : 0;
	if (n > sz - 1)
		n = sz - 1;		/* as snprintf cut it */
	if (n > 0)
		memcpy(dst, t, n);
	dst[n] = '\0';
}

sqlite3_stmt *
db_bound(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_arg *a, size_t n)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = db_stmt(db, i)) == NULL)
		return NULL;
	if ((rc = sqlrow_bind(q, a, n)) != SQLITE_OK) {
		db_fail(db, func, rc);
		db_done(q);
		return NULL;
	}
	return q;
}

int
db_exec(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_arg *a, size_t n)
{
	return db_run(db, db_bound(db, i, func, a, n), func);
}

int
db_exec_change(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_arg *a, size_t n)
{
	return db_change(db, db_bound(db, i, func, a, n), func);
}

int
db_exec_insert(struct appdb *db, enum appdb_stmt i, const char *func,
    long long *id, const struct sqlrow_arg *a, size_t n)
{
	return db_insert(db, db_bound(db, i, func, a, n), func, id);
}

long long
db_exec_id(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_arg *a, size_t n)
{
	return db_lookup(db, db_bound(db, i, func, a, n), func);
}

int
db_exec_get(struct appdb *db, enum appdb_stmt i, const char *func,
    const struct sqlrow_map *map, void *out, const struct sqlrow_arg *a,
    size_t n)
{
	sqlite3_stmt	*q;
	int		 rc;

	memset(out, 0, map->size);
	if ((q = db_bound(db, i, func, a, n)) == NULL)
		return -1;
	if ((rc = db_next(db, q, map, out, func)) == 1)
		db_done(q);
	return rc;
}

int
db_next(struct appdb *db, sqlite3_stmt *q, const struct sqlrow_map *map,
    void *out, const char *func)
{
	int	 rc;

	if (q == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (sqlrow_get(q, map, out) == 0)
			return 1;
		db_done(q);
		return -1;
	}
	if (rc != SQLITE_DONE)
		db_fail(db, func, rc);
	db_done(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
db_end(sqlite3_stmt *q, int rc)
{
	if (q != NULL)
		db_done(q);
	return rc == 0 ? 0 : -1;
}
