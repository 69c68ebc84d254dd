/*
 * chain.c: SHA-256 record hashes for the hash-chained audit logs; see
 * chain.h for the exact bytes hashed.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "lib/chain.h"
#include "lib/hex.h"
#include "lib/log.h"

int
chain_hash(const char *prev, long long id, long long at, const char *actor,
    const char *action, const char *detail, char out[CHAIN_HEX_LEN + 1])
{
	return chain_hash_ca(prev, id, at, NULL, actor, action, detail, out);
}

int
chain_hash_ca(const char *prev, long long id, long long at, const char *ca,
    const char *actor, const char *action, const char *detail,
    char out[CHAIN_HEX_LEN + 1])
{
	EVP_MD_CTX	*md;
	unsigned char	 h[32];
	unsigned int	 hl = 0;
	char		 nums[64];
	int		 n, rc = -1;

	if (ca == NULL)
		ca = "";
	if (strchr(ca, '\n') != NULL) {
		log_err("chain_hash: newline in a CA name");
		return -1;
	}
	n = snprintf(nums, sizeof(nums), "\n%lld\n%lld%s", id, at,
	    *ca != '\0' ? "/" : "\n");
	if ((md = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(md, prev, strlen(prev)) == 1 &&
	    EVP_DigestUpdate(md, nums, (size_t)n) == 1 &&
	    (*ca == '\0' || (EVP_DigestUpdate(md, ca, strlen(ca)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1)) &&
	    EVP_DigestUpdate(md, actor, strlen(actor)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, action, strlen(action)) == 1 &&
	    EVP_DigestUpdate(md, "\n", 1) == 1 &&
	    EVP_DigestUpdate(md, detail, strlen(detail)) == 1 &&
	    EVP_DigestFinal_ex(md, h, &hl) == 1 && hl == sizeof(h)) {
		hex_encode(h, sizeof(h), out, 0);
		rc = 0;
	} else
		log_ssl("chain_hash", "SHA-256 failed");
	EVP_MD_CTX_free(md);
	return rc;
}
