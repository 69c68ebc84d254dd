# ca-reissue: one non-recursive Makefile.
#
#   make            build the programs into build/bin
#   make run        install missing Debian packages, build, set up var/ on
#                   first use, start daemon + workers + nginx (Ctrl-C stops)
#   make check      the same set-up, then every test (and the suites of
#                   PG_INTEG_TESTS with the app database in PostgreSQL),
#                   then every test again built with AddressSanitizer +
#                   UndefinedBehaviorSanitizer
#   make fuzz       build the libFuzzer targets with clang and run each for
#                   FUZZ_SECONDS (default 60; 0 only builds them, as
#                   make check does)
#   make install    PREFIX=/usr/local DESTDIR= (BINDIR=, MANDIR=)
#   make deb        the Debian package build/deb/ca-reissue_VERSION_ARCH.deb
#   make check-pkg  build the package and check it (part of check-integ)
#
# SAN=1 builds everything with -fsanitize=address,undefined into build-san/.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
SAN     ?= 0
FUZZ_SECONDS ?= 60

ifeq ($(SAN),1)
B        := build-san
OPTFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined
SANLD    := -fsanitize=address,undefined
else
B        := build
OPTFLAGS := -O2 -g -D_FORTIFY_SOURCE=2
SANLD    :=
endif

PKGS      := fcgi sqlite3 openssl libxml-2.0 libxslt libzip zlib libseccomp libpq
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
WARN      := -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
             -Wstrict-prototypes -Werror
HARDEN    := -fstack-protector-strong -fPIE
CFLAGS    ?=
CFLAGS_ALL = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(HARDEN) $(OPTFLAGS) \
             -I. $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = -pie -Wl,-z,relro,-z,now $(SANLD) $(LDFLAGS)

LIBS_SSL   = $(shell pkg-config --libs openssl 2>/dev/null)
LIBS_SQL   = $(shell pkg-config --libs sqlite3 libpq 2>/dev/null)
LIBS_XML   = $(shell pkg-config --libs libxml-2.0 libxslt 2>/dev/null)
LIBS_FCGI  = $(shell pkg-config --libs fcgi 2>/dev/null)
LIBS_ZIP   = $(shell pkg-config --libs libzip 2>/dev/null)
LIBS_Z     = $(shell pkg-config --libs zlib 2>/dev/null)
LIBS_CHECK = $(shell pkg-config --libs check 2>/dev/null)
LIBS_SECCOMP = $(shell pkg-config --libs libseccomp 2>/dev/null)
LIBS_PQ    = $(shell pkg-config --libs libpq 2>/dev/null)

# ---- sources -------------------------------------------------------------
LIB_SRC   := lib/log.c lib/chain.c lib/utf8.c lib/b64.c lib/httpc.c lib/sm2.c \
             lib/sm2obj.c lib/fdio.c lib/privdrop.c lib/unixsock.c lib/hex.c \
             lib/sig.c
# The seccomp filters: only the daemons and the workers link libseccomp.
SANDBOX_OBJ = $(B)/obj/lib/sandbox.o
PROTO_SRC := ca/proto.c
# The engine seam of both stores (lib/dbeng.h) and its two engines: what
# links a store links SQLite and libpq (LIBS_SQL).
DB_SRC    := lib/dbeng.c lib/dbsqlite.c lib/dbpg.c lib/sqlrow.c lib/pgconn.c
CA_SRC    := ca/caconf.c ca/cap11uri.c ca/cakey.c ca/cakeyctl.c ca/cahsm.c \
             ca/casig.c ca/cacert.c ca/cader.c ca/caderput.c ca/caissue.c \
             ca/castore.c ca/castoreschema.c ca/castorecert.c ca/castoreplat.c \
             ca/castorelease.c $(DB_SRC) \
             ca/careason.c ca/calint.c ca/calintcert.c ca/calintcrl.c \
             ca/calintocsp.c
CAD_SRC   := ca/cad.c ca/cadckpt.c ca/cadrefusal.c ca/cadrole.c ca/cadstart.c ca/cadwork.c ca/caaudit.c ca/cacrlpub.c ca/calookup.c ca/cametrics.c ca/caocsp.c ca/caocspdir.c ca/caop.c ca/caops.c ca/caplatform.c ca/canotice.c ca/cacrl.c \
             ca/cashard.c
CACTL_SRC := ca/cactl.c ca/cactlcommon.c ca/cactlplatform.c ca/cactlca.c ca/cainit.c ca/caroot.c ca/cacrl.c
CACTL_SRC += ca/cactlbackup.c lib/backup.c
# The web database, one file per domain (fcgi/db/).
APPDB_SRC := fcgi/db/db.c fcgi/db/sql.c fcgi/db/session.c fcgi/db/person.c \
             fcgi/db/identity.c fcgi/db/company.c fcgi/db/cert.c \
             fcgi/db/platform.c fcgi/db/order.c fcgi/db/payment.c \
             fcgi/db/invoice.c fcgi/db/upload.c fcgi/db/operator.c \
             fcgi/db/audit.c fcgi/db/schema.c $(DB_SRC)
WEB_SRC   := fcgi/pwhash.c fcgi/req.c fcgi/route.c fcgi/xml.c fcgi/render.c \
             $(APPDB_SRC) fcgi/uscc.c fcgi/caclient.c fcgi/page.c \
             fcgi/auth.c fcgi/sys.c fcgi/session.c fcgi/valid.c fcgi/sms.c \
             fcgi/calogin.c \
             fcgi/centre.c fcgi/certs.c fcgi/elsewhere.c fcgi/form.c \
             fcgi/listq.c fcgi/shtime.c \
             fcgi/order.c fcgi/sniff.c fcgi/docx.c fcgi/upload.c fcgi/reissue.c \
             fcgi/paymsg.c fcgi/checkout.c \
             fcgi/pickup.c fcgi/opshandover.c fcgi/ops.c fcgi/opsissue.c \
             fcgi/opsissuexml.c \
             fcgi/smscode.c \
             fcgi/csr.c fcgi/softcert.c fcgi/xmlmem.c
WEBD_SRC  := fcgi/webd.c fcgi/worker.c fcgi/ticker.c
# The key table and the validators it names.
PARAM_SRC := fcgi/param.c fcgi/req.c fcgi/form.c fcgi/valid.c fcgi/uscc.c \
             fcgi/smscode.c fcgi/pickup.c
# The demo data (webctldemo.c) is webctl's alone: webd does not link it.
WEBCTL_SRC:= fcgi/webctl.c fcgi/webctldemo.c
WEBCTL_SRC+= fcgi/webctlbackup.c lib/backup.c
WEB_SRC   += fcgi/orders.c
WEB_SRC   += fcgi/ocsp.c
WEB_SRC   += fcgi/pdfscan.c
WEB_SRC   += fcgi/opsinvoice.c
WEB_SRC   += fcgi/webca.c
WEB_SRC   += fcgi/xmlval.c
WEB_SRC   += fcgi/centreframe.c
WEB_SRC   += fcgi/certrow.c
WEB_SRC   += fcgi/orderxml.c
WEB_SRC   += fcgi/opspage.c
WEB_SRC   += fcgi/paygate.c
WEB_SRC   += fcgi/pwcheck.c fcgi/loginpage.c
WEB_SRC   += fcgi/join.c
WEB_SRC   += fcgi/metrics.c fcgi/health.c
WEB_SRC   += fcgi/param.c

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))

LIB_OBJ   := $(call obj,$(LIB_SRC))
PROTO_OBJ := $(call obj,$(PROTO_SRC))
CA_OBJ    := $(call obj,$(CA_SRC))
WEB_OBJ   := $(call obj,$(WEB_SRC))

# PROGS are what is installed; noticerecv, the reference receiver of
# platform notices, plays the demo platforms of make run and the tests,
# and webd-sandbox (webd with the sandbox payment gateway) serves them.
PROGS := $(B)/bin/cad $(B)/bin/casign $(B)/bin/cactl $(B)/bin/canotify $(B)/bin/webd \
         $(B)/bin/webctl
BINS := $(PROGS) $(B)/bin/noticerecv $(B)/bin/webd-sandbox
# ca-reissue-setup(8) belongs to the Debian package (dist/, debian/).
MAN8 := man/cad.8 man/casign.8 man/cactl.8 man/webd.8 man/webctl.8 \
        man/canotify.8
MAN5 := man/ca-reissue.conf.5

UNIT_TESTS := $(B)/tests/check_req $(B)/tests/check_proto \
              $(B)/tests/check_appdb $(B)/tests/check_uscc \
              $(B)/tests/check_xml $(B)/tests/check_pwhash \
              $(B)/tests/check_crl $(B)/tests/check_castore \
              $(B)/tests/check_cacert $(B)/tests/check_calint \
              $(B)/tests/check_valid $(B)/tests/check_form \
              $(B)/tests/check_order $(B)/tests/check_sniff \
              $(B)/tests/check_paymsg $(B)/tests/check_pickup \
              $(B)/tests/check_canotice $(B)/tests/check_caplatform \
              $(B)/tests/check_sm2 $(B)/tests/check_csr \
              $(B)/tests/check_sandbox \
              $(B)/tests/check_smscode $(B)/tests/check_sms
UNIT_TESTS += $(B)/tests/check_pdfscan
UNIT_TESTS += $(B)/tests/check_param
UNIT_TESTS += $(B)/tests/check_sqlrow
UNIT_TESTS += $(B)/tests/check_healthjudge
INTEG_TESTS := $(B)/tests/check_stack $(B)/tests/check_ca $(B)/tests/check_pages \
               $(B)/tests/check_calogin $(B)/tests/check_auth \
               $(B)/tests/check_reissue
INTEG_TESTS += $(B)/tests/check_orders
INTEG_TESTS += $(B)/tests/check_pay
INTEG_TESTS += $(B)/tests/check_handover
INTEG_TESTS += $(B)/tests/check_ops
INTEG_TESTS += $(B)/tests/check_invoicedesk
INTEG_TESTS += $(B)/tests/check_join
INTEG_TESTS += $(B)/tests/check_opsissue
INTEG_TESTS += $(B)/tests/check_multica
INTEG_TESTS += $(B)/tests/check_fulfil
INTEG_TESTS += $(B)/tests/check_journey
INTEG_TESTS += $(B)/tests/check_crlhttp
INTEG_TESTS += $(B)/tests/check_ocsp
INTEG_TESTS += $(B)/tests/check_ocspget
INTEG_TESTS += $(B)/tests/check_notice
INTEG_TESTS += $(B)/tests/check_crlshard
INTEG_TESTS += $(B)/tests/check_sm2ca
INTEG_TESTS += $(B)/tests/check_hsm
INTEG_TESTS += $(B)/tests/check_privsep
INTEG_TESTS += $(B)/tests/check_keyproc
INTEG_TESTS += $(B)/tests/check_cadlimits
INTEG_TESTS += $(B)/tests/check_edges
INTEG_TESTS += $(B)/tests/check_chain
INTEG_TESTS += $(B)/tests/check_backup
INTEG_TESTS += $(B)/tests/check_upgrade
INTEG_TESTS += $(B)/tests/check_health
INTEG_TESTS += $(B)/tests/check_pgconn
INTEG_TESTS += $(B)/tests/check_signer
INTEG_TESTS += $(B)/tests/check_appdbpg
INTEG_TESTS += $(B)/tests/check_castorepg
# The suites that run once more with the app database in PostgreSQL
# (STACK_DB=pg: a server of tests/pg/pgtmp.sh per stack, holding the app
# database and every CA's store; tools/stack.sh).  Every integration
# suite but those about SQLite itself: check_backup and check_upgrade
# (SQLite's online backup and migrations; PostgreSQL's are refused with
# their message, check_appdbpg and check_castorepg), check_privsep (the
# modes of the SQLite files), check_appdbpg, check_castorepg and
# check_pgconn (PostgreSQL's already).  check_signer there is two cad on
# two CA directories sharing one CA store in PostgreSQL.
PG_INTEG_TESTS := $(B)/tests/check_pages $(B)/tests/check_auth \
                  $(B)/tests/check_orders $(B)/tests/check_pay \
                  $(B)/tests/check_reissue $(B)/tests/check_handover \
                  $(B)/tests/check_ops $(B)/tests/check_invoicedesk \
                  $(B)/tests/check_join $(B)/tests/check_opsissue \
                  $(B)/tests/check_calogin $(B)/tests/check_fulfil \
                  $(B)/tests/check_journey $(B)/tests/check_stack \
                  $(B)/tests/check_ca $(B)/tests/check_multica \
                  $(B)/tests/check_crlhttp $(B)/tests/check_ocsp \
                  $(B)/tests/check_ocspget $(B)/tests/check_notice \
                  $(B)/tests/check_crlshard $(B)/tests/check_sm2ca \
                  $(B)/tests/check_hsm $(B)/tests/check_keyproc \
                  $(B)/tests/check_cadlimits $(B)/tests/check_edges \
                  $(B)/tests/check_chain $(B)/tests/check_health \
                  $(B)/tests/check_signer
# PostgreSQL only (each sets STACK_DB=pg itself): run by check-integ-pg.
# check_webnodes: two web nodes on one database.
PG_ONLY_TESTS := $(B)/tests/check_dbfailover $(B)/tests/check_webnodes
PG_INTEG_TESTS += $(PG_ONLY_TESTS)

.PHONY: all deps browser-deps run check check-clang check-unit check-integ build-tests fuzz-build check-sanitize fuzz \
        check-integ-pg check-integ-lite \
        install clean bench soak keyproc-size deb check-pkg
all: $(BINS)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

# cad holds no key: it links neither the key loader nor the token code.
$(B)/bin/cad: $(call obj,$(CAD_SRC)) \
    $(filter-out %/cakey.o %/cakeyctl.o %/cahsm.o,$(CA_OBJ)) $(PROTO_OBJ) $(LIB_OBJ) \
    $(SANDBOX_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_SQL) $(LIBS_SSL) $(LIBS_SECCOMP)

# The key process links only what loading a key, checking a blob and
# signing it take: no store, no HTTP, no network (check_privsep greps nm).
CASIGN_SRC := ca/casign.c ca/cakey.c ca/cahsm.c ca/cap11uri.c ca/cader.c lib/log.c \
              lib/sm2.c lib/fdio.c lib/privdrop.c lib/sandbox.c \
              lib/unixsock.c lib/sig.c
$(B)/bin/casign: $(call obj,$(CASIGN_SRC))
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_SSL) $(LIBS_SECCOMP)

# The size of the key process in lines of our own C (README, Security).
keyproc-size:
	@sh tools/keyproc-size.sh $(CASIGN_SRC)

$(B)/bin/canotify: $(call obj,ca/canotify.c) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ -lpthread $(LIBS_SSL)

# The reference receiver of platform notices (tests/platform/): the tests'
# linked platforms, and make run's demo platforms.
$(B)/bin/noticerecv: $(call obj,tests/platform/noticerecv.c)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_XML) $(LIBS_SSL)

$(B)/bin/cactl: $(call obj,$(CACTL_SRC)) $(CA_OBJ) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_SQL) $(LIBS_SSL)

$(B)/bin/webd: $(call obj,$(WEBD_SRC)) $(WEB_OBJ) $(PROTO_OBJ) $(LIB_OBJ) \
    $(SANDBOX_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_FCGI) $(LIBS_XML) $(LIBS_SQL) \
	    $(LIBS_PQ) $(LIBS_ZIP) $(LIBS_Z) $(LIBS_SSL) $(LIBS_SECCOMP)

# webd-sandbox: webd with the sandbox payment gateway (fcgi/paysandbox.h,
# a test double with its own key and trades) compiled in, for the tests
# and make run only.  The production webd (make install, the package) has
# no sandbox code, page or option.
SB_SRC := fcgi/route.c fcgi/paygate.c fcgi/ticker.c fcgi/webd.c
sbobj = $(patsubst %.c,$(B)/obj-sb/%.o,$(1))
$(B)/obj-sb/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DPAY_SANDBOX -MMD -MP -c -o $@ $<
$(B)/bin/webd-sandbox: $(call sbobj,$(SB_SRC)) \
    $(call obj,fcgi/worker.c fcgi/paysandbox.c) \
    $(filter-out $(call obj,$(SB_SRC)),$(WEB_OBJ)) $(PROTO_OBJ) \
    $(LIB_OBJ) $(SANDBOX_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_FCGI) $(LIBS_XML) $(LIBS_SQL) \
	    $(LIBS_PQ) $(LIBS_ZIP) $(LIBS_Z) $(LIBS_SSL) $(LIBS_SECCOMP)

$(B)/bin/webctl: $(call obj,$(WEBCTL_SRC)) $(WEB_OBJ) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_XML) $(LIBS_SQL) $(LIBS_PQ) \
	    $(LIBS_ZIP) $(LIBS_Z) $(LIBS_SSL)

# ---- tests ---------------------------------------------------------------
# Each unit test links only the modules it tests.
TEST_LINK = $(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_XML) \
            $(LIBS_SQL) $(LIBS_PQ) $(LIBS_ZIP) $(LIBS_Z) $(LIBS_SSL)
$(B)/tests/check_req: $(call obj,tests/unit/check_req.c fcgi/req.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_proto: $(call obj,tests/unit/check_proto.c) $(PROTO_OBJ) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_appdb: $(call obj,tests/unit/check_appdb.c tests/unit/testdir.c $(APPDB_SRC) \
    fcgi/webctldemo.c fcgi/uscc.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_sqlrow: $(call obj,tests/unit/check_sqlrow.c $(DB_SRC)) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
# check_healthjudge links the metrics module for its figures' types and
# look-ups (and so the daemon client it asks them with, never called).
$(B)/tests/check_healthjudge: $(call obj,tests/unit/check_healthjudge.c \
    fcgi/health.c fcgi/metrics.c fcgi/caclient.c) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_uscc: $(call obj,tests/unit/check_uscc.c fcgi/uscc.c) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_xml: $(call obj,tests/unit/check_xml.c fcgi/xml.c \
    fcgi/render.c fcgi/xmlmem.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)

$(B)/tests/check_form: $(call obj,tests/unit/check_form.c $(PARAM_SRC) \
    fcgi/listq.c fcgi/shtime.c fcgi/xml.c $(APPDB_SRC)) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_order: $(call obj,tests/unit/check_order.c tests/unit/testdir.c fcgi/order.c \
    $(APPDB_SRC) fcgi/webctldemo.c fcgi/uscc.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_sniff: $(call obj,tests/unit/check_sniff.c fcgi/sniff.c) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_pdfscan: $(call obj,tests/unit/check_pdfscan.c fcgi/pdfscan.c \
    lib/hex.c)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_pwhash: $(call obj,tests/unit/check_pwhash.c fcgi/pwhash.c) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_crl: $(call obj,tests/unit/check_crl.c ca/cacrl.c) $(CA_OBJ) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_castore: $(call obj,tests/unit/check_castore.c tests/unit/testdir.c) $(CA_OBJ) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_cacert: $(call obj,tests/unit/check_cacert.c) $(CA_OBJ) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_calint: $(call obj,tests/unit/check_calint.c ca/cacrl.c) \
    $(CA_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_canotice: $(call obj,tests/unit/check_canotice.c \
    ca/canotice.c) $(CA_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
# check_caplatform runs the daemon's operations, without its sockets.
$(B)/tests/check_caplatform: $(call obj,tests/unit/check_caplatform.c \
    tests/unit/testdir.c tests/cafixture.c \
    $(filter-out ca/cad.c,$(CAD_SRC))) $(CA_OBJ) \
    $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_pickup: $(call obj,tests/unit/check_pickup.c \
    tests/unit/testdir.c fcgi/pickup.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_smscode: $(call obj,tests/unit/check_smscode.c \
    fcgi/smscode.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_sms: $(call obj,tests/unit/check_sms.c \
    tests/unit/testdir.c fcgi/sms.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_paymsg: $(call obj,tests/unit/check_paymsg.c fcgi/paymsg.c \
    fcgi/req.c fcgi/shtime.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_csr: $(call obj,tests/unit/check_csr.c tests/unit/testdir.c \
    fcgi/csr.c fcgi/softcert.c fcgi/docx.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_sandbox: $(call obj,tests/unit/check_sandbox.c) \
    $(SANDBOX_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SECCOMP) $(LIBS_SSL)

$(B)/tests/check_sm2: $(call obj,tests/unit/check_sm2.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
$(B)/tests/check_valid: $(call obj,tests/unit/check_valid.c fcgi/valid.c) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)
# check_param also links the order module, whose codes the key table's
# lists must match.
$(B)/tests/check_param: $(call obj,tests/unit/check_param.c $(PARAM_SRC) \
    fcgi/order.c $(APPDB_SRC)) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(TEST_LINK)

# Integration tests drive the real programs; they link only the harness.
$(B)/tests/check_%: $(B)/obj/tests/integ/check_%.o \
    $(B)/obj/tests/integ/stack.o $(B)/obj/tests/integ/demo.o $(PROTO_OBJ) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SSL)
# check_handover puts orders in states through the order module itself.
$(B)/tests/check_handover: $(call obj,tests/integ/check_handover.c \
    tests/integ/stack.c tests/integ/demo.c tests/integ/orderfix.c \
    fcgi/order.c $(APPDB_SRC) \
    fcgi/uscc.c fcgi/shtime.c) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SQL) $(LIBS_PQ) $(LIBS_SSL)
# check_opsissue and check_multica pay their orders through the order
# module itself.
$(B)/tests/check_multica: $(call obj,tests/integ/check_multica.c \
    tests/integ/stack.c tests/integ/demo.c tests/integ/orderfix.c \
    fcgi/order.c $(APPDB_SRC) \
    fcgi/uscc.c fcgi/shtime.c) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SQL) $(LIBS_PQ) $(LIBS_SSL)
$(B)/tests/check_opsissue: $(call obj,tests/integ/check_opsissue.c \
    tests/integ/stack.c tests/integ/demo.c tests/integ/orderfix.c \
    fcgi/order.c $(APPDB_SRC) \
    fcgi/uscc.c fcgi/shtime.c) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SQL) $(LIBS_PQ) $(LIBS_SSL)
# check_orders also puts orders in states through the order module itself.
$(B)/tests/check_orders: $(call obj,tests/integ/check_orders.c \
    tests/integ/stack.c tests/integ/demo.c fcgi/order.c $(APPDB_SRC) \
    fcgi/uscc.c fcgi/shtime.c) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SQL) $(LIBS_PQ) $(LIBS_SSL)

# check_pgconn: lib/pgconn.c against servers of tests/pg/pgtmp.sh.
$(B)/tests/check_pgconn: $(call obj,tests/integ/check_pgconn.c \
    tests/integ/pgfix.c lib/pgconn.c) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_PQ) $(LIBS_SSL)

# check_appdbpg: the app database's PostgreSQL engine on a pgtmp.sh server.
$(B)/tests/check_appdbpg: $(call obj,tests/integ/check_appdbpg.c \
    tests/integ/pgfix.c $(APPDB_SRC) fcgi/uscc.c) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SQL) $(LIBS_PQ) $(LIBS_SSL)

# check_castorepg: the CA store's PostgreSQL spelling on a pgtmp.sh server.
$(B)/tests/check_castorepg: $(call obj,tests/integ/check_castorepg.c \
    tests/integ/pgfix.c) \
    $(CA_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SQL) $(LIBS_SSL)

# check_upgrade makes the old databases with the stores' own migrations.
$(B)/tests/check_upgrade: $(call obj,tests/integ/check_upgrade.c \
    tests/integ/pgfix.c $(APPDB_SRC) fcgi/uscc.c) $(CA_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_CHECK) $(LIBS_SQL) $(LIBS_PQ) $(LIBS_SSL)

deps:
	@tools/deps.sh

# chromium + playwright-core for the screenshot test (never fails: the
# test skips itself when they are missing).
browser-deps:
	@tests/browser/setup.sh

run: deps
	@$(MAKE) --no-print-directory all
	@tools/run.sh

# make check: every program and test built once with clang (same
# warnings as errors, into build-clang/), then unit + integration tests,
# then the same under ASan+UBSan.
# Builds run JOBS compilers at once (one per core); the suites run one
# at a time, in the order listed, but for the sanitizer pass's
# integration suites: two at a time (LANES=2), as they wait on their
# servers much of the time.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# Every suite runs once built plainly and once under ASan+UBSan, and every
# integration suite once on each engine: the plain pass on SQLite, the
# sanitizer pass on PostgreSQL for the suites of PG_INTEG_TESTS (SQLite
# for the rest).  Each suite's time is printed after it.
check: deps browser-deps
	@$(MAKE) --no-print-directory -j$(JOBS) check-clang
	@$(MAKE) --no-print-directory -j$(JOBS) build-tests
	@$(MAKE) --no-print-directory check-unit check-integ
	@$(MAKE) --no-print-directory -j$(JOBS) SAN=1 build-tests
	@$(MAKE) --no-print-directory SAN=1 check-unit
	@$(MAKE) --no-print-directory SAN=1 LANES=2 check-integ-lite \
	    check-integ-pg

build-tests: all $(UNIT_TESTS) $(INTEG_TESTS) $(PG_ONLY_TESTS)

check-clang:
	@$(MAKE) --no-print-directory CC=clang B=build-clang all \
	    $(patsubst $(B)/%,build-clang/%,$(UNIT_TESTS) $(INTEG_TESTS) \
	    $(PG_ONLY_TESTS))
	@$(MAKE) --no-print-directory fuzz-build

check-sanitize: deps
	@$(MAKE) --no-print-directory SAN=1 check-unit check-integ

# RUN_SUITES: runs the suites $(1), LANES at a time (tests/run_suites.sh),
# with the environment $(2), and says how long each took.
LANES ?= 1
RUN_SUITES = @$(2) sh tests/run_suites.sh $(LANES) '$(3)' $(1)
SUITE_ENV = BINDIR=$(CURDIR)/$(B)/bin TOPDIR=$(CURDIR)

check-unit: $(UNIT_TESTS)
	$(call RUN_SUITES,$(UNIT_TESTS),,)

check-integ: $(BINS) $(INTEG_TESTS)
	$(call RUN_SUITES,$(INTEG_TESTS),$(SUITE_ENV),)
ifneq ($(SAN),1)
	@$(MAKE) --no-print-directory check-pkg
endif

# The integration suites that do not run again on PostgreSQL, on SQLite.
check-integ-lite: $(BINS) $(filter-out $(PG_INTEG_TESTS),$(INTEG_TESTS))
	$(call RUN_SUITES,$(filter-out $(PG_INTEG_TESTS),$(INTEG_TESTS)),$(SUITE_ENV),)

# PG_INTEG_TESTS with both stores of each stack in PostgreSQL.
check-integ-pg: $(BINS) $(PG_INTEG_TESTS)
	$(call RUN_SUITES,$(PG_ONLY_TESTS) $(filter-out $(PG_ONLY_TESTS),$(PG_INTEG_TESTS)),STACK_DB=pg $(SUITE_ENV), (PostgreSQL))

# The man pages (any groff warning fails) and the Debian package: its
# contents, modes, lintian, and the systemd units (tests/pkg/).  Not
# under SAN=1: the package is built with dpkg-buildflags, not sanitizers.
check-pkg:
	@tools/deps.sh debhelper lintian dpkg-dev man-db groff-base systemd
	@echo "== tests/pkg/check_man.sh"
	@sh tests/pkg/check_man.sh
	@echo "== tests/pkg/check_deb.sh"
	@sh tests/pkg/check_deb.sh

# ---- Debian package --------------------------------------------------------
# make deb: dpkg-buildpackage on a copy of the source tree in build/deb/src
# (debian/rules builds into its own build-deb/), the .deb in build/deb/.
deb:
	@tools/deps.sh debhelper lintian dpkg-dev
	@sh tools/mkdeb.sh build/deb

# ---- benchmark (not part of check) ----------------------------------------
# make bench: installs the peers (cfssl, wrk, GNU time), builds, runs every
# measurement in one go in build/bench/ (~25 minutes; BENCH_ONLY=keyproc
# or BENCH_ONLY=ocsp runs one part) and rewrites BENCHMARKS.md.
# tests/bench/bench.sh says what is measured.
BENCH_BINS := $(B)/bench/issuebench $(B)/bench/storefill $(B)/bench/crltime \
              $(B)/bench/crlgen
BENCH_LINK = $(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS_SQL) $(LIBS_SSL)
$(B)/bench/issuebench: $(call obj,tests/bench/issuebench.c) $(PROTO_OBJ) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(BENCH_LINK)
$(B)/bench/crltime: $(call obj,tests/bench/crltime.c) $(PROTO_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(BENCH_LINK)
$(B)/bench/storefill: $(call obj,tests/bench/storefill.c) $(CA_OBJ) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(BENCH_LINK)
$(B)/bench/crlgen: $(call obj,tests/bench/crlgen.c ca/cacrl.c) $(CA_OBJ) \
    $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(BENCH_LINK)

bench: deps
	@tools/deps.sh golang-cfssl wrk time linux-perf python3 sqlite3 \
	    postgresql postgresql-client
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@BINDIR=$(CURDIR)/$(B)/bin BENCHBIN=$(CURDIR)/$(B)/bench \
	    tests/bench/bench.sh

# make soak: SOAK_SECS (default 600) of mixed traffic against a fresh stack,
# then a LeakSanitizer run of one worker from the SAN=1 build; adds a Soak
# section to BENCHMARKS.md.  tests/bench/soak.sh says what it does.
soak: deps
	@tools/deps.sh python3 sqlite3
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory SAN=1 all
	@BINDIR=$(CURDIR)/build/bin SANBIN=$(CURDIR)/build-san/bin \
	    tests/bench/soak.sh

# ---- fuzzing (clang + libFuzzer) ------------------------------------------
FUZZ_TARGETS := req proto valid form sniff paynotify csr cacsr ocsp caops \
                pdfscan manifest param
FUZZ_SRC_req   := fcgi/req.c lib/log.c lib/utf8.c lib/hex.c
FUZZ_SRC_proto := ca/proto.c lib/fdio.c
FUZZ_SRC_valid := fcgi/valid.c lib/utf8.c
FUZZ_SRC_form  := fcgi/form.c fcgi/valid.c fcgi/uscc.c lib/utf8.c
FUZZ_SRC_param := $(PARAM_SRC) lib/log.c lib/utf8.c lib/hex.c
FUZZ_SRC_sniff := fcgi/sniff.c
FUZZ_SRC_pdfscan := fcgi/pdfscan.c lib/hex.c
FUZZ_SRC_manifest := lib/backup.c lib/hex.c
FUZZ_SRC_paynotify := fcgi/req.c fcgi/paymsg.c fcgi/shtime.c lib/log.c \
                      lib/utf8.c lib/b64.c lib/hex.c
FUZZ_SRC_csr   := fcgi/csr.c lib/log.c lib/sm2.c lib/sm2obj.c
FUZZ_SRC_cacsr := ca/caissue.c ca/cader.c ca/caderput.c lib/log.c lib/utf8.c lib/sm2.c lib/sm2obj.c lib/hex.c
FUZZ_SRC_ocsp  := ca/caocsp.c ca/calint.c ca/calintocsp.c ca/caconf.c lib/pgconn.c ca/cap11uri.c ca/cader.c \
                  ca/caderput.c fcgi/ocsp.c fcgi/webca.c lib/log.c lib/b64.c lib/sm2.c lib/hex.c \
                  lib/sm2obj.c lib/utf8.c
FUZZ_SRC_caops := $(filter-out ca/cad.c,$(CAD_SRC)) $(CA_SRC) $(PROTO_SRC) \
                  $(LIB_SRC) tests/cafixture.c
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -I. $(PKG_CFLAGS) \
              -fsanitize=fuzzer,address,undefined
# Each target is built from its own sources (FUZZ_SRC_name), again when
# any of them or any header changed; make -j builds them side by side.
FUZZ_BINS := $(patsubst %,build-fuzz/fuzz_%,$(FUZZ_TARGETS))
FUZZ_HDRS := $(wildcard ca/*.h fcgi/*.h fcgi/db/*.h lib/*.h tests/*.h)
.SECONDEXPANSION:
$(FUZZ_BINS): build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRC_$$*) \
    $(FUZZ_HDRS)
	@mkdir -p build-fuzz
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_SRC_$*) $(LIBS_SQL) $(LIBS_SSL) \
	    $(LIBS_Z) -lpthread
fuzz-build:
	@command -v clang >/dev/null || tools/deps.sh clang
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
fuzz: deps fuzz-build
	@set -e; [ "$(FUZZ_SECONDS)" = 0 ] && exit 0; \
	for t in $(FUZZ_TARGETS); do \
	    mkdir -p build-fuzz/corpus_$$t; \
	    echo "== fuzz_$$t for $(FUZZ_SECONDS)s"; \
	    build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        build-fuzz/corpus_$$t tests/fuzz/corpus/$$t; done

# ---- install -------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PREFIX)/share/ca-reissue/xsl \
	    $(DESTDIR)$(PREFIX)/share/ca-reissue/nginx \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(PROGS) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 xsl/*.xsl $(DESTDIR)$(PREFIX)/share/ca-reissue/xsl/
	install -m 0644 nginx/*.in $(DESTDIR)$(PREFIX)/share/ca-reissue/nginx/
	cp -R static $(DESTDIR)$(PREFIX)/share/ca-reissue/
	chmod -R u=rwX,go=rX $(DESTDIR)$(PREFIX)/share/ca-reissue/static

clean:
	rm -rf build build-san build-clang build-fuzz

# Only the compilers' dependency files: build/deb/ and build/pkgtest.*/ hold
# a copy of the tree and an unpacked package (its logrotate.d/ and
# sysusers.d/ are directories).
-include $(shell find build/obj build-san/obj build-clang/obj build/obj-sb \
    build-san/obj-sb build-clang/obj-sb -name '*.d' \
    -type f 2>/dev/null)
.SECONDARY:
