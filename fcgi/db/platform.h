/*
 * platform.h: linked platforms: adding them and finding them by name or id.
 */
#ifndef FCGI_DB_PLATFORM_H
#define FCGI_DB_PLATFORM_H

#include <stddef.h>

#include "fcgi/db/db.h"

/* Adds a linked platform (enabled); notice_url is http(s)://…  0 / -1;
 * *id set on 0. */
int		 appdb_platform_add(struct appdb *, const char *name,
		    const char *notice_url, long long *id);

/* The platform with this name: the id, 0 if none, -1. */
long long appdb_platform_id(struct appdb *, const char *name);

/* The name of enabled platform id into buf: 1 found, 0 none, -1 (also
 * if it does not fit). */
int	 appdb_platform_name(struct appdb *, long long id, char *buf,
	    size_t sz);

#endif
