/*
 * appdb.c: the web application's SQLite database.
 *
 * Invariants:
 * - All SQL lives in two tables below: appdb_migrations[] (schema
 *   scripts) and appdb_sql[] (every other statement, one per enum
 *   appdb_stmt).  Statements are prepared once, on first use and at the
 *   latest at the end of appdb_open(), and reset (bindings cleared) right
 *   after each use.  No SQL is ever built from strings at run time.
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
 * - The audit table is append-only: nothing here updates or deletes it,
 *   triggers refuse both, and each record carries the hash chain of
 *   lib/chain.h, so edits made around the triggers are detected by
 *   appdb_audit_verify().  actor and action cannot contain newlines (the
 *   chain separates fields with them), which keeps the hashed bytes
 *   unambiguous.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sqlite3.h>

#include "fcgi/appdb.h"
#include "fcgi/uscc.h"
#include "lib/chain.h"
#include "lib/log.h"

#define APPDB_BUSY_MS		5000
#define APPDB_AUDIT_TEXT_MAX	64	/* actor, action */
#define APPDB_AUDIT_DETAIL_MAX	4096

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

enum appdb_stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_BEGIN_READ,
	STMT_FOREIGN_KEYS,
	STMT_SECURE_DELETE,
	STMT_WAL,
	STMT_USER_VERSION,
	STMT_PERSON_ADD,
	STMT_PERSON_ID,
	STMT_COMPANY_ADD,
	STMT_COMPANY_ID,
	STMT_MEMBERSHIP_ADD,
	STMT_MEMBERSHIP_ID,
	STMT_PLATFORM_ADD,
	STMT_PLATFORM_ID,
	STMT_PLATFORM_NAME,
	STMT_OFFICE_ADD,
	STMT_OFFICE_ID,
	STMT_COUNTS,
	STMT_AUDIT_HEAD,
	STMT_AUDIT_ADD,
	STMT_AUDIT_ALL,
	STMT_SESSION_ADD,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_IDENTITY,
	STMT_SESSION_DEL,
	STMT_SESSION_EXPIRE,
	STMT_SESSION_DEL_PERSON,
	STMT_PERSON_AUTH,
	STMT_PERSON_GET,
	STMT_PERSON_FAIL,
	STMT_PERSON_OK,
	STMT_PERSON_SET_PW,
	STMT_THROTTLE_GET,
	STMT_THROTTLE_FAIL,
	STMT_THROTTLE_CLEAR,
	STMT_RESET_SET,
	STMT_RESET_GET,
	STMT_RESET_ATTEMPT,
	STMT_RESET_DEL,
	STMT_SIGNUP_SET,
	STMT_SIGNUP_GET,
	STMT_SIGNUP_ATTEMPT,
	STMT_SIGNUP_DEL,
	STMT_MEMBERSHIPS,
	STMT_MEMBERSHIP_GET,
	STMT_CERT_HOLDER,
	STMT_CERT_ADD,
	STMT_CERT_BY_KEY_SERIAL,
	STMT_PERSON_SET_NAME,
	STMT_COMPANY_GET,
	STMT_COMPANY_SET,
	STMT_STAFF_LIST,
	STMT_STAFF_GET,
	STMT_STAFF_SET_ROLE,
	STMT_STAFF_UNSESSION,
	STMT_STAFF_DEL,
	STMT_ADMIN_COUNT,
	STMT_CERT_COUNT,
	STMT_CERT_PAGE,
	STMT_CERT_FIND,
	STMT_CERT_LINKED,
	STMT_CERT_LINKABLE,
	STMT_CERT_LINK,
	STMT_CERT_STATUS_MOVE,
	STMT_PRODUCT_ID,
	STMT_PRODUCT_PRICE,
	STMT_ORDER_ADD,
	STMT_ORDER_BY_KEY,
	STMT_ORDER_BY_NO,
	STMT_ORDER_OPEN_CERT,
	STMT_ORDER_GET,
	STMT_ORDER_MOVE,
	STMT_ORDER_PICKUP_SET,
	STMT_ORDER_EVENT_ADD,
	STMT_ORDER_EVENTS,
	STMT_ORDER_NEXT_DUE,
	STMT_UPLOAD_ADD,
	STMT_UPLOAD_GET,
	STMT_UPLOAD_COUNT_SINCE,
	STMT_DRAFT_GET,
	STMT_DRAFT_SET,
	STMT_DRAFT_KEY,
	STMT_DRAFT_DELETE,
	STMT_INVOICE_SET,
	STMT_INVOICE_DEL,
	STMT_INVOICE_GET,
	STMT_PAYMENT_START,
	STMT_PAYMENT_GET,
	STMT_PAYMENT_PAID,
	STMT_PAYMENT_CLOSE,
	STMT_ORDER_COUNT,
	STMT_ORDER_PAGE,
	STMT_ORDER_FIND,
	STMT_INVOICE_COUNT,
	STMT_INVOICE_PAGE,
	STMT_OFFICE_LIST,
	STMT_OFFICE_URL,
	STMT_SESSION_CERT,
	STMT_OPERATOR_ADD,
	STMT_OPERATOR_GET,
	STMT_PAYMENT_REFUNDED,
	STMT_OPS_COUNTS,
	STMT_OPS_PAGE,
	STMT_CERT_SERIAL,
	STMT_CERT_REPLACEMENT,
	STMT_CERT_REPLACE_ADD,
	STMT_CERT_REPLACE_PLATFORMS,
	STMT_CERT_RETIRE,
	STMT_ISSUE_REQUEST_ADD,
	STMT_ISSUE_REQUEST_GET,
	STMT_ISSUE_REQUEST_DEL,
	STMT_OPERATOR_DISABLE,
	STMT_INVOICE_DESK,
	STMT_INVOICE_ISSUE,
	STMT_CERT_CA,
	STMT_CERT_SIBLING,
	STMT_CERT_LOCK,
	STMT_JOIN_ADD,
	STMT_JOIN_OPEN,
	STMT_JOIN_MINE,
	STMT_JOIN_COMPANY,
	STMT_JOIN_GET,
	STMT_JOIN_DECIDE,
	STMT_JOIN_SEEN,
	STMT__MAX
};

static const char *const appdb_sql[STMT__MAX] = {
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
	" VALUES (?1, ?2, ?3, ?4)",
	/* STMT_PERSON_ID */
	"SELECT id FROM person WHERE mobile = ?1",
	/* STMT_COMPANY_ADD */
	"INSERT INTO company (uscc, name, address, phone, bank,"
	" bank_account, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* STMT_COMPANY_ID */
	"SELECT id FROM company WHERE uscc = ?1",
	/* STMT_MEMBERSHIP_ADD */
	"INSERT INTO membership (person_id, company_id, role, created_at)"
	" VALUES (?1, ?2, ?3, ?4)",
	/* STMT_MEMBERSHIP_ID */
	"SELECT id FROM membership WHERE person_id = ?1"
	" AND company_id IS ?2 AND role = ?3",
	/* STMT_PLATFORM_ADD */
	"INSERT INTO platform (name, notice_url) VALUES (?1, ?2)",
	/* STMT_PLATFORM_ID */
	"SELECT id FROM platform WHERE name = ?1",
	/* STMT_PLATFORM_NAME */
	"SELECT name FROM platform WHERE id = ?1 AND enabled = 1",
	/* STMT_OFFICE_ADD */
	"INSERT INTO office (code, name, address) VALUES (?1, ?2, ?3)",
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
	"INSERT INTO login_throttle (addr, failures, window_start, last_at)"
	" VALUES (?1, 1, ?2, ?2) ON CONFLICT (addr) DO UPDATE SET"
	" failures = CASE WHEN window_start < ?2 - ?3 OR"
	"   (locked_until <> 0 AND locked_until <= ?2) THEN 1"
	"   ELSE failures + 1 END,"
	" window_start = CASE WHEN window_start < ?2 - ?3 OR"
	"   (locked_until <> 0 AND locked_until <= ?2) THEN ?2"
	"   ELSE window_start END,"
	" locked_until = CASE"
	"   WHEN window_start < ?2 - ?3 OR"
	"     (locked_until <> 0 AND locked_until <= ?2) THEN 0"
	"   WHEN failures + 1 >= ?4 THEN ?2 + ?5 ELSE locked_until END,"
	" last_at = ?2",
	/* STMT_THROTTLE_CLEAR */
	"DELETE FROM login_throttle WHERE addr = ?1",
	/* STMT_RESET_SET */
	"INSERT INTO reset_code (person_id, code_hash, salt, expires_at,"
	" sends, sent_at, window_start) VALUES (?1, ?2, ?6, ?3, 1, ?4, ?4)"
	" ON CONFLICT (person_id) DO UPDATE SET"
	" code_hash = ?2, salt = ?6, expires_at = ?3, sent_at = ?4,"
	" attempts = CASE WHEN window_start <= ?4 - ?5 THEN 0"
	"   ELSE attempts END,"
	" sends = CASE WHEN window_start <= ?4 - ?5 THEN 1"
	"   ELSE sends + 1 END,"
	" window_start = CASE WHEN window_start <= ?4 - ?5 THEN ?4"
	"   ELSE window_start END",
	/* STMT_RESET_GET */
	"SELECT code_hash, expires_at, attempts, sends, sent_at,"
	" window_start, salt FROM reset_code WHERE person_id = ?1",
	/* STMT_RESET_ATTEMPT */
	"UPDATE reset_code SET attempts = attempts + 1 WHERE person_id = ?1"
	" AND attempts < ?2",
	/* STMT_RESET_DEL */
	"DELETE FROM reset_code WHERE person_id = ?1",
	/* STMT_SIGNUP_SET */
	"INSERT INTO signup_code (mobile, code_hash, salt, expires_at,"
	" sends, sent_at, window_start) VALUES (?1, ?2, ?6, ?3, 1, ?4, ?4)"
	" ON CONFLICT (mobile) DO UPDATE SET"
	" code_hash = ?2, salt = ?6, expires_at = ?3, sent_at = ?4,"
	" attempts = CASE WHEN window_start <= ?4 - ?5 THEN 0"
	"   ELSE attempts END,"
	" sends = CASE WHEN window_start <= ?4 - ?5 THEN 1"
	"   ELSE sends + 1 END,"
	" window_start = CASE WHEN window_start <= ?4 - ?5 THEN ?4"
	"   ELSE window_start END",
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
	" ?11)",
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
	" WHERE c.company_id IS ?1 AND (?2 IS NULL OR c.holder_id = ?2)"
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
	" WHERE c.company_id IS ?1 AND (?2 IS NULL OR c.holder_id = ?2)"
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
	" WHERE c.company_id IS ?1 AND (?2 IS NULL OR c.holder_id = ?2)"
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
	"INSERT OR IGNORE INTO cert_platform (cert_id, platform_id)"
	" SELECT ?1, id FROM platform WHERE id = ?2 AND enabled = 1",
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
	" ?14)",
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
	" delivery_state = ?7, updated_at = max(?8, created_at),"
	" paid_at = CASE WHEN ?9 THEN max(?8, created_at) ELSE paid_at END,"
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
	" ship_address = ?4, updated_at = max(?5, created_at)"
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
	" company_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
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
	"INSERT INTO reissue_draft (person_id, cert_id, reason, reason_text,"
	" upload_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT (person_id, cert_id) DO UPDATE SET reason = ?3,"
	" reason_text = ?4, upload_id = COALESCE(?5, upload_id),"
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
	"SELECT count(*) FROM orders WHERE company_id IS ?1"
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
	" WHERE o.company_id IS ?1 AND (?2 IS NULL OR o.person_id = ?2)"
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
	" WHERE o.company_id IS ?1 AND (?2 IS NULL OR o.person_id = ?2)"
	" AND o.id = ?3",
	/* STMT_INVOICE_COUNT */
	"SELECT count(*) FROM invoice i JOIN orders o ON o.id = i.order_id"
	" WHERE o.company_id IS ?1 AND (?2 IS NULL OR o.person_id = ?2)",
	/* STMT_INVOICE_PAGE: newest request first. */
	"SELECT o.id, o.order_no, o.pay_state, i.kind, i.title_type, i.title,"
	" i.tax_id, o.amount_fen, i.state, i.created_at, o.created_at,"
	" i.upload_id IS NOT NULL, COALESCE(i.invoice_no, ''),"
	" COALESCE(i.tracking_no, '')"
	" FROM invoice i JOIN orders o ON o.id = i.order_id"
	" WHERE o.company_id IS ?1 AND (?2 IS NULL OR o.person_id = ?2)"
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
	" total(o.pay_state = 'paid' AND o.review_state = 'pending'),"
	" total(o.delivery_state = 'awaiting_issue'),"
	" total(o.delivery_state IN ('issued', 'ready', 'shipped')),"
	" total(o.delivery_state IN ('picked_up', 'delivered')),"
	" total(o.review_state = 'rejected')"
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
	" first_applied_at, ?5, id, ca FROM cert WHERE id = ?1",
	/* STMT_CERT_REPLACE_PLATFORMS: ?1's platforms for ?2 too. */
	"INSERT OR IGNORE INTO cert_platform (cert_id, platform_id)"
	" SELECT ?2, platform_id FROM cert_platform WHERE cert_id = ?1",
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
	" VALUES (?1, ?2, ?3, ?4)",
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

/* Database spelling of enum appdb_role. */
static const char *const appdb_role_sql[APPDB_ROLE__MAX] = {
	/* APPDB_ROLE_ADMIN */
	"admin",
	/* APPDB_ROLE_PROJECT_LEAD */
	"project_lead",
	/* APPDB_ROLE_COST_ENGINEER */
	"cost_engineer",
	/* APPDB_ROLE_PERSONAL */
	"personal",
};

struct appdb {
	sqlite3		*db;
	sqlite3_stmt	*st[STMT__MAX];
	int		 refused;	/* see appdb_refused() */
};

/* The prepared statement i, preparing it on first use; NULL (logged). */
static sqlite3_stmt *
stmt(struct appdb *db, enum appdb_stmt i)
{
	if (db->st[i] == NULL && sqlite3_prepare_v3(db->db, appdb_sql[i], -1,
	    SQLITE_PREPARE_PERSISTENT, &db->st[i], NULL) != SQLITE_OK) {
		log_err("appdb: prepare statement %d: %s", (int)i,
		    sqlite3_errmsg(db->db));
		return NULL;
	}
	return db->st[i];
}

/* Resets q for its next use and drops references to bound strings. */
static void
done(sqlite3_stmt *q)
{
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
}

/*
 * Logs the failure rc of a statement in func, notes whether the data was
 * at fault, and returns -1.  Call it before done(), which clears the
 * message.
 */
static int
fail(struct appdb *db, const char *func, int rc)
{
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		db->refused = 1;
		log_warn("%s: refused: %s", func, sqlite3_errmsg(db->db));
	} else
		log_err("%s: %s", func, sqlite3_errmsg(db->db));
	return -1;
}

/* Marks the call as refused for invalid input and returns -1. */
static int
refuse(struct appdb *db, const char *func, const char *why)
{
	db->refused = 1;
	log_warn("%s: refused: %s", func, why);
	return -1;
}

/* Binds s as text (NULL binds NULL).  Returns an SQLite result code. */
static int
bind_text(sqlite3_stmt *q, int i, const char *s)
{
	return sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

/* Binds id, or NULL for 0. */
static int
bind_id(sqlite3_stmt *q, int i, long long id)
{
	return id == 0 ? sqlite3_bind_null(q, i) : sqlite3_bind_int64(q, i, id);
}

/* Runs the bound statement q to completion.  0 / -1 (logged). */
static int
run(struct appdb *db, sqlite3_stmt *q, const char *func)
{
	int	 rc, ret = 0;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		continue;
	if (rc != SQLITE_DONE)
		ret = fail(db, func, rc);
	done(q);
	return ret;
}

/* Runs the bound INSERT q and stores the new row's id.  0 / -1. */
static int
insert(struct appdb *db, sqlite3_stmt *q, const char *func, long long *id)
{
	if (run(db, q, func) == -1)
		return -1;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(db->db);
	return 0;
}

/* Runs the bound query q for one id: the id, 0 if no row, -1 (logged). */
static long long
lookup(struct appdb *db, sqlite3_stmt *q, const char *func)
{
	long long	 id = -1;
	int		 rc;

	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	else if (rc == SQLITE_DONE)
		id = 0;
	else
		fail(db, func, rc);
	done(q);
	return id;
}

/* Runs the argument-less statement i to completion.  0 / -1. */
static int
simple(struct appdb *db, enum appdb_stmt i, const char *func)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, i)) == NULL)
		return -1;
	return run(db, q, func);
}

/* Switches to WAL; other modes (in-memory databases) only warn.  0 / -1. */
static int
set_wal(struct appdb *db, const char *path)
{
	sqlite3_stmt	*q;
	const char	*mode;
	int		 rc, ret = -1;

	if ((q = stmt(db, STMT_WAL)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) != SQLITE_ROW)
		fail(db, "appdb_open: journal_mode", rc);
	else {
		mode = (const char *)sqlite3_column_text(q, 0);
		if (mode == NULL || strcasecmp(mode, "wal") != 0)
			log_warn("appdb_open: %s: journal mode is %s, not WAL",
			    path, mode != NULL ? mode : "unknown");
		ret = 0;
	}
	done(q);
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
	if (simple(db, STMT_FOREIGN_KEYS, "appdb_open") == -1 ||
	    simple(db, STMT_SECURE_DELETE, "appdb_open") == -1 ||
	    set_wal(db, path) == -1 || migrate(db, path) == -1)
		goto out;
	for (i = 0; i < STMT__MAX; i++)
		if (stmt(db, i) == NULL)
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

	if ((q = stmt(db, STMT_USER_VERSION)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	else
		fail(db, "appdb_version", rc);
	done(q);
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
	return simple(db, STMT_BEGIN, "appdb_begin");
}

int
appdb_commit(struct appdb *db)
{
	if (simple(db, STMT_COMMIT, "appdb_commit") == 0)
		return 0;
	appdb_rollback(db);
	return -1;
}

int
appdb_rollback(struct appdb *db)
{
	if (sqlite3_get_autocommit(db->db))
		return 0;
	return simple(db, STMT_ROLLBACK, "appdb_rollback");
}

int
appdb_snapshot(struct appdb *db)
{
	db->refused = 0;
	return simple(db, STMT_BEGIN_READ, "appdb_snapshot");
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

int
appdb_person_add(struct appdb *db, const char *mobile, const char *name,
    const char *pw_hash, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_PERSON_ADD)) == NULL)
		return -1;
	if (bind_text(q, 1, mobile) != SQLITE_OK ||
	    bind_text(q, 2, name) != SQLITE_OK ||
	    bind_text(q, 3, pw_hash) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, (long long)time(NULL)) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_person_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_person_add", id);
}

long long
appdb_person_id(struct appdb *db, const char *mobile)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_PERSON_ID)) == NULL)
		return -1;
	if (bind_text(q, 1, mobile) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_person_id", SQLITE_ERROR);
	}
	return lookup(db, q, "appdb_person_id");
}

int
appdb_company_add(struct appdb *db, const struct appdb_company *c,
    long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if (c == NULL || !uscc_valid(c->uscc))
		return refuse(db, "appdb_company_add",
		    "not a valid unified social credit code");
	if ((q = stmt(db, STMT_COMPANY_ADD)) == NULL)
		return -1;
	if (bind_text(q, 1, c->uscc) != SQLITE_OK ||
	    bind_text(q, 2, c->name) != SQLITE_OK ||
	    bind_text(q, 3, c->address != NULL ? c->address : "") !=
	    SQLITE_OK ||
	    bind_text(q, 4, c->phone != NULL ? c->phone : "") != SQLITE_OK ||
	    bind_text(q, 5, c->bank != NULL ? c->bank : "") != SQLITE_OK ||
	    bind_text(q, 6, c->bank_account != NULL ? c->bank_account : "") !=
	    SQLITE_OK ||
	    sqlite3_bind_int64(q, 7, (long long)time(NULL)) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_company_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_company_add", id);
}

long long
appdb_company_id(struct appdb *db, const char *uscc)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_COMPANY_ID)) == NULL)
		return -1;
	if (bind_text(q, 1, uscc) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_company_id", SQLITE_ERROR);
	}
	return lookup(db, q, "appdb_company_id");
}

int
appdb_membership_add(struct appdb *db, long long person, long long company,
    enum appdb_role role, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX)
		return refuse(db, "appdb_membership_add", "no such role");
	if ((q = stmt(db, STMT_MEMBERSHIP_ADD)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    bind_id(q, 2, company) != SQLITE_OK ||
	    bind_text(q, 3, appdb_role_sql[role]) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, (long long)time(NULL)) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_membership_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_membership_add", id);
}

/* The id of person's role in company (0: none), 0 if absent, -1. */
static long long
membership_id(struct appdb *db, long long person, long long company,
    enum appdb_role role)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, STMT_MEMBERSHIP_ID)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    bind_id(q, 2, company) != SQLITE_OK ||
	    bind_text(q, 3, appdb_role_sql[role]) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb: membership_id", SQLITE_ERROR);
	}
	return lookup(db, q, "appdb: membership_id");
}

int
appdb_platform_add(struct appdb *db, const char *name,
    const char *notice_url, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_PLATFORM_ADD)) == NULL)
		return -1;
	if (bind_text(q, 1, name) != SQLITE_OK ||
	    bind_text(q, 2, notice_url) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_platform_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_platform_add", id);
}

int
appdb_office_add(struct appdb *db, const char *code, const char *name,
    const char *address, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_OFFICE_ADD)) == NULL)
		return -1;
	if (bind_text(q, 1, code) != SQLITE_OK ||
	    bind_text(q, 2, name) != SQLITE_OK ||
	    bind_text(q, 3, address) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_office_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_office_add", id);
}

/* The id of the row that key names through lookup statement i. */
static long long
key_id(struct appdb *db, enum appdb_stmt i, const char *key)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, i)) == NULL)
		return -1;
	if (bind_text(q, 1, key) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb: key_id", SQLITE_ERROR);
	}
	return lookup(db, q, "appdb: key_id");
}

int
appdb_counts(struct appdb *db, struct appdb_counts *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = -1;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((out->version = appdb_version(db)) == -1 ||
	    (q = stmt(db, STMT_COUNTS)) == NULL)
		return -1;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->person = sqlite3_column_int64(q, 0);
		out->company = sqlite3_column_int64(q, 1);
		out->membership = sqlite3_column_int64(q, 2);
		out->platform = sqlite3_column_int64(q, 3);
		out->office = sqlite3_column_int64(q, 4);
		out->cert = sqlite3_column_int64(q, 5);
		out->product = sqlite3_column_int64(q, 6);
		out->audit = sqlite3_column_int64(q, 7);
		ret = 0;
	} else
		fail(db, "appdb_counts", rc);
	done(q);
	return ret;
}

/* 1 if s is 1-max bytes without a newline, else 0. */
static int
audit_text_ok(const char *s, size_t max)
{
	size_t	 len;

	if (s == NULL || (len = strnlen(s, max + 1)) == 0 || len > max)
		return 0;
	return memchr(s, '\n', len) == NULL;
}

/* Appends the record; the caller holds the write transaction. */
static int
audit_append(struct appdb *db, const char *actor, const char *action,
    const char *detail)
{
	sqlite3_stmt	*q;
	char		 prev[CHAIN_HEX_LEN + 1], hash[CHAIN_HEX_LEN + 1];
	const char	*h;
	long long	 id = 1, at = (long long)time(NULL);
	size_t		 cut;
	int		 rc;

	if ((q = stmt(db, STMT_AUDIT_HEAD)) == NULL)
		return -1;
	memcpy(prev, CHAIN_GENESIS, sizeof(prev));
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0) + 1;
		h = (const char *)sqlite3_column_text(q, 1);
		if (h == NULL || strlen(h) != CHAIN_HEX_LEN) {
			done(q);
			log_err("appdb_audit: record %lld has a malformed hash",
			    id - 1);
			return -1;
		}
		memcpy(prev, h, sizeof(prev));
	} else if (rc != SQLITE_DONE) {
		fail(db, "appdb_audit", rc);
		done(q);
		return -1;
	}
	done(q);
	if (chain_hash(prev, id, at, actor, action, detail, hash) == -1 ||
	    (q = stmt(db, STMT_AUDIT_ADD)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, id) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, at) != SQLITE_OK ||
	    bind_text(q, 3, actor) != SQLITE_OK ||
	    bind_text(q, 4, action) != SQLITE_OK ||
	    bind_text(q, 5, detail) != SQLITE_OK ||
	    bind_text(q, 6, prev) != SQLITE_OK ||
	    bind_text(q, 7, hash) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_audit", SQLITE_ERROR);
	}
	if (run(db, q, "appdb_audit") == -1)
		return -1;
	/* A second trail outside the database: the log, one line. */
	cut = strcspn(detail, "\r\n");
	if (cut > 200)
		for (cut = 200; cut > 0 && (detail[cut] & 0xc0) == 0x80; cut--)
			continue;
	log_info("audit #%lld %s %s: %.*s%s [%.16s]", id, actor, action,
	    (int)cut, detail, detail[cut] != '\0' ? "..." : "", hash);
	return 0;
}

int
appdb_audit(struct appdb *db, const char *actor, const char *action,
    const char *detail)
{
	int	 own, ret = -1;

	db->refused = 0;
	if (detail == NULL)
		detail = "";
	if (!audit_text_ok(actor, APPDB_AUDIT_TEXT_MAX) ||
	    !audit_text_ok(action, APPDB_AUDIT_TEXT_MAX) ||
	    strnlen(detail, APPDB_AUDIT_DETAIL_MAX + 1) >
	    APPDB_AUDIT_DETAIL_MAX)
		return refuse(db, "appdb_audit", "bad actor, action or detail");
	own = sqlite3_get_autocommit(db->db);
	if (own && appdb_begin(db) == -1)
		return -1;
	if (audit_append(db, actor, action, detail) == 0)
		ret = 0;
	if (own) {
		if (ret == 0)
			ret = appdb_commit(db);
		else
			appdb_rollback(db);
	}
	return ret;
}

/*
 * Column c of the current row as a NUL-terminated string of at most max
 * bytes without embedded NULs (bytes after a NUL would escape the hash),
 * or NULL.
 */
static const char *
audit_col(sqlite3_stmt *q, int c, size_t max)
{
	const char	*s;
	int		 n;

	if (sqlite3_column_type(q, c) != SQLITE_TEXT ||
	    (s = (const char *)sqlite3_column_text(q, c)) == NULL)
		return NULL;
	n = sqlite3_column_bytes(q, c);
	if (n < 0 || (size_t)n > max || strlen(s) != (size_t)n)
		return NULL;
	return s;
}

int
appdb_audit_verify(struct appdb *db, long long *bad_id)
{
	sqlite3_stmt	*q;
	char		 prev[CHAIN_HEX_LEN + 1], want[CHAIN_HEX_LEN + 1];
	const char	*actor, *action, *detail, *sprev, *shash, *why = NULL;
	long long	 id, expect = 1;
	int		 rc;

	db->refused = 0;
	*bad_id = 0;
	memcpy(prev, CHAIN_GENESIS, sizeof(prev));
	if ((q = stmt(db, STMT_AUDIT_ALL)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		actor = audit_col(q, 2, APPDB_AUDIT_TEXT_MAX);
		action = audit_col(q, 3, APPDB_AUDIT_TEXT_MAX);
		detail = audit_col(q, 4, APPDB_AUDIT_DETAIL_MAX);
		sprev = audit_col(q, 5, CHAIN_HEX_LEN);
		shash = audit_col(q, 6, CHAIN_HEX_LEN);
		if (id != expect)
			why = id > expect ? "a record before it is missing" :
			    "records are out of order";
		else if (actor == NULL || action == NULL || detail == NULL ||
		    sprev == NULL || shash == NULL ||
		    strchr(actor, '\n') != NULL ||
		    strchr(action, '\n') != NULL ||
		    sqlite3_column_type(q, 1) != SQLITE_INTEGER)
			why = "it is malformed";
		else if (strcmp(sprev, prev) != 0)
			why = "its link to the previous record is broken "
			    "(a record was removed, reordered or replaced)";
		else if (chain_hash(prev, id, sqlite3_column_int64(q, 1),
		    actor, action, detail, want) == -1)
			break;
		else if (strcmp(shash, want) != 0)
			why = "its content was edited (hash mismatch)";
		if (why != NULL) {
			*bad_id = id;
			log_warn("appdb_audit_verify: record %lld: %s", id,
			    why);
			break;
		}
		memcpy(prev, want, sizeof(prev));
		expect++;
	}
	if (why == NULL && rc != SQLITE_DONE && rc != SQLITE_ROW)
		fail(db, "appdb_audit_verify", rc);
	done(q);
	return why == NULL && rc == SQLITE_DONE ? 0 : -1;
}

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
		if ((id = key_id(db, STMT_OFFICE_ID,
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
		if ((id = key_id(db, STMT_PLATFORM_ID,
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
		if ((id = membership_id(db,
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
		if ((id = key_id(db, STMT_OFFICE_ID,
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
		return refuse(db, "appdb_demo_load", "bad notice port");
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

/* ---- sessions ---- */

int
appdb_session_add(struct appdb *db, const char *id_hash, long long person,
    const char *csrf, long long now)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, STMT_SESSION_ADD)) == NULL)
		return -1;
	bind_text(q, 1, id_hash);
	bind_id(q, 2, person);
	bind_text(q, 3, csrf);
	sqlite3_bind_int64(q, 4, now);
	return run(db, q, "appdb_session_add");
}

/* Copies text column c of q into dst (size sz). */
static void
col_copy(sqlite3_stmt *q, int c, char *dst, size_t sz)
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

int
appdb_session_get(struct appdb *db, const char *id_hash,
    struct appdb_session *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_SESSION_GET)) == NULL)
		return -1;
	bind_text(q, 1, id_hash);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->person = sqlite3_column_int64(q, 0);
		out->membership = sqlite3_column_int64(q, 1);
		col_copy(q, 2, out->csrf, sizeof(out->csrf));
		out->created_at = sqlite3_column_int64(q, 3);
		out->seen_at = sqlite3_column_int64(q, 4);
		col_copy(q, 5, out->cert_serial, sizeof(out->cert_serial));
		ret = 1;
	} else if (rc == SQLITE_DONE)
		ret = 0;
	else
		fail(db, "appdb_session_get", rc);
	done(q);
	return ret;
}

/* Runs statement i with (text, integer) bound.  0 / -1. */
static int
run_text_int(struct appdb *db, enum appdb_stmt i, const char *t,
    long long v, const char *func)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, i)) == NULL)
		return -1;
	bind_text(q, 1, t);
	sqlite3_bind_int64(q, 2, v);
	return run(db, q, func);
}

/* Runs statement i with one integer bound.  0 / -1. */
static int
run_int(struct appdb *db, enum appdb_stmt i, long long v, const char *func)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, i)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, v);
	return run(db, q, func);
}

/* Runs statement i with one text bound.  0 / -1. */
static int
run_text(struct appdb *db, enum appdb_stmt i, const char *t,
    const char *func)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, i)) == NULL)
		return -1;
	bind_text(q, 1, t);
	return run(db, q, func);
}

int
appdb_session_touch(struct appdb *db, const char *id_hash, long long now)
{
	return run_text_int(db, STMT_SESSION_TOUCH, id_hash, now,
	    "appdb_session_touch");
}

int
appdb_session_identity(struct appdb *db, const char *id_hash,
    long long membership)
{
	return run_text_int(db, STMT_SESSION_IDENTITY, id_hash, membership,
	    "appdb_session_identity");
}

int
appdb_session_del(struct appdb *db, const char *id_hash)
{
	return run_text(db, STMT_SESSION_DEL, id_hash, "appdb_session_del");
}

int
appdb_session_del_person(struct appdb *db, long long person)
{
	return run_int(db, STMT_SESSION_DEL_PERSON, person,
	    "appdb_session_del_person");
}

int
appdb_session_expire(struct appdb *db, long long idle_before,
    long long created_before)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, STMT_SESSION_EXPIRE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, idle_before);
	sqlite3_bind_int64(q, 2, created_before);
	return run(db, q, "appdb_session_expire");
}

/* ---- accounts and login ---- */

int
appdb_person_auth(struct appdb *db, const char *mobile,
    struct appdb_auth *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_PERSON_AUTH)) == NULL)
		return -1;
	bind_text(q, 1, mobile);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		col_copy(q, 1, out->pw_hash, sizeof(out->pw_hash));
		out->failed_logins = sqlite3_column_int(q, 2);
		out->locked_until = sqlite3_column_int64(q, 3);
		out->last_failed_at = sqlite3_column_int64(q, 4);
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_person_auth", rc);
	done(q);
	return ret;
}

int
appdb_person_get(struct appdb *db, long long id, char *mobile, size_t msz,
    char *name, size_t nsz)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	if ((q = stmt(db, STMT_PERSON_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		col_copy(q, 0, mobile, msz);
		col_copy(q, 1, name, nsz);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_person_get", rc);
	done(q);
	return ret;
}

int
appdb_person_fail(struct appdb *db, long long id, int max_failures,
    long long lock_until, long long now)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, STMT_PERSON_FAIL)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int(q, 2, max_failures);
	sqlite3_bind_int64(q, 3, lock_until);
	sqlite3_bind_int64(q, 4, now);
	return run(db, q, "appdb_person_fail");
}

int
appdb_person_ok(struct appdb *db, long long id)
{
	return run_int(db, STMT_PERSON_OK, id, "appdb_person_ok");
}

int
appdb_person_set_pw(struct appdb *db, long long id, const char *pw_hash)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, STMT_PERSON_SET_PW)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	bind_text(q, 2, pw_hash);
	return run(db, q, "appdb_person_set_pw");
}

int
appdb_throttle_get(struct appdb *db, const char *addr,
    struct appdb_throttle *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_THROTTLE_GET)) == NULL)
		return -1;
	bind_text(q, 1, addr);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->failures = sqlite3_column_int(q, 0);
		out->window_start = sqlite3_column_int64(q, 1);
		out->locked_until = sqlite3_column_int64(q, 2);
		out->last_at = sqlite3_column_int64(q, 3);
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_throttle_get", rc);
	done(q);
	return ret;
}

int
appdb_throttle_fail(struct appdb *db, const char *addr, long long now,
    long long window, int max_failures, long long lock)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, STMT_THROTTLE_FAIL)) == NULL)
		return -1;
	bind_text(q, 1, addr);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_int64(q, 3, window);
	sqlite3_bind_int(q, 4, max_failures);
	sqlite3_bind_int64(q, 5, lock);
	return run(db, q, "appdb_throttle_fail");
}

int
appdb_throttle_clear(struct appdb *db, const char *addr)
{
	return run_text(db, STMT_THROTTLE_CLEAR, addr,
	    "appdb_throttle_clear");
}

/*
 * The statements of reset_code and signup_code take the same parameters
 * and return the same columns; only the key differs (a person's id, a
 * mobile number).  key_text NULL means the integer key.
 */
static int
code_set(struct appdb *db, enum appdb_stmt i, long long key_id,
    const char *key_text, const char *code_hash, const char *salt,
    long long expires_at, long long now, long long window, const char *func)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, i)) == NULL)
		return -1;
	if (key_text != NULL)
		bind_text(q, 1, key_text);
	else
		sqlite3_bind_int64(q, 1, key_id);
	bind_text(q, 2, code_hash);
	sqlite3_bind_int64(q, 3, expires_at);
	sqlite3_bind_int64(q, 4, now);
	sqlite3_bind_int64(q, 5, window);
	bind_text(q, 6, salt);
	return run(db, q, func);
}

static int
code_get(struct appdb *db, enum appdb_stmt i, long long key_id,
    const char *key_text, struct appdb_reset *out, const char *func)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, i)) == NULL)
		return -1;
	if (key_text != NULL)
		bind_text(q, 1, key_text);
	else
		sqlite3_bind_int64(q, 1, key_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		col_copy(q, 0, out->code_hash, sizeof(out->code_hash));
		out->expires_at = sqlite3_column_int64(q, 1);
		out->attempts = sqlite3_column_int(q, 2);
		out->sends = sqlite3_column_int(q, 3);
		out->sent_at = sqlite3_column_int64(q, 4);
		out->window_start = sqlite3_column_int64(q, 5);
		col_copy(q, 6, out->salt, sizeof(out->salt));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, func, rc);
	done(q);
	return ret;
}

static int
code_attempt(struct appdb *db, enum appdb_stmt i, long long key_id,
    const char *key_text, int max, const char *func)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, i)) == NULL)
		return -1;
	if (key_text != NULL)
		bind_text(q, 1, key_text);
	else
		sqlite3_bind_int64(q, 1, key_id);
	sqlite3_bind_int(q, 2, max);
	if (run(db, q, func) == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 1 : 0;
}

int
appdb_reset_set(struct appdb *db, long long person, const char *code_hash,
    const char *salt, long long expires_at, long long now, long long window)
{
	return code_set(db, STMT_RESET_SET, person, NULL, code_hash, salt,
	    expires_at, now, window, "appdb_reset_set");
}

int
appdb_reset_get(struct appdb *db, long long person,
    struct appdb_reset *out)
{
	return code_get(db, STMT_RESET_GET, person, NULL, out,
	    "appdb_reset_get");
}

int
appdb_reset_attempt(struct appdb *db, long long person, int max)
{
	return code_attempt(db, STMT_RESET_ATTEMPT, person, NULL, max,
	    "appdb_reset_attempt");
}

int
appdb_reset_del(struct appdb *db, long long person)
{
	return run_int(db, STMT_RESET_DEL, person, "appdb_reset_del");
}

int
appdb_signup_set(struct appdb *db, const char *mobile, const char *code_hash,
    const char *salt, long long expires_at, long long now, long long window)
{
	return code_set(db, STMT_SIGNUP_SET, 0, mobile, code_hash, salt,
	    expires_at, now, window, "appdb_signup_set");
}

int
appdb_signup_get(struct appdb *db, const char *mobile,
    struct appdb_reset *out)
{
	return code_get(db, STMT_SIGNUP_GET, 0, mobile, out,
	    "appdb_signup_get");
}

int
appdb_signup_attempt(struct appdb *db, const char *mobile, int max)
{
	return code_attempt(db, STMT_SIGNUP_ATTEMPT, 0, mobile, max,
	    "appdb_signup_attempt");
}

int
appdb_signup_del(struct appdb *db, const char *mobile)
{
	return run_text(db, STMT_SIGNUP_DEL, mobile, "appdb_signup_del");
}

/* ---- identities ---- */

const char *
appdb_role_name(enum appdb_role role)
{
	return (unsigned)role < APPDB_ROLE__MAX ? appdb_role_sql[role] : "";
}

/* Fills *out from a row of STMT_MEMBERSHIPS / STMT_MEMBERSHIP_GET. */
static void
row_identity(sqlite3_stmt *q, struct appdb_identity *out)
{
	const char	*r;
	int		 i;

	memset(out, 0, sizeof(*out));
	out->membership = sqlite3_column_int64(q, 0);
	out->company = sqlite3_column_int64(q, 1);
	r = (const char *)sqlite3_column_text(q, 2);
	out->role = APPDB_ROLE__MAX;
	for (i = 0; r != NULL && i < APPDB_ROLE__MAX; i++)
		if (strcmp(r, appdb_role_sql[i]) == 0)
			out->role = i;
	col_copy(q, 3, out->company_name, sizeof(out->company_name));
	col_copy(q, 4, out->uscc, sizeof(out->uscc));
}

int
appdb_identities(struct appdb *db, long long person,
    int (*fn)(void *, const struct appdb_identity *), void *arg)
{
	struct appdb_identity	 id;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	if ((q = stmt(db, STMT_MEMBERSHIPS)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_identity(q, &id);
		if (fn(arg, &id) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_identities", rc);
	done(q);
	return ret;
}

int
appdb_identity_get(struct appdb *db, long long person, long long membership,
    struct appdb_identity *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_MEMBERSHIP_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, membership);
	sqlite3_bind_int64(q, 2, person);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		row_identity(q, out);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_identity_get", rc);
	done(q);
	return ret;
}

long long
appdb_cert_holder(struct appdb *db, const char *serial_hex)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, STMT_CERT_HOLDER)) == NULL)
		return -1;
	bind_text(q, 1, serial_hex);
	return lookup(db, q, "appdb_cert_holder");
}

int
appdb_cert_ca(struct appdb *db, const char *serial_hex, char *ca, size_t sz)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = stmt(db, STMT_CERT_CA)) == NULL)
		return -1;
	bind_text(q, 1, serial_hex);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		col_copy(q, 0, ca, sz);
	done(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(db, "appdb_cert_ca", rc);
	return rc == SQLITE_ROW ? 0 : 1;
}

int
appdb_cert_sibling(struct appdb *db, const char *serial_hex, const char *ca,
    long long now, char *out, size_t sz)
{
	sqlite3_stmt	*q;
	int		 rc;

	if ((q = stmt(db, STMT_CERT_SIBLING)) == NULL)
		return -1;
	bind_text(q, 1, serial_hex);
	bind_text(q, 2, ca);
	sqlite3_bind_int64(q, 3, now);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		col_copy(q, 0, out, sz);
	done(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(db, "appdb_cert_sibling", rc);
	return rc == SQLITE_ROW ? 0 : 1;
}

/* ---- personal centre and CA管理 (fcgi/centre.c, fcgi/certs.c) ---- */

/* enum appdb_role of a database spelling; APPDB_ROLE__MAX if unknown. */
static enum appdb_role
role_of(const unsigned char *r)
{
	int	 i;

	for (i = 0; r != NULL && i < APPDB_ROLE__MAX; i++)
		if (strcmp((const char *)r, appdb_role_sql[i]) == 0)
			return i;
	return APPDB_ROLE__MAX;
}

int
appdb_person_set_name(struct appdb *db, long long id, const char *name)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_PERSON_SET_NAME)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	bind_text(q, 2, name);
	return run(db, q, "appdb_person_set_name");
}

int
appdb_company_get(struct appdb *db, long long id,
    struct appdb_company_rec *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_COMPANY_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		col_copy(q, 0, out->uscc, sizeof(out->uscc));
		col_copy(q, 1, out->name, sizeof(out->name));
		col_copy(q, 2, out->address, sizeof(out->address));
		col_copy(q, 3, out->phone, sizeof(out->phone));
		col_copy(q, 4, out->bank, sizeof(out->bank));
		col_copy(q, 5, out->bank_account, sizeof(out->bank_account));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_company_get", rc);
	done(q);
	return ret;
}

int
appdb_company_set(struct appdb *db, long long id,
    const struct appdb_company *c)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if (c == NULL || !uscc_valid(c->uscc))
		return refuse(db, "appdb_company_set",
		    "not a valid unified social credit code");
	if ((q = stmt(db, STMT_COMPANY_SET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	bind_text(q, 2, c->uscc);
	bind_text(q, 3, c->name);
	bind_text(q, 4, c->address != NULL ? c->address : "");
	bind_text(q, 5, c->phone != NULL ? c->phone : "");
	bind_text(q, 6, c->bank != NULL ? c->bank : "");
	bind_text(q, 7, c->bank_account != NULL ? c->bank_account : "");
	return run(db, q, "appdb_company_set");
}

int
appdb_staff_each(struct appdb *db, long long company,
    int (*fn)(void *, const struct appdb_staff *), void *arg)
{
	struct appdb_staff	 s;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	if ((q = stmt(db, STMT_STAFF_LIST)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, company);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&s, 0, sizeof(s));
		s.membership = sqlite3_column_int64(q, 0);
		s.person = sqlite3_column_int64(q, 1);
		s.role = role_of(sqlite3_column_text(q, 2));
		col_copy(q, 3, s.name, sizeof(s.name));
		col_copy(q, 4, s.mobile, sizeof(s.mobile));
		s.since = sqlite3_column_int64(q, 5);
		if (fn(arg, &s) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_staff_each", rc);
	done(q);
	return ret;
}

int
appdb_staff_get(struct appdb *db, long long company, long long membership,
    long long *person, enum appdb_role *role)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	if ((q = stmt(db, STMT_STAFF_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, membership);
	sqlite3_bind_int64(q, 2, company);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*person = sqlite3_column_int64(q, 0);
		*role = role_of(sqlite3_column_text(q, 1));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_staff_get", rc);
	done(q);
	return ret;
}

int
appdb_staff_set_role(struct appdb *db, long long company,
    long long membership, enum appdb_role role)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX || role == APPDB_ROLE_PERSONAL)
		return refuse(db, "appdb_staff_set_role", "no such role");
	if ((q = stmt(db, STMT_STAFF_SET_ROLE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, membership);
	sqlite3_bind_int64(q, 2, company);
	bind_text(q, 3, appdb_role_sql[role]);
	return run(db, q, "appdb_staff_set_role");
}

int
appdb_staff_remove(struct appdb *db, long long company, long long membership)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	/* Sessions acting as this identity fall back to "none chosen". */
	if (run_int(db, STMT_STAFF_UNSESSION, membership,
	    "appdb_staff_remove") == -1 ||
	    (q = stmt(db, STMT_STAFF_DEL)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, membership);
	sqlite3_bind_int64(q, 2, company);
	return run(db, q, "appdb_staff_remove");
}

long long
appdb_admin_count(struct appdb *db, long long company)
{
	sqlite3_stmt	*q;

	if ((q = stmt(db, STMT_ADMIN_COUNT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, company);
	return lookup(db, q, "appdb_admin_count");
}

/*
 * Binds the scope (?1 company or NULL, ?2 holder or NULL) of a cert
 * statement.  A scope with neither would mean "every personal
 * certificate of everyone": refused.  0 / -1.
 */
static int
bind_scope(struct appdb *db, sqlite3_stmt *q,
    const struct appdb_cert_scope *s, const char *func)
{
	if (s == NULL || s->company < 0 || s->holder < 0 ||
	    (s->company == 0 && s->holder == 0))
		return refuse(db, func, "certificate scope without an owner");
	if (bind_id(q, 1, s->company) != SQLITE_OK ||
	    bind_id(q, 2, s->holder) != SQLITE_OK)
		return fail(db, func, SQLITE_ERROR);
	return 0;
}

/* Fills *out from a row of STMT_CERT_PAGE / STMT_CERT_FIND. */
static void
row_cert(sqlite3_stmt *q, struct appdb_cert_row *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(q, 0);
	out->company = sqlite3_column_int64(q, 1);
	out->holder = sqlite3_column_int64(q, 2);
	col_copy(q, 3, out->serial, sizeof(out->serial));
	col_copy(q, 4, out->cert_type, sizeof(out->cert_type));
	col_copy(q, 5, out->lock_type, sizeof(out->lock_type));
	col_copy(q, 6, out->vendor, sizeof(out->vendor));
	col_copy(q, 7, out->media_vendor, sizeof(out->media_vendor));
	col_copy(q, 8, out->key_serial, sizeof(out->key_serial));
	out->first_applied_at = sqlite3_column_int64(q, 9);
	out->not_after = sqlite3_column_int64(q, 10);
	col_copy(q, 11, out->status, sizeof(out->status));
	col_copy(q, 12, out->holder_name, sizeof(out->holder_name));
	col_copy(q, 13, out->company_name, sizeof(out->company_name));
	col_copy(q, 14, out->uscc, sizeof(out->uscc));
}

long long
appdb_cert_count(struct appdb *db, const struct appdb_cert_scope *s,
    const char *search)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_CERT_COUNT)) == NULL)
		return -1;
	if (bind_scope(db, q, s, "appdb_cert_count") == -1 ||
	    bind_text(q, 3, search != NULL && *search != '\0' ? search :
	    NULL) != SQLITE_OK) {
		done(q);
		return -1;
	}
	return lookup(db, q, "appdb_cert_count");
}

int
appdb_cert_page(struct appdb *db, const struct appdb_cert_scope *s,
    const char *search, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_cert_row *), void *arg)
{
	struct appdb_cert_row	 row;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((q = stmt(db, STMT_CERT_PAGE)) == NULL)
		return -1;
	if (bind_scope(db, q, s, "appdb_cert_page") == -1 ||
	    bind_text(q, 3, search != NULL && *search != '\0' ? search :
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, limit) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 5, offset) != SQLITE_OK) {
		done(q);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_cert(q, &row);
		if (fn(arg, &row) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_cert_page", rc);
	done(q);
	return ret;
}

int
appdb_cert_find(struct appdb *db, const struct appdb_cert_scope *s,
    long long id, struct appdb_cert_row *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_CERT_FIND)) == NULL)
		return -1;
	if (bind_scope(db, q, s, "appdb_cert_find") == -1) {
		done(q);
		return -1;
	}
	sqlite3_bind_int64(q, 3, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_cert(q, out);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_cert_find", rc);
	done(q);
	return ret;
}

int
appdb_cert_links(struct appdb *db, long long cert, int linked,
    int (*fn)(void *, long long, const char *), void *arg)
{
	sqlite3_stmt	*q;
	const char	*name;
	int		 rc, ret = 0;

	if ((q = stmt(db, linked ? STMT_CERT_LINKED :
	    STMT_CERT_LINKABLE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(q, 1);
		if (fn(arg, sqlite3_column_int64(q, 0),
		    name != NULL ? name : "") == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_cert_links", rc);
	done(q);
	return ret;
}

int
appdb_cert_link(struct appdb *db, long long cert, long long platform)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_CERT_LINK)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	sqlite3_bind_int64(q, 2, platform);
	if (run(db, q, "appdb_cert_link") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

int
appdb_cert_status_move(struct appdb *db, long long cert, const char *from,
    const char *to)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_CERT_STATUS_MOVE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	bind_text(q, 2, from);
	bind_text(q, 3, to);
	if (run(db, q, "appdb_cert_status_move") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

/* ---- certificates added by webctl demo-certs ---- */

long long
appdb_platform_id(struct appdb *db, const char *name)
{
	return key_id(db, STMT_PLATFORM_ID, name);
}

int
appdb_platform_name(struct appdb *db, long long id, char *buf, size_t sz)
{
	sqlite3_stmt	*q;
	const char	*t;
	int		 rc, ret = 1;

	db->refused = 0;
	if ((q = stmt(db, STMT_PLATFORM_NAME)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(q, 0);
		ret = t != NULL && strlen(t) < sz ? 0 : -1;
		if (ret == 0)
			memcpy(buf, t, strlen(t) + 1);
	} else if (rc != SQLITE_DONE)
		ret = -1;
	done(q);
	if (ret == -1)
		log_err("appdb_platform_name: %s", sqlite3_errmsg(db->db));
	return ret;
}

long long
appdb_membership_id(struct appdb *db, long long person, long long company,
    enum appdb_role role)
{
	if ((unsigned)role >= APPDB_ROLE__MAX)
		return refuse(db, "appdb_membership_id", "bad role");
	return membership_id(db, person, company, role);
}

int
appdb_cert_add(struct appdb *db, const struct appdb_cert_new *c,
    long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_CERT_ADD)) == NULL)
		return -1;
	if (bind_text(q, 1, c->serial_hex) != SQLITE_OK ||
	    bind_text(q, 2, c->cert_type) != SQLITE_OK ||
	    bind_id(q, 3, c->company) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, c->holder) != SQLITE_OK ||
	    bind_text(q, 5, c->vendor) != SQLITE_OK ||
	    bind_text(q, 6, c->lock_type) != SQLITE_OK ||
	    bind_text(q, 7, c->media_vendor != NULL ? c->media_vendor : "") !=
	    SQLITE_OK ||
	    bind_text(q, 8, c->key_serial) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 9, c->first_applied_at) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 10, c->not_after) != SQLITE_OK ||
	    bind_text(q, 11, c->ca != NULL ? c->ca : "") != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_cert_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_cert_add", id);
}

long long
appdb_cert_by_key_serial(struct appdb *db, const char *key_serial,
    char *serial_hex, size_t sz)
{
	sqlite3_stmt	*q;
	long long	 id = 0;
	int		 rc;

	if (sz > 0)
		serial_hex[0] = '\0';
	if ((q = stmt(db, STMT_CERT_BY_KEY_SERIAL)) == NULL)
		return -1;
	bind_text(q, 1, key_serial);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		col_copy(q, 1, serial_hex, sz);
	} else if (rc != SQLITE_DONE)
		id = fail(db, "appdb_cert_by_key_serial", rc);
	done(q);
	return id;
}

/* ---- orders (fcgi/order.c holds the rules) ---- */

long long
appdb_product_id(struct appdb *db, const char *code)
{
	db->refused = 0;
	return key_id(db, STMT_PRODUCT_ID, code);
}

int
appdb_product_price(struct appdb *db, long long product,
    long long *price_fen)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	*price_fen = 0;
	if ((q = stmt(db, STMT_PRODUCT_PRICE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, product);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*price_fen = sqlite3_column_int64(q, 0);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_product_price", rc);
	done(q);
	return ret;
}

int
appdb_order_add(struct appdb *db, const struct appdb_order_new *o,
    long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_ADD)) == NULL)
		return -1;
	if (bind_text(q, 1, o->order_no) != SQLITE_OK ||
	    bind_text(q, 2, o->kind) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, o->person) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, o->membership) != SQLITE_OK ||
	    bind_id(q, 5, o->company) != SQLITE_OK ||
	    bind_id(q, 6, o->cert) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 7, o->product) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 8, o->quantity) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 9, o->amount_fen) != SQLITE_OK ||
	    bind_text(q, 10, o->reason) != SQLITE_OK ||
	    bind_text(q, 11, o->reason_text != NULL ? o->reason_text : "") !=
	    SQLITE_OK ||
	    bind_text(q, 12, o->submit_key) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 13, o->now) != SQLITE_OK ||
	    bind_id(q, 14, o->statement_upload) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_order_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_order_add", id);
}

long long
appdb_order_by_key(struct appdb *db, const char *submit_key,
    long long *person)
{
	sqlite3_stmt	*q;
	long long	 id = 0;
	int		 rc;

	db->refused = 0;
	*person = 0;
	if ((q = stmt(db, STMT_ORDER_BY_KEY)) == NULL)
		return -1;
	bind_text(q, 1, submit_key);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		*person = sqlite3_column_int64(q, 1);
	} else if (rc != SQLITE_DONE)
		id = fail(db, "appdb_order_by_key", rc);
	done(q);
	return id;
}

long long
appdb_order_by_no(struct appdb *db, const char *order_no)
{
	db->refused = 0;
	return key_id(db, STMT_ORDER_BY_NO, order_no);
}

long long
appdb_order_open_for_cert(struct appdb *db, long long cert)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_OPEN_CERT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	return lookup(db, q, "appdb_order_open_for_cert");
}

int
appdb_order_get(struct appdb *db, long long id, struct appdb_order_row *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_ORDER_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		col_copy(q, 1, out->order_no, sizeof(out->order_no));
		col_copy(q, 2, out->kind, sizeof(out->kind));
		out->person = sqlite3_column_int64(q, 3);
		out->membership = sqlite3_column_int64(q, 4);
		out->company = sqlite3_column_int64(q, 5);
		out->cert = sqlite3_column_int64(q, 6);
		out->product = sqlite3_column_int64(q, 7);
		out->quantity = sqlite3_column_int64(q, 8);
		out->amount_fen = sqlite3_column_int64(q, 9);
		col_copy(q, 10, out->reason, sizeof(out->reason));
		col_copy(q, 11, out->reason_text, sizeof(out->reason_text));
		col_copy(q, 12, out->pay, sizeof(out->pay));
		col_copy(q, 13, out->review, sizeof(out->review));
		col_copy(q, 14, out->delivery, sizeof(out->delivery));
		col_copy(q, 15, out->pickup_method,
		    sizeof(out->pickup_method));
		out->office = sqlite3_column_int64(q, 16);
		col_copy(q, 17, out->ship_address, sizeof(out->ship_address));
		col_copy(q, 18, out->tracking_no, sizeof(out->tracking_no));
		col_copy(q, 19, out->pickup_code_hash,
		    sizeof(out->pickup_code_hash));
		col_copy(q, 20, out->reject_reason,
		    sizeof(out->reject_reason));
		out->created_at = sqlite3_column_int64(q, 21);
		out->updated_at = sqlite3_column_int64(q, 22);
		out->paid_at = sqlite3_column_int64(q, 23);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_order_get", rc);
	done(q);
	return ret;
}

int
appdb_order_move(struct appdb *db, const struct appdb_order_move *m)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_MOVE)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, m->id) != SQLITE_OK ||
	    bind_text(q, 2, m->from_pay) != SQLITE_OK ||
	    bind_text(q, 3, m->from_review) != SQLITE_OK ||
	    bind_text(q, 4, m->from_delivery) != SQLITE_OK ||
	    bind_text(q, 5, m->to_pay) != SQLITE_OK ||
	    bind_text(q, 6, m->to_review) != SQLITE_OK ||
	    bind_text(q, 7, m->to_delivery) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 8, m->now) != SQLITE_OK ||
	    sqlite3_bind_int(q, 9, m->paid != 0) != SQLITE_OK ||
	    bind_text(q, 10, m->tracking_no) != SQLITE_OK ||
	    bind_text(q, 11, m->pickup_code_hash) != SQLITE_OK ||
	    bind_text(q, 12, m->reject_reason) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_order_move", SQLITE_ERROR);
	}
	if (run(db, q, "appdb_order_move") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

int
appdb_order_pickup_set(struct appdb *db, long long id, const char *method,
    long long office, const char *address, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_PICKUP_SET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	bind_text(q, 2, method);
	bind_id(q, 3, office);
	bind_text(q, 4, address != NULL ? address : "");
	sqlite3_bind_int64(q, 5, now);
	if (run(db, q, "appdb_order_pickup_set") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

int
appdb_order_event_add(struct appdb *db, long long order, long long at,
    const char *actor, const char *event, const char *from_pay,
    const char *from_review, const char *from_delivery, const char *to_pay,
    const char *to_review, const char *to_delivery, const char *detail)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_EVENT_ADD)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, order) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, at) != SQLITE_OK ||
	    bind_text(q, 3, actor) != SQLITE_OK ||
	    bind_text(q, 4, event) != SQLITE_OK ||
	    bind_text(q, 5, from_pay) != SQLITE_OK ||
	    bind_text(q, 6, from_review) != SQLITE_OK ||
	    bind_text(q, 7, from_delivery) != SQLITE_OK ||
	    bind_text(q, 8, to_pay) != SQLITE_OK ||
	    bind_text(q, 9, to_review) != SQLITE_OK ||
	    bind_text(q, 10, to_delivery) != SQLITE_OK ||
	    bind_text(q, 11, detail != NULL ? detail : "") != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_order_event_add", SQLITE_ERROR);
	}
	return run(db, q, "appdb_order_event_add");
}

int
appdb_order_events(struct appdb *db, long long order,
    int (*fn)(void *, const struct appdb_order_event *), void *arg)
{
	struct appdb_order_event	 e;
	sqlite3_stmt			*q;
	int				 rc, ret = 0;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_EVENTS)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.id = sqlite3_column_int64(q, 0);
		e.at = sqlite3_column_int64(q, 1);
		col_copy(q, 2, e.actor, sizeof(e.actor));
		col_copy(q, 3, e.event, sizeof(e.event));
		col_copy(q, 4, e.from_pay, sizeof(e.from_pay));
		col_copy(q, 5, e.from_review, sizeof(e.from_review));
		col_copy(q, 6, e.from_delivery, sizeof(e.from_delivery));
		col_copy(q, 7, e.to_pay, sizeof(e.to_pay));
		col_copy(q, 8, e.to_review, sizeof(e.to_review));
		col_copy(q, 9, e.to_delivery, sizeof(e.to_delivery));
		col_copy(q, 10, e.detail, sizeof(e.detail));
		if (fn(arg, &e) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_order_events", rc);
	done(q);
	return ret;
}

long long
appdb_order_next_due(struct appdb *db, long long created_by,
    long long after)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_NEXT_DUE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, created_by);
	sqlite3_bind_int64(q, 2, after);
	return lookup(db, q, "appdb_order_next_due");
}

/* ---- uploads and the CA补办 wizard's draft ---- */

int
appdb_upload_add(struct appdb *db, const struct appdb_upload_new *u,
    long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_UPLOAD_ADD)) == NULL)
		return -1;
	if (bind_text(q, 1, u->sha256) != SQLITE_OK ||
	    bind_text(q, 2, u->ctype) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, u->size) != SQLITE_OK ||
	    bind_text(q, 4, u->filename) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 5, u->person) != SQLITE_OK ||
	    bind_id(q, 6, u->company) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 7, (long long)time(NULL)) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_upload_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_upload_add", id);
}

int
appdb_upload_get(struct appdb *db, long long id, struct appdb_upload *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_UPLOAD_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		col_copy(q, 1, out->sha256, sizeof(out->sha256));
		col_copy(q, 2, out->ctype, sizeof(out->ctype));
		out->size = sqlite3_column_int64(q, 3);
		col_copy(q, 4, out->filename, sizeof(out->filename));
		out->person = sqlite3_column_int64(q, 5);
		out->company = sqlite3_column_int64(q, 6);
		out->created_at = sqlite3_column_int64(q, 7);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_upload_get", rc);
	done(q);
	return ret;
}

long long
appdb_upload_count_since(struct appdb *db, long long person,
    long long since)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_UPLOAD_COUNT_SINCE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, since);
	return lookup(db, q, "appdb_upload_count_since");
}

int
appdb_draft_get(struct appdb *db, long long person, long long cert,
    struct appdb_draft *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_DRAFT_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, cert);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		col_copy(q, 0, out->reason, sizeof(out->reason));
		col_copy(q, 1, out->reason_text, sizeof(out->reason_text));
		out->upload = sqlite3_column_int64(q, 2);
		out->updated_at = sqlite3_column_int64(q, 3);
		col_copy(q, 4, out->submit_key, sizeof(out->submit_key));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_draft_get", rc);
	done(q);
	return ret;
}

int
appdb_draft_set(struct appdb *db, long long person, long long cert,
    const char *reason, const char *reason_text, long long upload,
    long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_DRAFT_SET)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, cert) != SQLITE_OK ||
	    bind_text(q, 3, reason != NULL ? reason : "") != SQLITE_OK ||
	    bind_text(q, 4, reason_text != NULL ? reason_text : "") !=
	    SQLITE_OK ||
	    bind_id(q, 5, upload) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 6, now) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_draft_set", SQLITE_ERROR);
	}
	return run(db, q, "appdb_draft_set");
}

int
appdb_draft_key(struct appdb *db, long long person, long long cert,
    const char *key)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_DRAFT_KEY)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, cert) != SQLITE_OK ||
	    bind_text(q, 3, key) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_draft_key", SQLITE_ERROR);
	}
	return run(db, q, "appdb_draft_key");
}

int
appdb_draft_delete(struct appdb *db, long long person, long long cert)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_DRAFT_DELETE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, cert);
	return run(db, q, "appdb_draft_delete");
}

int
appdb_invoice_set(struct appdb *db, long long order,
    const struct appdb_invoice *v, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, v != NULL ? STMT_INVOICE_SET : STMT_INVOICE_DEL)) ==
	    NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	if (v != NULL && (bind_text(q, 2, v->kind) != SQLITE_OK ||
	    bind_text(q, 3, v->title) != SQLITE_OK ||
	    bind_text(q, 4, v->tax_id) != SQLITE_OK ||
	    bind_text(q, 5, v->address) != SQLITE_OK ||
	    bind_text(q, 6, v->phone) != SQLITE_OK ||
	    bind_text(q, 7, v->bank) != SQLITE_OK ||
	    bind_text(q, 8, v->bank_account) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 9, now) != SQLITE_OK)) {
		done(q);
		return fail(db, "appdb_invoice_set", SQLITE_ERROR);
	}
	if (run(db, q, "appdb_invoice_set") == -1)
		return -1;
	return 0;
}

int
appdb_invoice_get(struct appdb *db, long long order,
    struct appdb_invoice_row *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_INVOICE_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		col_copy(q, 0, out->kind, sizeof(out->kind));
		col_copy(q, 1, out->title, sizeof(out->title));
		col_copy(q, 2, out->tax_id, sizeof(out->tax_id));
		col_copy(q, 3, out->address, sizeof(out->address));
		col_copy(q, 4, out->phone, sizeof(out->phone));
		col_copy(q, 5, out->bank, sizeof(out->bank));
		col_copy(q, 6, out->bank_account, sizeof(out->bank_account));
		col_copy(q, 7, out->state, sizeof(out->state));
		out->created_at = sqlite3_column_int64(q, 8);
		out->updated_at = sqlite3_column_int64(q, 9);
		out->upload = sqlite3_column_int64(q, 10);
		col_copy(q, 11, out->invoice_no, sizeof(out->invoice_no));
		col_copy(q, 12, out->tracking_no, sizeof(out->tracking_no));
		out->issued_at = sqlite3_column_int64(q, 13);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_invoice_get", rc);
	done(q);
	return ret;
}

int
appdb_payment_start(struct appdb *db, long long order, const char *provider,
    long long amount_fen, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_PAYMENT_START)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	bind_text(q, 2, provider);
	sqlite3_bind_int64(q, 3, amount_fen);
	sqlite3_bind_int64(q, 4, now);
	if (run(db, q, "appdb_payment_start") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

int
appdb_payment_get(struct appdb *db, long long order,
    struct appdb_payment *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_PAYMENT_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		col_copy(q, 0, out->provider, sizeof(out->provider));
		out->amount_fen = sqlite3_column_int64(q, 1);
		col_copy(q, 2, out->state, sizeof(out->state));
		col_copy(q, 3, out->trade_no, sizeof(out->trade_no));
		out->started_at = sqlite3_column_int64(q, 4);
		out->updated_at = sqlite3_column_int64(q, 5);
		out->paid_at = sqlite3_column_int64(q, 6);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_payment_get", rc);
	done(q);
	return ret;
}

int
appdb_payment_paid(struct appdb *db, long long order, const char *trade_no,
    long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_PAYMENT_PAID)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	bind_text(q, 2, trade_no);
	sqlite3_bind_int64(q, 3, now);
	if (run(db, q, "appdb_payment_paid") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

int
appdb_payment_close(struct appdb *db, long long order, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_PAYMENT_CLOSE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	sqlite3_bind_int64(q, 2, now);
	if (run(db, q, "appdb_payment_close") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

/* ---- 订单管理 and 发票管理 (fcgi/orders.c) ---- */

/*
 * Binds the order scope (?1 company or NULL, ?2 buyer or NULL).  A scope
 * with neither would mean "every personal order of everyone": refused.
 * 0 / -1.
 */
static int
bind_order_scope(struct appdb *db, sqlite3_stmt *q,
    const struct appdb_order_scope *s, const char *func)
{
	if (s == NULL || s->company < 0 || s->person < 0 ||
	    (s->company == 0 && s->person == 0))
		return refuse(db, func, "order scope without an owner");
	if (bind_id(q, 1, s->company) != SQLITE_OK ||
	    bind_id(q, 2, s->person) != SQLITE_OK)
		return fail(db, func, SQLITE_ERROR);
	return 0;
}

long long
appdb_order_count(struct appdb *db, const struct appdb_order_scope *s,
    const char *kind)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_COUNT)) == NULL)
		return -1;
	if (bind_order_scope(db, q, s, "appdb_order_count") == -1 ||
	    bind_text(q, 3, kind) != SQLITE_OK) {
		done(q);
		return -1;
	}
	return lookup(db, q, "appdb_order_count");
}

int
appdb_order_page(struct appdb *db, const struct appdb_order_scope *s,
    const char *kind, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_order_item *), void *arg)
{
	struct appdb_order_item	 it;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((q = stmt(db, STMT_ORDER_PAGE)) == NULL)
		return -1;
	if (bind_order_scope(db, q, s, "appdb_order_page") == -1 ||
	    bind_text(q, 3, kind) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, limit) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 5, offset) != SQLITE_OK) {
		done(q);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&it, 0, sizeof(it));
		it.id = sqlite3_column_int64(q, 0);
		col_copy(q, 1, it.order_no, sizeof(it.order_no));
		col_copy(q, 2, it.kind, sizeof(it.kind));
		col_copy(q, 3, it.buyer, sizeof(it.buyer));
		it.amount_fen = sqlite3_column_int64(q, 4);
		col_copy(q, 5, it.pay, sizeof(it.pay));
		col_copy(q, 6, it.review, sizeof(it.review));
		col_copy(q, 7, it.delivery, sizeof(it.delivery));
		col_copy(q, 8, it.pickup_method, sizeof(it.pickup_method));
		col_copy(q, 9, it.lock_type, sizeof(it.lock_type));
		col_copy(q, 10, it.holder, sizeof(it.holder));
		it.created_at = sqlite3_column_int64(q, 11);
		if (fn(arg, &it) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_order_page", rc);
	done(q);
	return ret;
}

int
appdb_order_find(struct appdb *db, const struct appdb_order_scope *s,
    long long id, struct appdb_order_info *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_ORDER_FIND)) == NULL)
		return -1;
	if (bind_order_scope(db, q, s, "appdb_order_find") == -1) {
		done(q);
		return -1;
	}
	sqlite3_bind_int64(q, 3, id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		col_copy(q, 0, out->buyer, sizeof(out->buyer));
		col_copy(q, 1, out->company_name, sizeof(out->company_name));
		col_copy(q, 2, out->uscc, sizeof(out->uscc));
		col_copy(q, 3, out->office_name, sizeof(out->office_name));
		col_copy(q, 4, out->office_address,
		    sizeof(out->office_address));
		out->statement_upload = sqlite3_column_int64(q, 5);
		col_copy(q, 6, out->statement_name,
		    sizeof(out->statement_name));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_order_find", rc);
	done(q);
	return ret;
}

long long
appdb_invoice_count(struct appdb *db, const struct appdb_order_scope *s)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_INVOICE_COUNT)) == NULL)
		return -1;
	if (bind_order_scope(db, q, s, "appdb_invoice_count") == -1) {
		done(q);
		return -1;
	}
	return lookup(db, q, "appdb_invoice_count");
}

int
appdb_invoice_page(struct appdb *db, const struct appdb_order_scope *s,
    long long limit, long long offset,
    int (*fn)(void *, const struct appdb_invoice_item *), void *arg)
{
	struct appdb_invoice_item	 it;
	sqlite3_stmt			*q;
	int				 rc, ret = 0;

	db->refused = 0;
	if ((q = stmt(db, STMT_INVOICE_PAGE)) == NULL)
		return -1;
	if (bind_order_scope(db, q, s, "appdb_invoice_page") == -1 ||
	    sqlite3_bind_int64(q, 3, limit) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, offset) != SQLITE_OK) {
		done(q);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&it, 0, sizeof(it));
		it.order = sqlite3_column_int64(q, 0);
		col_copy(q, 1, it.order_no, sizeof(it.order_no));
		col_copy(q, 2, it.pay, sizeof(it.pay));
		col_copy(q, 3, it.kind, sizeof(it.kind));
		col_copy(q, 4, it.title_type, sizeof(it.title_type));
		col_copy(q, 5, it.title, sizeof(it.title));
		col_copy(q, 6, it.tax_id, sizeof(it.tax_id));
		it.amount_fen = sqlite3_column_int64(q, 7);
		col_copy(q, 8, it.state, sizeof(it.state));
		it.created_at = sqlite3_column_int64(q, 9);
		it.order_created_at = sqlite3_column_int64(q, 10);
		it.has_file = sqlite3_column_int(q, 11);
		col_copy(q, 12, it.invoice_no, sizeof(it.invoice_no));
		col_copy(q, 13, it.tracking_no, sizeof(it.tracking_no));
		if (fn(arg, &it) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_invoice_page", rc);
	done(q);
	return ret;
}

int
appdb_offices(struct appdb *db, int (*fn)(void *, const struct appdb_office *),
    void *arg)
{
	struct appdb_office	 o;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((q = stmt(db, STMT_OFFICE_LIST)) == NULL)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&o, 0, sizeof(o));
		o.id = sqlite3_column_int64(q, 0);
		col_copy(q, 1, o.code, sizeof(o.code));
		col_copy(q, 2, o.name, sizeof(o.name));
		col_copy(q, 3, o.address, sizeof(o.address));
		col_copy(q, 4, o.apply_url, sizeof(o.apply_url));
		if (fn(arg, &o) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_offices", rc);
	done(q);
	return ret;
}

int
appdb_office_url(struct appdb *db, const char *code, const char *url)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_OFFICE_URL)) == NULL)
		return -1;
	if (bind_text(q, 1, code) != SQLITE_OK ||
	    bind_text(q, 2, url) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_office_url", SQLITE_ERROR);
	}
	if (run(db, q, "appdb_office_url") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

int
appdb_session_cert(struct appdb *db, const char *id_hash, const char *serial)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_SESSION_CERT)) == NULL)
		return -1;
	bind_text(q, 1, id_hash);
	bind_text(q, 2, serial);
	if (run(db, q, "appdb_session_cert") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : -1;
}

int
appdb_operator_add(struct appdb *db, long long person, long long office)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_OPERATOR_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, office);
	sqlite3_bind_int64(q, 3, (long long)time(NULL));
	return run(db, q, "appdb_operator_add");
}

int
appdb_operator_get(struct appdb *db, long long person,
    struct appdb_operator *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_OPERATOR_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->person = person;
		out->office = sqlite3_column_int64(q, 0);
		col_copy(q, 1, out->office_code, sizeof(out->office_code));
		col_copy(q, 2, out->office_name, sizeof(out->office_name));
		out->active = sqlite3_column_int(q, 3);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_operator_get", rc);
	done(q);
	return ret;
}

int
appdb_payment_refunded(struct appdb *db, long long order, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_PAYMENT_REFUNDED)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	sqlite3_bind_int64(q, 2, now);
	if (run(db, q, "appdb_payment_refunded") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

long long
appdb_office_id(struct appdb *db, const char *code)
{
	db->refused = 0;
	return key_id(db, STMT_OFFICE_ID, code);
}

/* ---- the operators' queue (fcgi/ops.c) ---- */

/* Database spelling of enum appdb_ops_status (STMT_OPS_PAGE's ?3). */
static const char *const appdb_ops_status_sql[APPDB_OPS__MAX] = {
	/* APPDB_OPS_PENDING */		"pending",
	/* APPDB_OPS_APPROVED */	"approved",
	/* APPDB_OPS_DELIVERING */	"delivering",
	/* APPDB_OPS_DONE */		"done",
	/* APPDB_OPS_REJECTED */	"rejected",
	/* APPDB_OPS_ALL */		"all",
};

int
appdb_ops_counts(struct appdb *db, const char *office,
    const char *mail_office, long long counts[APPDB_OPS__MAX])
{
	sqlite3_stmt	*q;
	int		 rc, ret = -1;

	db->refused = 0;
	memset(counts, 0, APPDB_OPS__MAX * sizeof(counts[0]));
	if ((q = stmt(db, STMT_OPS_COUNTS)) == NULL)
		return -1;
	bind_text(q, 1, office);
	bind_text(q, 2, mail_office);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		counts[APPDB_OPS_ALL] = sqlite3_column_int64(q, 0);
		counts[APPDB_OPS_PENDING] = sqlite3_column_int64(q, 1);
		counts[APPDB_OPS_APPROVED] = sqlite3_column_int64(q, 2);
		counts[APPDB_OPS_DELIVERING] = sqlite3_column_int64(q, 3);
		counts[APPDB_OPS_DONE] = sqlite3_column_int64(q, 4);
		counts[APPDB_OPS_REJECTED] = sqlite3_column_int64(q, 5);
		ret = 0;
	} else
		fail(db, "appdb_ops_counts", rc);
	done(q);
	return ret;
}

int
appdb_ops_page(struct appdb *db, const char *office, const char *mail_office,
    enum appdb_ops_status status, long long limit, long long offset,
    int (*fn)(void *, const struct appdb_ops_item *), void *arg)
{
	struct appdb_ops_item	 it;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((unsigned)status >= APPDB_OPS__MAX)
		return refuse(db, "appdb_ops_page", "no such status");
	if ((q = stmt(db, STMT_OPS_PAGE)) == NULL)
		return -1;
	bind_text(q, 1, office);
	bind_text(q, 2, mail_office);
	bind_text(q, 3, appdb_ops_status_sql[status]);
	sqlite3_bind_int64(q, 4, limit);
	sqlite3_bind_int64(q, 5, offset);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&it, 0, sizeof(it));
		it.id = sqlite3_column_int64(q, 0);
		col_copy(q, 1, it.order_no, sizeof(it.order_no));
		it.paid_at = sqlite3_column_int64(q, 2);
		col_copy(q, 3, it.company, sizeof(it.company));
		col_copy(q, 4, it.buyer, sizeof(it.buyer));
		col_copy(q, 5, it.holder, sizeof(it.holder));
		col_copy(q, 6, it.lock_type, sizeof(it.lock_type));
		col_copy(q, 7, it.reason, sizeof(it.reason));
		col_copy(q, 8, it.reason_text, sizeof(it.reason_text));
		col_copy(q, 9, it.pickup_method, sizeof(it.pickup_method));
		col_copy(q, 10, it.office_code, sizeof(it.office_code));
		col_copy(q, 11, it.office_name, sizeof(it.office_name));
		col_copy(q, 12, it.pay, sizeof(it.pay));
		col_copy(q, 13, it.review, sizeof(it.review));
		col_copy(q, 14, it.delivery, sizeof(it.delivery));
		it.confirm = sqlite3_column_int(q, 15);
		if (fn(arg, &it) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_ops_page", rc);
	done(q);
	return ret;
}

/* ---- replacements issued by 补办 (fcgi/opsissue.c) ---- */

int
appdb_cert_serial(struct appdb *db, long long cert, char *serial_hex,
    size_t sz)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	db->refused = 0;
	if (sz > 0)
		serial_hex[0] = '\0';
	if ((q = stmt(db, STMT_CERT_SERIAL)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, cert);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		col_copy(q, 0, serial_hex, sz);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_cert_serial", rc);
	done(q);
	return ret;
}

long long
appdb_cert_replacement(struct appdb *db, long long old_cert,
    char *serial_hex, size_t sz)
{
	sqlite3_stmt	*q;
	long long	 id = 0;
	int		 rc;

	db->refused = 0;
	if (sz > 0)
		serial_hex[0] = '\0';
	if ((q = stmt(db, STMT_CERT_REPLACEMENT)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, old_cert);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		id = sqlite3_column_int64(q, 0);
		col_copy(q, 1, serial_hex, sz);
	} else if (rc != SQLITE_DONE)
		id = fail(db, "appdb_cert_replacement", rc);
	done(q);
	return id;
}

int
appdb_cert_replace(struct appdb *db, const struct appdb_cert_repl *r,
    long long *new_id)
{
	sqlite3_stmt	*q;
	char		 have[41];
	long long	 id;

	db->refused = 0;
	*new_id = 0;
	if ((id = appdb_cert_replacement(db, r->old_cert, have,
	    sizeof(have))) == -1)
		return -1;
	if (id > 0) {
		if (strcmp(have, r->serial_hex) != 0)
			return refuse(db, "appdb_cert_replace", "the "
			    "certificate was replaced by another one");
		*new_id = id;
		return 0;
	}
	if ((q = stmt(db, STMT_CERT_REPLACE_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->old_cert);
	bind_text(q, 2, r->serial_hex);
	if (r->media_vendor != NULL)
		bind_text(q, 3, r->media_vendor);
	bind_text(q, 4, r->key_serial);
	sqlite3_bind_int64(q, 5, r->not_after);
	if (insert(db, q, "appdb_cert_replace", &id) == -1)
		return -1;
	if (sqlite3_changes(db->db) != 1)
		return refuse(db, "appdb_cert_replace", "no such certificate");
	if ((q = stmt(db, STMT_CERT_REPLACE_PLATFORMS)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->old_cert);
	sqlite3_bind_int64(q, 2, id);
	if (run(db, q, "appdb_cert_replace") == -1)
		return -1;
	if ((q = stmt(db, STMT_CERT_RETIRE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->old_cert);
	if (run(db, q, "appdb_cert_replace") == -1)
		return -1;
	*new_id = id;
	return 0;
}

/* ---- dual control: issuance waiting for a second operator ---- */

int
appdb_issue_request_add(struct appdb *db,
    const struct appdb_issue_request *r)
{
	sqlite3_stmt	*q;
	int		 keygen;

	db->refused = 0;
	keygen = strcmp(r->kind, "keygen") == 0;
	if (!keygen && (strcmp(r->kind, "csr") != 0 || r->csr == NULL ||
	    r->csr_len == 0 || r->csr_len > 65536))
		return refuse(db, "appdb_issue_request_add", "bad request");
	if ((q = stmt(db, STMT_ISSUE_REQUEST_ADD)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, r->order_id);
	bind_text(q, 2, r->kind);
	if (!keygen)
		sqlite3_bind_blob(q, 3, r->csr, (int)r->csr_len,
		    SQLITE_STATIC);
	bind_text(q, 4, r->key_serial != NULL ? r->key_serial : "");
	sqlite3_bind_int64(q, 5, r->requested_by);
	bind_text(q, 6, r->requested_serial);
	sqlite3_bind_int64(q, 7, r->requested_at);
	return run(db, q, "appdb_issue_request_add");
}

int
appdb_issue_request_get(struct appdb *db, long long order_id,
    struct appdb_issue_request_row *out)
{
	sqlite3_stmt	*q;
	const void	*b;
	int		 rc, n, ret = 0;

	db->refused = 0;
	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_ISSUE_REQUEST_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order_id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->order_id = order_id;
		col_copy(q, 0, out->kind, sizeof(out->kind));
		if ((b = sqlite3_column_blob(q, 1)) != NULL &&
		    (n = sqlite3_column_bytes(q, 1)) > 0) {
			if ((out->csr = malloc((size_t)n)) == NULL) {
				log_err("appdb_issue_request_get: out of "
				    "memory");
				done(q);
				return -1;
			}
			memcpy(out->csr, b, (size_t)n);
			out->csr_len = (size_t)n;
		}
		col_copy(q, 2, out->key_serial, sizeof(out->key_serial));
		out->requested_by = sqlite3_column_int64(q, 3);
		col_copy(q, 4, out->requested_name,
		    sizeof(out->requested_name));
		col_copy(q, 5, out->requested_serial,
		    sizeof(out->requested_serial));
		out->requested_at = sqlite3_column_int64(q, 6);
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_issue_request_get", rc);
	done(q);
	return ret;
}

void
appdb_issue_request_clear(struct appdb_issue_request_row *r)
{
	if (r == NULL)
		return;
	free(r->csr);
	memset(r, 0, sizeof(*r));
}

int
appdb_issue_request_del(struct appdb *db, long long order_id)
{
	sqlite3_stmt	*q;
	int		 ret;

	db->refused = 0;
	if ((q = stmt(db, STMT_ISSUE_REQUEST_DEL)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order_id);
	if ((ret = run(db, q, "appdb_issue_request_del")) == -1)
		return -1;
	return sqlite3_changes(db->db) > 0 ? 1 : 0;
}

int
appdb_operator_disable(struct appdb *db, long long person)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_OPERATOR_DISABLE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	if (run(db, q, "appdb_operator_disable") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

int
appdb_invoice_desk(struct appdb *db, const char *office,
    const char *mail_office, long long limit,
    int (*fn)(void *, const struct appdb_desk_item *), void *arg)
{
	struct appdb_desk_item	 it;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	db->refused = 0;
	if ((q = stmt(db, STMT_INVOICE_DESK)) == NULL)
		return -1;
	if (bind_text(q, 1, office) != SQLITE_OK ||
	    bind_text(q, 2, mail_office) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 3, limit) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_invoice_desk", SQLITE_ERROR);
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&it, 0, sizeof(it));
		it.order = sqlite3_column_int64(q, 0);
		col_copy(q, 1, it.order_no, sizeof(it.order_no));
		col_copy(q, 2, it.pay, sizeof(it.pay));
		col_copy(q, 3, it.kind, sizeof(it.kind));
		col_copy(q, 4, it.title, sizeof(it.title));
		col_copy(q, 5, it.tax_id, sizeof(it.tax_id));
		it.amount_fen = sqlite3_column_int64(q, 6);
		col_copy(q, 7, it.state, sizeof(it.state));
		it.created_at = sqlite3_column_int64(q, 8);
		it.order_created_at = sqlite3_column_int64(q, 9);
		col_copy(q, 10, it.company, sizeof(it.company));
		col_copy(q, 11, it.invoice_no, sizeof(it.invoice_no));
		col_copy(q, 12, it.tracking_no, sizeof(it.tracking_no));
		it.issued_at = sqlite3_column_int64(q, 13);
		if (fn(arg, &it) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_invoice_desk", rc);
	done(q);
	return ret;
}

int
appdb_invoice_issue(struct appdb *db, long long order,
    const struct appdb_invoice_issued *v, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_INVOICE_ISSUE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, order);
	if (bind_text(q, 2, v->kind) != SQLITE_OK ||
	    bind_id(q, 3, v->upload) != SQLITE_OK ||
	    bind_text(q, 4, v->invoice_no) != SQLITE_OK ||
	    bind_text(q, 5, v->tracking_no) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 6, now) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 7, v->by) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_invoice_issue", SQLITE_ERROR);
	}
	if (run(db, q, "appdb_invoice_issue") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 0 : 1;
}

/* ---- CA登录's lock-type rule and 加入申请 (fcgi/calogin.c, join.c) ---- */

/* The role a lock type (cert.lock_type) implies. */
static const struct {
	const char	*lock;
	enum appdb_role	 role;
} appdb_lock_role[] = {
	{ "company_master", APPDB_ROLE_ADMIN },
	{ "project_lead", APPDB_ROLE_PROJECT_LEAD },
	{ "cost_engineer", APPDB_ROLE_COST_ENGINEER },
	{ "personal", APPDB_ROLE_PERSONAL },
};

int
appdb_cert_lock(struct appdb *db, const char *serial_hex,
    struct appdb_cert_lock *out)
{
	sqlite3_stmt	*q;
	const char	*lock;
	size_t		 i;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	out->role = APPDB_ROLE__MAX;
	if ((q = stmt(db, STMT_CERT_LOCK)) == NULL)
		return -1;
	bind_text(q, 1, serial_hex);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->holder = sqlite3_column_int64(q, 0);
		out->company = sqlite3_column_int64(q, 1);
		lock = (const char *)sqlite3_column_text(q, 2);
		for (i = 0; lock != NULL && i < sizeof(appdb_lock_role) /
		    sizeof(appdb_lock_role[0]); i++)
			if (strcmp(lock, appdb_lock_role[i].lock) == 0)
				out->role = appdb_lock_role[i].role;
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_cert_lock", rc);
	done(q);
	return ret;
}

int
appdb_join_add(struct appdb *db, long long person, long long company,
    enum appdb_role role, long long now, long long *id)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((unsigned)role >= APPDB_ROLE__MAX || role == APPDB_ROLE_PERSONAL)
		return refuse(db, "appdb_join_add", "not a company role");
	if ((q = stmt(db, STMT_JOIN_ADD)) == NULL)
		return -1;
	if (sqlite3_bind_int64(q, 1, person) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 2, company) != SQLITE_OK ||
	    bind_text(q, 3, appdb_role_sql[role]) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, now) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_join_add", SQLITE_ERROR);
	}
	return insert(db, q, "appdb_join_add", id);
}

long long
appdb_join_open(struct appdb *db, long long person, long long company,
    enum appdb_role role)
{
	sqlite3_stmt	*q;

	if ((unsigned)role >= APPDB_ROLE__MAX)
		return refuse(db, "appdb_join_open", "bad role");
	if ((q = stmt(db, STMT_JOIN_OPEN)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, company);
	bind_text(q, 3, appdb_role_sql[role]);
	return lookup(db, q, "appdb_join_open");
}

/* enum appdb_join_state of a database spelling (pending if unknown). */
static enum appdb_join_state
join_state_of(const unsigned char *s)
{
	if (s != NULL && strcmp((const char *)s, "approved") == 0)
		return APPDB_JOIN_APPROVED;
	if (s != NULL && strcmp((const char *)s, "refused") == 0)
		return APPDB_JOIN_REFUSED;
	return APPDB_JOIN_PENDING;
}

int
appdb_join_mine(struct appdb *db, long long person, long long limit,
    int (*fn)(void *, const struct appdb_join *), void *arg)
{
	struct appdb_join	 j;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	if ((q = stmt(db, STMT_JOIN_MINE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&j, 0, sizeof(j));
		j.id = sqlite3_column_int64(q, 0);
		j.person = person;
		j.company = sqlite3_column_int64(q, 1);
		col_copy(q, 2, j.company_name, sizeof(j.company_name));
		col_copy(q, 3, j.uscc, sizeof(j.uscc));
		j.role = role_of(sqlite3_column_text(q, 4));
		j.state = join_state_of(sqlite3_column_text(q, 5));
		j.created_at = sqlite3_column_int64(q, 6);
		j.decided_at = sqlite3_column_int64(q, 7);
		if (fn(arg, &j) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_join_mine", rc);
	done(q);
	return ret;
}

int
appdb_join_pending(struct appdb *db, long long company, long long limit,
    int (*fn)(void *, const struct appdb_join *), void *arg)
{
	struct appdb_join	 j;
	sqlite3_stmt		*q;
	int			 rc, ret = 0;

	if ((q = stmt(db, STMT_JOIN_COMPANY)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, company);
	sqlite3_bind_int64(q, 2, limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&j, 0, sizeof(j));
		j.id = sqlite3_column_int64(q, 0);
		j.person = sqlite3_column_int64(q, 1);
		col_copy(q, 2, j.name, sizeof(j.name));
		col_copy(q, 3, j.mobile, sizeof(j.mobile));
		j.role = role_of(sqlite3_column_text(q, 4));
		j.created_at = sqlite3_column_int64(q, 5);
		j.company = company;
		j.state = APPDB_JOIN_PENDING;
		if (fn(arg, &j) == -1) {
			ret = -1;
			break;
		}
	}
	if (ret == 0 && rc != SQLITE_DONE)
		ret = fail(db, "appdb_join_pending", rc);
	done(q);
	return ret;
}

int
appdb_join_get(struct appdb *db, long long company, long long id,
    struct appdb_join *out)
{
	sqlite3_stmt	*q;
	int		 rc, ret = 0;

	memset(out, 0, sizeof(*out));
	if ((q = stmt(db, STMT_JOIN_GET)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, company);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		out->id = id;
		out->company = company;
		out->person = sqlite3_column_int64(q, 0);
		out->role = role_of(sqlite3_column_text(q, 1));
		out->state = join_state_of(sqlite3_column_text(q, 2));
		ret = 1;
	} else if (rc != SQLITE_DONE)
		ret = fail(db, "appdb_join_get", rc);
	done(q);
	return ret;
}

int
appdb_join_decide(struct appdb *db, long long company, long long id,
    int approve, long long by, long long membership, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_JOIN_DECIDE)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, company);
	if (bind_text(q, 3, approve ? "approved" : "refused") != SQLITE_OK ||
	    sqlite3_bind_int64(q, 4, now) != SQLITE_OK ||
	    sqlite3_bind_int64(q, 5, by) != SQLITE_OK ||
	    bind_id(q, 6, membership) != SQLITE_OK) {
		done(q);
		return fail(db, "appdb_join_decide", SQLITE_ERROR);
	}
	if (run(db, q, "appdb_join_decide") == -1)
		return -1;
	return sqlite3_changes(db->db) == 1 ? 1 : 0;
}

long long
appdb_join_seen(struct appdb *db, long long person, long long now)
{
	sqlite3_stmt	*q;

	db->refused = 0;
	if ((q = stmt(db, STMT_JOIN_SEEN)) == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, person);
	sqlite3_bind_int64(q, 2, now);
	if (run(db, q, "appdb_join_seen") == -1)
		return -1;
	return sqlite3_changes(db->db);
}
