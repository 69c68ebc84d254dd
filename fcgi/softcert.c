/*
 * softcert.c: the software certificate's key pair, request and bundle
 * (softcert.h).
 *
 * Invariants:
 * - The private key exists only in sc->key (OpenSSL frees EC private
 *   keys with BN_clear_free) and, encrypted, in the PKCS#12 of the
 *   bundle; the PKCS#12's plain DER buffer is wiped before it is freed.
 *   Nothing here logs, stores or returns the key or the password.
 * - The bundle is built only for a certificate that carries sc's key
 *   (X509_check_private_key), so a retried order that the daemon answers
 *   with an earlier certificate never yields a useless file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "fcgi/docx.h"
#include "fcgi/softcert.h"
#include "lib/log.h"
#include "lib/sm2.h"

#define P12_ITER	100000	/* PBKDF2 and MAC iterations */
#define NAME_MAX_LEN	96

struct softcert {
	EVP_PKEY	*key;
	unsigned char	*csr;		/* DER */
	size_t		 csr_len;
};

static const char readme_fmt[] =
    "软证书说明\r\n"
    "==========\r\n"
    "\r\n"
    "本压缩包是CA补办服务为您签发新证书时生成的软证书，只提供这一次下载。\r\n"
    "\r\n"
    "文件\r\n"
    "  %s.p12    PKCS#12 文件：新证书和它的私钥（以您设置的密码加密，\r\n"
    "            AES-256），另含签发CA和根CA的证书。\r\n"
    "  chain.pem    证书链（PEM 格式）：新证书、签发CA证书、根CA证书。\r\n"
    "  README.txt   本说明。\r\n"
    "\r\n"
    "导入方法\r\n"
    "  Windows：双击 .p12 文件，按“证书导入向导”输入密码，导入到“个人”证书存储。\r\n"
    "  浏览器、投标工具等软件：在其证书管理中选择“导入”，选择 .p12 文件并输入密码。\r\n"
    "  查看内容（命令行）：openssl pkcs12 -info -nokeys -in %s.p12\r\n"
    "\r\n"
    "重要\r\n"
    "  私钥只在生成本文件时存在于服务器内存中，随后即被清除：服务器没有保存私钥，\r\n"
    "  也没有保存您的密码。除本文件外，私钥不存在于任何其他地方。\r\n"
    "  请妥善保管本文件和密码，不要发送给他人。文件或密码丢失后无法找回，\r\n"
    "  只能重新申请CA补办。\r\n"
    "  用旧证书加密的投标文件无法用新证书解密，请重新生成、加密并上传投标文件。\r\n";

struct softcert *
softcert_new(int sm2)
{
	struct softcert	*sc;
	X509_REQ	*r = NULL;
	X509_NAME	*n;
	unsigned char	*der = NULL;
	int		 len;

	if ((sc = calloc(1, sizeof(*sc))) == NULL) {
		log_err("softcert_new: out of memory");
		return NULL;
	}
	if ((sc->key = sm2 ? sm2_keygen() : EVP_PKEY_Q_keygen(NULL, NULL,
	    "EC", "P-256")) == NULL) {
		log_ssl("softcert_new", "cannot make the key pair");
		goto fail;
	}
	/* The daemon takes only the key: the subject is a placeholder. */
	if ((r = X509_REQ_new()) == NULL ||
	    X509_REQ_set_version(r, 0) != 1 ||
	    (n = X509_REQ_get_subject_name(r)) == NULL ||
	    X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)"ca-reissue software certificate", -1, -1,
	    0) != 1 ||
	    X509_REQ_set_pubkey(r, sc->key) != 1 ||
	    sm2_req_sign(r, sc->key) == -1 ||
	    (len = i2d_X509_REQ(r, &der)) <= 0) {
		log_ssl("softcert_new", "cannot make the request");
		goto fail;
	}
	if ((sc->csr = malloc((size_t)len)) == NULL) {
		log_err("softcert_new: out of memory");
		goto fail;
	}
	memcpy(sc->csr, der, (size_t)len);
	sc->csr_len = (size_t)len;
	OPENSSL_free(der);
	X509_REQ_free(r);
	return sc;
fail:
	OPENSSL_free(der);
	X509_REQ_free(r);
	softcert_free(sc);
	return NULL;
}

const unsigned char *
softcert_csr(const struct softcert *sc, size_t *len)
{
	*len = sc->csr_len;
	return sc->csr;
}

void
softcert_free(struct softcert *sc)
{
	if (sc == NULL)
		return;
	EVP_PKEY_free(sc->key);
	free(sc->csr);
	OPENSSL_cleanse(sc, sizeof(*sc));
	free(sc);
}

/* The certificates of chain_pem, in order; NULL (logged). */
static STACK_OF(X509) *
chain_certs(const char *pem, size_t len)
{
	STACK_OF(X509)	*sk;
	BIO		*b;
	X509		*x;

	if (len > 64 * 1024 || (sk = sk_X509_new_null()) == NULL)
		return NULL;
	if ((b = BIO_new_mem_buf(pem, (int)len)) == NULL) {
		sk_X509_free(sk);
		return NULL;
	}
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL)
		if (sk_X509_push(sk, x) <= 0) {
			X509_free(x);
			break;
		}
	ERR_clear_error();	/* the end of the input */
	BIO_free(b);
	if (sk_X509_num(sk) == 0) {
		log_err("softcert: the CA chain has no certificate");
		sk_X509_pop_free(sk, X509_free);
		return NULL;
	}
	return sk;
}

/* The certificate as PEM followed by chain_pem, in *out (malloc'd). */
static int
chain_file(X509 *x, const char *chain, size_t chain_len, char **out,
    size_t *out_len)
{
	BIO	*b;
	char	*p;
	long	 n;
	int	 rc = -1;

	if ((b = BIO_new(BIO_s_mem())) == NULL)
		return -1;
	if (PEM_write_bio_X509(b, x) == 1 &&
	    BIO_write(b, chain, (int)chain_len) == (int)chain_len &&
	    (n = BIO_get_mem_data(b, &p)) > 0 &&
	    (*out = malloc((size_t)n)) != NULL) {
		memcpy(*out, p, (size_t)n);
		*out_len = (size_t)n;
		rc = 0;
	}
	BIO_free(b);
	return rc;
}

int
softcert_bundle(const struct softcert *sc, const unsigned char *cert_der,
    size_t cert_len, const char *chain_pem, size_t chain_len,
    const char *password, const char *name, char **zip, size_t *zip_len)
{
	const unsigned char	*p = cert_der;
	STACK_OF(X509)		*ca = NULL;
	X509			*x = NULL;
	PKCS12			*p12 = NULL;
	unsigned char		*p12der = NULL;
	char			*chain = NULL, *readme = NULL;
	char			 p12name[NAME_MAX_LEN + 8];
	size_t			 chain_out = 0, readme_len;
	int			 p12len = 0, n, rc = -1;
	struct docx_entry	 e[3];

	*zip = NULL;
	*zip_len = 0;
	if (strlen(name) > NAME_MAX_LEN || strchr(name, '/') != NULL) {
		log_err("softcert_bundle: bad name");
		return -1;
	}
	if ((x = d2i_X509(NULL, &p, (long)cert_len)) == NULL ||
	    p != cert_der + cert_len) {
		log_ssl("softcert_bundle", "the certificate does not parse");
		goto out;
	}
	if (X509_check_private_key(x, sc->key) != 1) {
		ERR_clear_error();
		log_warn("softcert_bundle: the certificate is not for this "
		    "key");
		rc = 1;
		goto out;
	}
	if ((ca = chain_certs(chain_pem, chain_len)) == NULL)
		goto out;
	if ((p12 = PKCS12_create_ex(password, name, sc->key, x, ca,
	    NID_aes_256_cbc, NID_aes_256_cbc, P12_ITER, P12_ITER, 0, NULL,
	    NULL)) == NULL ||
	    (p12len = i2d_PKCS12(p12, &p12der)) <= 0) {
		log_ssl("softcert_bundle", "cannot make the PKCS#12");
		goto out;
	}
	if (chain_file(x, chain_pem, chain_len, &chain, &chain_out) == -1) {
		log_ssl("softcert_bundle", "cannot write the chain");
		goto out;
	}
	readme_len = sizeof(readme_fmt) + 2 * strlen(name);
	if ((readme = malloc(readme_len)) == NULL ||
	    (n = snprintf(readme, readme_len, readme_fmt, name, name)) < 0 ||
	    (size_t)n >= readme_len) {
		log_err("softcert_bundle: out of memory");
		goto out;
	}
	snprintf(p12name, sizeof(p12name), "%s.p12", name);
	e[0].name = p12name;
	e[0].data = p12der;
	e[0].len = (size_t)p12len;
	e[1].name = "chain.pem";
	e[1].data = chain;
	e[1].len = chain_out;
	e[2].name = "README.txt";
	e[2].data = readme;
	e[2].len = (size_t)n;
	if (docx_zip(e, 3, zip, zip_len) == -1)
		goto out;
	rc = 0;
out:
	if (p12der != NULL) {
		OPENSSL_cleanse(p12der, (size_t)p12len);
		OPENSSL_free(p12der);
	}
	PKCS12_free(p12);
	sk_X509_pop_free(ca, X509_free);
	X509_free(x);
	free(chain);
	free(readme);
	return rc;
}
