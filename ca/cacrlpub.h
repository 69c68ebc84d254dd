/*
 * cacrlpub.h: publishing the issuing CA's full CRL from the store (the
 * partitioned and delta CRLs are cashard.h's).
 */
#ifndef CA_CACRLPUB_H
#define CA_CACRLPUB_H

struct ca;

/*
 * Builds and publishes a new CRL from the store: takes the next CRL
 * number in its own committed transaction (so numbers only grow, even
 * across crashes), then writes DIR/NAME.crl and NAME.crl.pem atomically.
 * Must be called outside any transaction.  Returns 0 or -1 (logged).
 */
int	cacrlpub_publish(struct ca *ca);

#endif
