/*
 * platform.h: linked platforms: adding them and finding them by name or id.
 */
#ifndef FCGI_DB_PLATFORM_H
#define FCGI_DB_PLATFORM_H

#include <stddef.h>

#include "fcgi/db/db.h"

/* Adds a linked platform (enabled); notice_url is http(s)://…  0 / -1. */
int		 appdb_platform_add(struct appdb *, const char *name,
		    const char *notice_url, long long *id);

/* The id of the platform with this name, 0 if none, -1 on error. */
long long appdb_platform_id(struct appdb *, const char *name);

/* The name of enabled platform id into buf: 0, 1 if none such, -1. */
int	 appdb_platform_name(struct appdb *, long long id, char *buf,
	    size_t sz);

#endif
