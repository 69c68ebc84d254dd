<?xml version="1.0" encoding="UTF-8"?>
<!--
  ops-order.xsl: /ops/order?id=N, one order for the operators: what the
  applicant entered (单位, 统一社会信用代码, 购买人 and how to reach them,
  持锁人), the certificate being replaced and its linked platforms (and
  whether the signing daemon has revoked it), the stamped 情况说明书
  (an image inline, a PDF as a link), the review card (审核通过 / 审核驳回),
  then the parts of the other steps — issuance (xsl/ops-issue.xsl, mode
  "issue") and hand-over (xsl/ops-handover.xsl, mode "handover") — and
  last 领取方式, 发票信息, 支付信息 and 订单记录 as the applicant sees them
  (xsl/order-view.xsl).

  THE CONTRACT (fcgi/ops.c builds it; the issue and hand-over parts rely
  on it, and may read anything below):

    <page name="ops-order">
      <csrf/> <user/>                      as layout.xsl says; every form
                                           calls the template "csrf-field"
      <operator office="shenyang" name="钱办理">沈阳办理点</operator>
      <opsorder id="7"                     the order id (form field "id")
          pay="unpaid|paid|refunded|closed|cancelled"     stored codes
          review="none|pending|approved|rejected"
          delivery="none|awaiting_issue|issued|ready|picked_up|shipped|
                    delivered"
          method="|mail|onsite"            领取方式 ("" not chosen yet)
          reason="lost|damaged|other"      补办原因 ("" not a reissue)
          office="shenyang|dalian">        code of the office the order
                                           belongs to (现场领取's office;
                                           邮寄: 沈阳办理点)
        <office code="shenyang">沈阳办理点</office>
        <mine/>                            present iff the operator works
                                           at that office: only then may
                                           they act on the order
        <actions>                          the events order_check() says
          <action name="approve"/> …       are legal now, in lifecycle
        </actions>                         order: approve reject issue
                                           ready pickup ship deliver (a
                                           part shows its forms only for
                                           its actions, and only with
                                           <mine/>)
        <notice>CODE</notice>              optional: the "notice" of the
                                           URL ([a-z_], 1-32): where a
                                           POST sent the operator back;
                                           each part shows its own codes
                                           (this sheet: approved,
                                           approve_again, rejected,
                                           reject_again)
        <error>CODE</error>                optional: a refusal rendered
                                           in place (HTTP 400/409/503);
                                           this sheet's codes are listed
                                           in the template "ops-message"
        <typed_reason>…</typed_reason>     optional: refills 驳回原因
        <contact> <mobile/> <phone/> <address/> </contact>
                                           buyer's mobile; the company's
                                           phone and address (company
                                           orders only)
        <holder name="李演示" mobile="139…"/>   the certificate's 持锁人
        <statement id="12" ctype="image/png|image/jpeg|application/pdf"
                   size="1234">盖章.png</statement>
                                           served at /ops/upload?id=ORDER
                                           (the order id, not the upload's)
        <serial>0A1B…</serial>             the old certificate's serial
        <revocation reason="1" at="2025-06-17 10:30:05"/>
                                           present once the signing daemon
                                           has revoked it (CRLReason code)
        <order …>                          exactly the <order> element of
                                           xsl/order-view.xsl (see its
                                           header: no, created, paid,
                                           buyer, company, uscc, amount,
                                           reason, cert with platforms,
                                           statement, pickup, tracking_no,
                                           reject_reason, invoice,
                                           payment, history), with
                                           payable="0" cancellable="0";
                                           history actors of kind
                                           "operator" carry the
                                           operator's name
        </order>
      </opsorder>
    </page>

  Forms here: POST /ops/approve (id, csrf); POST /ops/reject (id,
  reason, csrf).  Labels: ops-common.xsl, order-common.xsl.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="ops-issue.xsl"/>
  <xsl:import href="ops-handover.xsl"/>
  <xsl:import href="order-view.xsl"/>
  <xsl:import href="ops-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">
    <xsl:text>订单处理 </xsl:text>
    <xsl:value-of select="opsorder/order/no"/>
  </xsl:template>

  <xsl:template match="page" mode="crumbs">
    <a href="/ops" aria-label="上一级 审核队列">审核队列</a>
    <span class="sep">&gt;</span>
    <span>订单处理</span>
  </xsl:template>

  <xsl:template match="page" mode="body">
    <xsl:call-template name="ops-frame"/>
  </xsl:template>

  <xsl:template match="page" mode="ops">
    <xsl:apply-templates select="opsorder"/>
  </xsl:template>

  <xsl:template name="ops-message">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'approved'">审核通过：原证书已注销并已发布新的证书吊销列表(CRL)，订单进入待签发。</xsl:when>
      <xsl:when test="$code = 'approve_again'">该订单已审核通过，无需重复操作。</xsl:when>
      <xsl:when test="$code = 'rejected'">已驳回：款项已原路退回，申请人可在订单中看到驳回原因。</xsl:when>
      <xsl:when test="$code = 'reject_again'">该订单已驳回，无需重复操作。</xsl:when>
      <xsl:when test="$code = 'approve_illegal'">该订单当前不能审核通过：只有已支付、待审核的订单可以审核。订单未作任何改动。</xsl:when>
      <xsl:when test="$code = 'reject_illegal'">该订单当前不能驳回：只有已支付、待审核的订单可以驳回。订单未作任何改动。</xsl:when>
      <xsl:when test="$code = 'reason_required'">请填写驳回原因(1-200个字)，申请人将看到该原因。</xsl:when>
      <xsl:when test="$code = 'daemon'">CA签发系统暂时无法连接：原证书未注销，订单未作任何改动，请稍后重试。</xsl:when>
      <xsl:when test="$code = 'revoke_refused'">CA签发系统拒绝注销原证书(可能已因其他原因注销)，订单未作任何改动，请联系CA管理员核实。</xsl:when>
      <xsl:when test="$code = 'no_cert'">未找到该订单要补办的证书，无法审核。</xsl:when>
      <xsl:when test="$code = 'refund_unavailable'">在线支付平台不可用，无法退款，订单未作任何改动。</xsl:when>
      <xsl:when test="$code = 'refund_failed'">退款未成功(支付平台暂时无法连接)，订单未作任何改动，请稍后重试。</xsl:when>
      <xsl:when test="$code = 'refund_refused'">支付平台拒绝了退款，订单未作任何改动，请与财务核对该笔交易。</xsl:when>
      <xsl:when test="$code = 'requested'">签发申请已提交：该证书须由另一位操作员复核后才会签发，尚未签发任何证书。</xsl:when>
      <xsl:when test="$code = 'withdrawn'">签发申请已撤回，未签发任何证书。</xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="opsorder">
    <xsl:variable name="o" select="order"/>
    <xsl:variable name="notice">
      <xsl:call-template name="ops-message"><xsl:with-param name="code" select="notice"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="error">
      <xsl:call-template name="ops-message"><xsl:with-param name="code" select="error"/></xsl:call-template>
    </xsl:variable>
    <xsl:if test="normalize-space($notice) != ''">
      <div class="alert alert-success" role="status"><xsl:value-of select="$notice"/></div>
    </xsl:if>
    <xsl:if test="normalize-space($error) != ''">
      <div class="alert alert-error" role="alert"><xsl:value-of select="$error"/></div>
    </xsl:if>

    <section class="card">
      <header class="card-header">
        <h1 class="card-title">订单处理</h1>
        <xsl:call-template name="ops-status"><xsl:with-param name="order" select="."/></xsl:call-template>
      </header>
      <div class="card-body">
        <dl class="info-grid order-info">
          <div class="info-item"><dt class="info-label">订单号</dt><dd class="info-value mono"><xsl:value-of select="$o/no"/></dd></div>
          <div class="info-item"><dt class="info-label">订单金额</dt><dd class="info-value"><span class="money">¥<xsl:value-of select="$o/amount"/></span></dd></div>
          <div class="info-item"><dt class="info-label">下单时间</dt><dd class="info-value"><xsl:value-of select="$o/created"/></dd></div>
          <div class="info-item"><dt class="info-label">支付时间</dt><dd class="info-value">
            <xsl:choose>
              <xsl:when test="$o/paid"><xsl:value-of select="$o/paid"/></xsl:when>
              <xsl:otherwise><span class="muted">未支付</span></xsl:otherwise>
            </xsl:choose>
          </dd></div>
          <div class="info-item"><dt class="info-label">支付状态</dt><dd class="info-value">
            <xsl:call-template name="pay-state"><xsl:with-param name="code" select="@pay"/></xsl:call-template>
          </dd></div>
          <div class="info-item"><dt class="info-label">审核状态</dt><dd class="info-value">
            <xsl:call-template name="review-state"><xsl:with-param name="code" select="@review"/></xsl:call-template>
          </dd></div>
          <div class="info-item"><dt class="info-label">收货状态</dt><dd class="info-value">
            <xsl:call-template name="delivery-state">
              <xsl:with-param name="code" select="@delivery"/>
              <xsl:with-param name="pay" select="@pay"/>
            </xsl:call-template>
          </dd></div>
          <div class="info-item"><dt class="info-label">办理点</dt><dd class="info-value">
            <xsl:value-of select="office"/>
            <xsl:choose>
              <xsl:when test="mine"> <span class="badge badge-success">本办理点</span></xsl:when>
              <xsl:otherwise> <span class="badge badge-muted">其他办理点</span></xsl:otherwise>
            </xsl:choose>
          </dd></div>
          <div class="info-item"><dt class="info-label">领取方式</dt><dd class="info-value">
            <xsl:call-template name="pickup-method"><xsl:with-param name="code" select="@method"/></xsl:call-template>
          </dd></div>
          <xsl:if test="$o/reason">
            <div class="info-item info-item-wide"><dt class="info-label">补办原因</dt><dd class="info-value">
              <xsl:call-template name="reason"><xsl:with-param name="node" select="$o/reason"/></xsl:call-template>
            </dd></div>
          </xsl:if>
        </dl>
      </div>
    </section>

    <section class="card">
      <header class="card-header">
        <h2 class="card-title">申请人信息</h2>
      </header>
      <div class="card-body">
        <dl class="info-grid order-info">
          <div class="info-item"><dt class="info-label">单位名称</dt><dd class="info-value">
            <xsl:choose>
              <xsl:when test="normalize-space($o/company) != ''"><xsl:value-of select="$o/company"/></xsl:when>
              <xsl:otherwise>个人</xsl:otherwise>
            </xsl:choose>
          </dd></div>
          <xsl:if test="normalize-space($o/uscc) != ''">
            <div class="info-item"><dt class="info-label">统一社会信用代码</dt><dd class="info-value mono"><xsl:value-of select="$o/uscc"/></dd></div>
          </xsl:if>
          <div class="info-item"><dt class="info-label">购买人</dt><dd class="info-value"><xsl:value-of select="$o/buyer"/></dd></div>
          <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'购买人手机'"/><xsl:with-param name="v" select="contact/mobile"/></xsl:call-template>
          <xsl:if test="holder">
            <div class="info-item"><dt class="info-label">持锁人</dt><dd class="info-value"><xsl:value-of select="holder/@name"/></dd></div>
            <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'持锁人手机'"/><xsl:with-param name="v" select="holder/@mobile"/></xsl:call-template>
          </xsl:if>
          <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'单位电话'"/><xsl:with-param name="v" select="contact/phone"/></xsl:call-template>
          <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'单位地址'"/><xsl:with-param name="v" select="contact/address"/></xsl:call-template>
        </dl>
      </div>
    </section>

    <section class="card">
      <header class="card-header">
        <h2 class="card-title">补办证书</h2>
      </header>
      <div class="card-body">
        <xsl:apply-templates select="$o/cert" mode="info"/>
        <dl class="info-grid cert-info order-statement">
          <div class="info-item info-item-wide"><dt class="info-label">CA系统状态</dt><dd class="info-value">
            <xsl:choose>
              <xsl:when test="revocation">
                <span class="badge badge-danger">已注销</span>
                <xsl:text> </xsl:text>
                <xsl:call-template name="crl-reason"><xsl:with-param name="code" select="revocation/@reason"/></xsl:call-template>
                <span class="muted"> · <xsl:value-of select="revocation/@at"/></span>
              </xsl:when>
              <xsl:when test="serial"><span class="badge badge-success">未注销</span> <span class="muted">(审核通过时立即注销)</span></xsl:when>
              <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
            </xsl:choose>
          </dd></div>
        </dl>
      </div>
    </section>

    <section class="card">
      <header class="card-header">
        <h2 class="card-title">情况说明书(加盖公章)</h2>
      </header>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="statement and starts-with(statement/@ctype, 'image/')">
            <figure class="ops-statement">
              <a href="/ops/upload?id={@id}" target="_blank" rel="noopener">
                <img class="ops-statement-img" src="/ops/upload?id={@id}" alt="情况说明书：{statement}"/>
              </a>
              <figcaption class="muted"><xsl:value-of select="statement"/>(点击查看原图)</figcaption>
            </figure>
          </xsl:when>
          <xsl:when test="statement">
            <p>
              <a class="btn btn-default" href="/ops/upload?id={@id}" target="_blank" rel="noopener">查看 PDF：<xsl:value-of select="statement"/></a>
            </p>
          </xsl:when>
          <xsl:otherwise>
            <div class="empty">申请人未上传情况说明书</div>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </section>

    <xsl:call-template name="review-card"/>

    <xsl:apply-templates select="." mode="issue"/>
    <xsl:apply-templates select="." mode="handover"/>

    <xsl:apply-templates select="$o" mode="card-pickup"/>
    <xsl:apply-templates select="$o" mode="card-invoice"/>
    <xsl:apply-templates select="$o" mode="card-payment"/>
    <xsl:apply-templates select="$o" mode="card-history"/>

    <div class="actions">
      <a class="btn btn-default" href="/ops">返回审核队列</a>
    </div>
  </xsl:template>

  <!-- 审核: the decision, or what was decided.  Context: opsorder. -->
  <xsl:template name="review-card">
    <xsl:variable name="o" select="order"/>
    <section class="card ops-review" id="review">
      <header class="card-header">
        <h2 class="card-title">审核</h2>
        <xsl:call-template name="review-state"><xsl:with-param name="code" select="@review"/></xsl:call-template>
      </header>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="@review = 'approved'">
            <p>
              <xsl:text>审核已通过</xsl:text>
              <xsl:for-each select="$o/history/event[@code = 'approve'][1]">
                <xsl:text>(</xsl:text><xsl:value-of select="at"/>
                <xsl:if test="normalize-space(actor) != ''">，审核员 <xsl:value-of select="actor"/></xsl:if>
                <xsl:text>)</xsl:text>
              </xsl:for-each>
              <xsl:text>。原证书已注销，等待签发新证书。</xsl:text>
            </p>
          </xsl:when>
          <xsl:when test="@review = 'rejected'">
            <div class="alert alert-error">
              <span class="alert-title">已驳回，款项已原路退回</span>
              <xsl:text>驳回原因：</xsl:text><xsl:value-of select="$o/reject_reason"/>
            </div>
          </xsl:when>
          <xsl:when test="not(actions/action[@name = 'approve' or @name = 'reject'])">
            <p class="muted">
              <xsl:choose>
                <xsl:when test="@pay = 'unpaid'">订单尚未支付，支付后才能审核。</xsl:when>
                <xsl:otherwise>该订单当前没有可进行的审核操作。</xsl:otherwise>
              </xsl:choose>
            </p>
          </xsl:when>
          <xsl:when test="not(mine)">
            <div class="alert alert-info">该订单由<xsl:value-of select="office"/>办理，只有该办理点的审核员可以审核。</div>
          </xsl:when>
          <xsl:otherwise>
            <p class="field-help">请核对申请人信息、补办证书与加盖公章的情况说明书是否一致。</p>
            <xsl:if test="actions/action[@name = 'approve']">
              <div class="alert alert-warning ops-approve-warning">
                <span class="alert-title">审核通过后将立即注销原证书</span>
                <xsl:text>注销原因：</xsl:text>
                <xsl:choose>
                  <xsl:when test="@reason = 'lost'">密钥泄露(keyCompromise)，因证书丢失</xsl:when>
                  <xsl:when test="@reason = 'damaged'">已被取代(superseded)，因证书损坏</xsl:when>
                  <xsl:otherwise>未指定(unspecified)</xsl:otherwise>
                </xsl:choose>
                <xsl:text>。证书吊销列表(CRL)随即更新，此操作不可撤销。</xsl:text>
              </div>
              <form class="inline-form ops-approve" method="post" action="/ops/approve">
                <xsl:call-template name="csrf-field"/>
                <input type="hidden" name="id" value="{@id}"/>
                <button class="btn btn-primary" type="submit">审核通过</button>
              </form>
            </xsl:if>
            <xsl:if test="actions/action[@name = 'reject']">
              <form class="form ops-reject" method="post" action="/ops/reject">
                <xsl:call-template name="csrf-field"/>
                <input type="hidden" name="id" value="{@id}"/>
                <div class="field">
                  <xsl:if test="error = 'reason_required'">
                    <xsl:attribute name="class">field is-invalid</xsl:attribute>
                  </xsl:if>
                  <label class="field-label" for="reason"><span class="req">*</span>驳回原因</label>
                  <textarea class="textarea" id="reason" name="reason" maxlength="200" required="required"
                      placeholder="例如：情况说明书未加盖公章，请重新上传">
                    <xsl:value-of select="typed_reason"/>
                  </textarea>
                  <xsl:if test="error = 'reason_required'">
                    <p class="field-error">请填写驳回原因(1-200个字)</p>
                  </xsl:if>
                  <p class="field-help">驳回后款项原路退回，申请人在订单中可以看到驳回原因。</p>
                </div>
                <button class="btn btn-danger" type="submit">审核驳回</button>
              </form>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
