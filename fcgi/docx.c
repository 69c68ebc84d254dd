/*
 * docx.c: the only user of libzip.  Writes an Office Open XML package
 * into a zip archive held in memory and hands back its bytes; docx_zip()
 * packs other small bundles the same way (the software certificate's
 * zip, fcgi/softcert.c).
 *
 * The package has exactly the three parts Word and LibreOffice need:
 * the content types, the package relationship to the main document, and
 * the main document itself (rendered by xsl/statement-docx.xsl).  Every
 * entry gets the same fixed time stamp, so the same document always packs
 * to the same bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "fcgi/docx.h"
#include "lib/log.h"

/* 2024-01-01 00:00:00 UTC: any fixed DOS-representable time will do. */
#define DOCX_MTIME	((time_t)1704067200)

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/"
    "vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";

static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/>"
    "</Relationships>";

/* Adds name with the len bytes at data (not copied: they must outlive
 * zip_close).  0 / -1. */
static int
add(zip_t *za, const char *name, const void *data, size_t len)
{
	zip_source_t	*src;
	zip_int64_t	 idx;

	if ((src = zip_source_buffer(za, data, len, 0)) == NULL)
		return -1;
	if ((idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		return -1;
	}
	if (zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE,
	    0) != 0 ||
	    zip_file_set_mtime(za, (zip_uint64_t)idx, DOCX_MTIME, 0) != 0)
		return -1;
	return 0;
}

int
docx_pack(const char *document_xml, size_t len, char **out, size_t *outlen)
{
	/* [Content_Types].xml first, as Office itself writes it. */
	const struct docx_entry	 e[] = {
		{ "[Content_Types].xml", content_types,
		    sizeof(content_types) - 1 },
		{ "_rels/.rels", package_rels, sizeof(package_rels) - 1 },
		{ "word/document.xml", document_xml, len },
	};

	return docx_zip(e, sizeof(e) / sizeof(e[0]), out, outlen);
}

int
docx_zip(const struct docx_entry *e, size_t n, char **out, size_t *outlen)
{
	zip_source_t	*buf = NULL;
	zip_t		*za = NULL;
	zip_error_t	 err;
	zip_stat_t	 zst;
	char		*data = NULL;
	size_t		 i;
	int		 rc = -1, opened = 0;

	*out = NULL;
	*outlen = 0;
	zip_error_init(&err);
	if ((buf = zip_source_buffer_create(NULL, 0, 0, &err)) == NULL)
		goto out;
	if ((za = zip_open_from_source(buf, ZIP_TRUNCATE, &err)) == NULL)
		goto out;
	/* The archive now owns buf; keep it alive past zip_close. */
	zip_source_keep(buf);
	for (i = 0; i < n; i++)
		if (add(za, e[i].name, e[i].data, e[i].len) == -1) {
			zip_error_set(&err,
			    zip_error_code_zip(zip_get_error(za)), 0);
			zip_discard(za);
			za = NULL;
			goto out;
		}
	if (zip_close(za) != 0) {
		zip_error_set(&err, zip_error_code_zip(zip_get_error(za)), 0);
		zip_discard(za);
		za = NULL;
		goto out;
	}
	za = NULL;
	if (zip_source_stat(buf, &zst) != 0 ||
	    (zst.valid & ZIP_STAT_SIZE) == 0 || zst.size == 0 ||
	    zip_source_open(buf) != 0)
		goto out;
	opened = 1;
	if ((data = malloc(zst.size)) == NULL ||
	    zip_source_read(buf, data, zst.size) != (zip_int64_t)zst.size)
		goto out;
	*out = data;
	*outlen = zst.size;
	data = NULL;
	rc = 0;
out:
	if (rc == -1)
		log_err("docx_zip: %s", zip_error_code_zip(&err) != ZIP_ER_OK ?
		    zip_error_strerror(&err) : "cannot build the archive");
	free(data);
	if (opened)
		zip_source_close(buf);
	if (buf != NULL)
		zip_source_free(buf);
	zip_error_fini(&err);
	return rc;
}
