/*
 * appdb.h: the web application's SQLite database (people, companies and
 * their roles, linked platforms, offices, the certificates applicants
 * see, products, orders and their history, and the hash-chained audit
 * log), declared by domain in the headers of fcgi/db/; this header
 * includes them all.  It is separate from the signing daemon's store
 * (ca/castore.h); only the files of fcgi/db/ run SQL on it.
 */
#ifndef FCGI_APPDB_H
#define FCGI_APPDB_H

#include <stddef.h>

#include "fcgi/db/db.h"
#include "fcgi/db/session.h"
#include "fcgi/db/person.h"
#include "fcgi/db/identity.h"
#include "fcgi/db/company.h"
#include "fcgi/db/cert.h"
#include "fcgi/db/platform.h"
#include "fcgi/db/order.h"
#include "fcgi/db/payment.h"
#include "fcgi/db/invoice.h"
#include "fcgi/db/upload.h"
#include "fcgi/db/operator.h"
#include "fcgi/db/audit.h"

#endif
