/*
 * cainit.h: cactl's offline commands (no daemon needed).  Each takes the
 * command's argv (argv[0] is the command name) and returns the process
 * exit status: 0 success, 1 failure (logged), 2 usage error.
 */
#ifndef CA_CAINIT_H
#define CA_CAINIT_H

int	cainit_init(int argc, char **argv);
int	cainit_tls_server(int argc, char **argv);

#endif
