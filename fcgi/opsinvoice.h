/*
 * opsinvoice.h: the operators' invoice desk (开票): the queue of the
 * invoices applicants asked for at payment (发票管理), one invoice with
 * its 发票抬头, and recording its issue — a 电子普票 by uploading its PDF
 * (which the applicant then downloads from 发票管理), a 纸质专票 by its
 * 发票号码 and the courier's tracking number.  Every route is A_OPERATOR
 * and acts only on invoices of orders of the operator's own office.
 */
#ifndef FCGI_OPSINVOICE_H
#define FCGI_OPSINVOICE_H

#include "fcgi/page.h"

/* GET /ops/invoices: the invoices of the operator's office, those to
 * issue first. */
int	opsinvoice_queue(struct ctx *);
/* GET /ops/invoice?id=ORDER[&notice=issued|already]: one invoice and
 * the form that issues it. */
int	opsinvoice_page(struct ctx *);
/* POST /ops/invoice/electronic (multipart): id, pdf, csrf.  电子普票. */
int	opsinvoice_electronic(struct ctx *);
/* POST /ops/invoice/paper: id, invoice_no, tracking_no, csrf.  纸质专票. */
int	opsinvoice_paper(struct ctx *);

#endif
