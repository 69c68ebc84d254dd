/*
 * caclient.h: the web workers' side of the daemon protocol (ca/proto.h).
 * Workers never read CA keys; everything they need from the CA goes
 * through these calls, one short connection per call.
 */
#ifndef FCGI_CACLIENT_H
#define FCGI_CACLIENT_H

/* Returns 0 if the daemon at sock answers PING, else -1 (logged). */
int	caclient_ping(const char *sock);

#endif
