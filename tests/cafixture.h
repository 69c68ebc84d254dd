/*
 * cafixture.h: a throwaway CA for tests and fuzz targets that run the
 * daemon's operations in-process: a P-256 root that issues, a notice
 * signer it certified, the end-entity template and an empty store
 * (DIR/ca.db).  Shared by tests/unit/check_caplatform.c and
 * tests/fuzz/fuzz_caops.c.
 */
#ifndef TESTS_CAFIXTURE_H
#define TESTS_CAFIXTURE_H

#include "ca/ca.h"

/* Fills *ca (zeroed here) with a CA in directory dir.  0 / -1. */
int	cafix_open(struct ca *ca, const char *dir);
/* Frees what cafix_open() made (the directory stays). */
void	cafix_close(struct ca *ca);

#endif
