/*
 * xmlval.h: the typed values pages show, as XML text, each spelled in
 * one place: money in yuan, times in Shanghai minutes.  Below the
 * handlers (orders.c, ops.c, opsinvoice.c, reissue.c), above xml.h and
 * shtime.h.
 */
#ifndef FCGI_XMLVAL_H
#define FCGI_XMLVAL_H

#include <stddef.h>

#include <libxml/tree.h>

/* Money in fen as yuan with two decimals: 5000 -> "50.00", -5 ->
 * "-0.05".  Returns buf (at least 24 bytes). */
const char	*xmlval_yuan(long long fen, char *buf, size_t sz);

/* Adds <amount fen="N">yuan</amount> under parent.  0 / -1. */
int		 xmlval_amount(xmlNodePtr parent, long long fen);

/* Adds <name>time</name> (Shanghai, to the minute) under parent unless
 * t is 0 (never happened).  0 / -1. */
int		 xmlval_time(xmlNodePtr parent, const char *name, long long t);

#endif
