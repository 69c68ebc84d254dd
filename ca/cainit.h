/*
 * cainit.h: cactl's offline commands (no daemon needed).  Each takes the
 * command's argv (argv[0] is the command name) and returns the process
 * exit status: 0 success, 1 failure (logged), 2 usage error.
 */
#ifndef CA_CAINIT_H
#define CA_CAINIT_H

int	cainit_init(int argc, char **argv);
int	cainit_tls_server(int argc, char **argv);
/* The delegated OCSP responder's certificate, valid this many days by
 * default (tools/stack.sh renews it when fewer than 30 are left). */
#define CAINIT_OCSP_DAYS	90
int	cainit_ocsp_responder(int argc, char **argv);
/* The notice-signing certificate (cad reads DIR/notice/), renewed by
 * tools/stack.sh like the OCSP responder's. */
#define CAINIT_NOTICE_DAYS	365
int	cainit_notice_signer(int argc, char **argv);

#endif
