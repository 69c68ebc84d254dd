/*
 * cactlca.h: cactl ca: the issuing CAs of a service (cactlca.c).
 */
#ifndef CA_CACTLCA_H
#define CA_CACTLCA_H

/* cactl ca add|list ...: 0, 1 failure, 2 usage. */
int	cactl_ca(int argc, char **argv);

#endif
