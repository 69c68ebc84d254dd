/*
 * reissue.h: the CA补办 wizard of the guide's section 二, steps 2-3:
 * step 1 数字证书(CA)信息 (图2), step 2 补办类型及信息 (图3) with the
 * statement document (情况说明书, .docx) and the upload of its stamped
 * copy.  Step 3, 订单确认 (/reissue/confirm), belongs to the order pages.
 */
#ifndef FCGI_REISSUE_H
#define FCGI_REISSUE_H

#include "fcgi/page.h"

/* GET /reissue?cert=N: step 1, the certificate and the re-bid warning. */
int	reissue_info(struct ctx *);
/* GET /reissue/step2?cert=N[&notice=uploaded]: step 2 from the draft. */
int	reissue_type_form(struct ctx *);
/*
 * POST /reissue/step2 (multipart): cert, reason (lost | damaged | other),
 * reason_text, statement (file), action (statement | upload | next),
 * csrf.
 */
int	reissue_type(struct ctx *);
/*
 * GET /reissue/statement.docx?cert=N[&reason=CODE[&text=...]]: the
 * 情况说明书 as a Word document; reason and text default to the draft's.
 */
int	reissue_statement(struct ctx *);
/*
 * GET /reissue/confirm?cert=N: 订单确认 (图4) from a complete draft
 * (else 303 to step 2), with a submit key made once per draft.
 */
int	reissue_confirm_form(struct ctx *);
/*
 * POST /reissue/confirm (csrf, cert, submit_key): 提交订单.  Creates
 * one order per submit key (a repeat finds the first), removes the
 * draft, 303 to /certs?notice=ordered.
 */
int	reissue_confirm(struct ctx *);

/* GET /uploads/view?id=N: an uploaded file (the stamped statement)
 * itself, inline, with its type, if the caller may see it
 * (upload_find). */
int	reissue_upload_view(struct ctx *);

#endif
