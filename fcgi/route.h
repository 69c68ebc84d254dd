/*
 * route.h: the routing table.  Each page is one enum value with one row in
 * route.c saying its path, the methods it takes and its handler.
 */
#ifndef FCGI_ROUTE_H
#define FCGI_ROUTE_H

#include "fcgi/page.h"

enum page {
	PAGE_ROOT,		/* /                 -> /login */
	PAGE_LOGIN,		/* /login            账号登录 */
	PAGE_LOGIN_CA,		/* /login/ca         CA登录 */
	PAGE_LOGIN_CA_BAD,	/* /login/ca/refused (nginx: bad client cert) */
	PAGE_LOGOUT,		/* /logout           退出 */
	PAGE_REGISTER,		/* /register         注册账号 */
	PAGE_RESET,		/* /password/reset   忘记密码 */
	PAGE_IDENTITY,		/* /identity         关联公司及身份选择 */
	PAGE_HEALTHZ,		/* /healthz          db + daemon reachable */
	PAGE_FAULT,		/* /__fault          test hook (webd -F) */
	PAGE_ME,		/* /me               个人信息 */
	PAGE_COMPANY,		/* /company          企业信息 */
	PAGE_STAFF,		/* /staff            人员管理 */
	PAGE_STAFF_ADD,		/* /staff/add        人员管理: 添加 */
	PAGE_STAFF_ROLE,	/* /staff/role       人员管理: 修改身份 */
	PAGE_STAFF_REMOVE,	/* /staff/remove     人员管理: 移除 */
	PAGE_CERTS,		/* /certs            CA管理 */
	PAGE_CERT_VIEW,		/* /certs/view       查看详情 */
	PAGE_CERT_PLATFORM,	/* /certs/platform   新增平台 */
	PAGE_CERT_REVOKE,	/* /certs/revoke     注销 */
	PAGE_CERT_APPLY,	/* /certs/apply      CA主锁申请 and the other
				   buttons of 图1: where to apply */
	PAGE_TERMS,		/* /terms            《用户服务协议》 */
	PAGE_PRIVACY,		/* /privacy          《隐私政策》 */
	PAGE_REISSUE,		/* /reissue          CA补办 1 证书信息 */
	PAGE_REISSUE_TYPE,	/* /reissue/step2    CA补办 2 补办类型 */
	PAGE_REISSUE_STATEMENT,	/* /reissue/statement.docx 情况说明书 */
	PAGE_UPLOAD_VIEW,	/* /uploads/view     an uploaded file */
	PAGE_REISSUE_CONFIRM,	/* /reissue/confirm  CA补办 订单确认 */
	PAGE_ORDERS,		/* /orders           订单管理 */
	PAGE_ORDER_VIEW,	/* /orders/view      查看订单 */
	PAGE_INVOICES,		/* /invoices         发票管理 */
	PAGE_CHECKOUT,		/* /orders/pay       支付 (图5) */
	PAGE_ORDER_CANCEL,	/* /orders/cancel    取消订单 */
	PAGE_PAY_RETURN,	/* /pay/return       back from the cashier */
	PAGE_PAY_NOTIFY,	/* /pay/notify       the gateway's signed
				   notification (server to server) */
	PAGE_SANDBOX_CASHIER,	/* /sandbox/cashier  the sandbox gateway */
	PAGE_OPS_READY,		/* /ops/ready        交付: 待领取 */
	PAGE_OPS_PICKUP,	/* /ops/pickup       交付: 领取码, 已领取 */
	PAGE_OPS_SHIP,		/* /ops/ship         交付: 已发货 */
	PAGE_OPS_DELIVER,	/* /ops/deliver      交付: 已签收 */
	PAGE_OPS,		/* /ops              审核: the operators' queue */
	PAGE_OPS_ORDER,		/* /ops/order        one order, for operators */
	PAGE_OPS_UPLOAD,	/* /ops/upload       its stamped statement */
	PAGE_OPS_APPROVE,	/* /ops/approve      审核通过 (revokes at once) */
	PAGE_OPS_REJECT,	/* /ops/reject       审核驳回 (refunds) */
	PAGE_OPS_ISSUE,		/* /ops/issue        签发新证书 (CSR or 软证书) */
	PAGE_OPS_CERT,		/* /ops/cert         the new certificate */
	PAGE_OCSP,		/* /ocsp             OCSP request by POST */
	PAGE_OCSP_GET,		/* /ocsp/<base64>    OCSP request by GET */
	PAGE_OPS_CONFIRM,	/* /ops/confirm      复核并签发 (dual control) */
	PAGE_OPS_ISSUE_CANCEL,	/* /ops/issue/cancel 撤回签发申请 */
	PAGE_OPS_INVOICES,	/* /ops/invoices     开票: the invoice queue */
	PAGE_OPS_INVOICE,	/* /ops/invoice      one invoice, its form */
	PAGE_OPS_INVOICE_E,	/* /ops/invoice/electronic 电子普票's PDF */
	PAGE_OPS_INVOICE_PAPER,	/* /ops/invoice/paper 纸质专票's numbers */
	PAGE_INVOICE_FILE,	/* /invoices/file    an issued 电子普票 */
	PAGE_JOIN,		/* /identity/join    + 新增: 加入申请 */
	PAGE_JOIN_SEEN,		/* /identity/join/seen 知道了 (decisions) */
	PAGE_STAFF_JOIN_OK,	/* /staff/join/approve 人员管理: 同意加入 */
	PAGE_STAFF_JOIN_NO,	/* /staff/join/refuse  人员管理: 拒绝加入 */
	PAGE_METRICS,		/* /metrics          Prometheus text (allow-list) */
	PAGE__MAX
};

/*
 * Finds the route for c->req, checks the method and runs the handler, or
 * fills the 404/405 page.  Returns the handler's result: 0, or -1 for an
 * internal failure (the caller serves the 500 page).
 */
int	route_dispatch(struct ctx *c);

/* The path of route page (an enum page), or NULL: the labels of the
 * request counters (fcgi/metrics.h). */
const char *route_path(int page);

#endif
