<?xml version="1.0" encoding="UTF-8"?>
<!--
  ops-invoice.xsl: /ops/invoice?id=ORDER — one invoice request for the
  operator: its 发票抬头 and order, and, while it is 待开具, the form
  that issues it: for a 电子普票 the invoice PDF (POST
  /ops/invoice/electronic, multipart: id, csrf, pdf), for a 纸质专票 its
  发票号码 and 快递单号 (POST /ops/invoice/paper: id, csrf, invoice_no,
  tracking_no).  A refused POST renders this page again with <error>
  (HTTP 400 or 409) and what was typed in <typed>.

  Input (frame: ops-common.xsl), from fcgi/opsinvoice.c:

    <invoice order="7" kind="e_normal|paper_special" pay="paid|…"
             state="awaiting_payment|cancelled|requested|issued" file="0|1">
      <no/> <company/> <buyer/> <title/> <tax_id/> <address/> <phone/>
      <bank/> <bank_account/> <amount fen="5000">50.00</amount>
      <created/> <issued/>? <invoice_no/> <tracking_no/>
    </invoice>
    <notice>issued|already</notice>?   <error>CODE</error>?
    <typed invoice_no="…" tracking_no="…"/>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="ops-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">开具发票</xsl:template>

  <xsl:template match="page" mode="body">
    <xsl:call-template name="ops-frame"/>
  </xsl:template>

  <xsl:template name="desk-message">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'issued'">已开具：申请人可在发票管理中看到。</xsl:when>
      <xsl:when test="$code = 'already'">该发票已按相同内容开具，无需重复操作，未作任何改动。</xsl:when>
      <xsl:when test="$code = 'unpaid'">订单尚未支付，不能开具发票。未作任何改动。</xsl:when>
      <xsl:when test="$code = 'refunded'">订单已退款，不能开具发票。未作任何改动。</xsl:when>
      <xsl:when test="$code = 'cancelled'">订单已取消或已关闭，不能开具发票。未作任何改动。</xsl:when>
      <xsl:when test="$code = 'wrong_kind'">申请人申请的不是这种发票，请按申请的发票类型开具。未作任何改动。</xsl:when>
      <xsl:when test="$code = 'issued_already'">该发票已开具，内容不同的再次开具被拒绝。未作任何改动。</xsl:when>
      <xsl:when test="$code = 'not_now'">该发票当前不能开具(订单状态已变化)，请刷新后查看。未作任何改动。</xsl:when>
      <xsl:when test="$code = 'empty'">请选择发票PDF文件。</xsl:when>
      <xsl:when test="$code = 'too_large'">文件超过10MB，请压缩后重新上传。</xsl:when>
      <xsl:when test="$code = 'type'">文件不是PDF，请上传电子发票的PDF文件。</xsl:when>
      <xsl:when test="$code = 'pdf_active'">PDF含有脚本、启动动作或附件，不能提供给申请人下载，请上传开票系统导出的原始PDF。</xsl:when>
      <xsl:when test="$code = 'pdf_opaque'">PDF的部分内容无法检查(可能已加密)，请上传开票系统导出的原始PDF。</xsl:when>
      <xsl:when test="$code = 'quota'">今天上传的文件过多，请明天再试。</xsl:when>
      <xsl:when test="$code = 'invoice_no_bad'">发票号码应为8位或20位数字。</xsl:when>
      <xsl:when test="$code = 'tracking_bad'">快递单号应为8至32位字母或数字。</xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="ops">
    <xsl:variable name="v" select="invoice"/>
    <xsl:variable name="notice">
      <xsl:call-template name="desk-message"><xsl:with-param name="code" select="notice"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="error">
      <xsl:call-template name="desk-message"><xsl:with-param name="code" select="error"/></xsl:call-template>
    </xsl:variable>
    <p><a href="/ops/invoices">‹ 返回发票队列</a></p>
    <xsl:if test="normalize-space($notice) != ''">
      <div class="alert alert-success" role="status"><xsl:value-of select="$notice"/></div>
    </xsl:if>
    <xsl:if test="normalize-space($error) != ''">
      <div class="alert alert-error" role="alert"><xsl:value-of select="$error"/></div>
    </xsl:if>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">
          <xsl:call-template name="invoice-kind"><xsl:with-param name="code" select="$v/@kind"/></xsl:call-template>
          <xsl:text> · </xsl:text>
          <span class="mono"><xsl:value-of select="$v/no"/></span>
        </h1>
      </header>
      <div class="card-body">
        <dl class="kv">
          <dt>状态</dt>
          <dd><xsl:call-template name="invoice-state"><xsl:with-param name="code" select="$v/@state"/></xsl:call-template></dd>
          <dt>订单支付状态</dt>
          <dd><xsl:call-template name="pay-state"><xsl:with-param name="code" select="$v/@pay"/></xsl:call-template></dd>
          <dt>单位名称</dt><dd><xsl:value-of select="$v/company"/></dd>
          <dt>购买人</dt><dd><xsl:value-of select="$v/buyer"/></dd>
          <dt>抬头类型</dt><dd>企业发票</dd>
          <dt>发票抬头</dt><dd><xsl:value-of select="$v/title"/></dd>
          <dt>纳税人识别号</dt><dd class="mono"><xsl:value-of select="$v/tax_id"/></dd>
          <xsl:if test="$v/@kind = 'paper_special'">
            <dt>地址</dt><dd><xsl:value-of select="$v/address"/></dd>
            <dt>电话</dt><dd><xsl:value-of select="$v/phone"/></dd>
            <dt>开户行</dt><dd><xsl:value-of select="$v/bank"/></dd>
            <dt>开户行账号</dt><dd class="mono"><xsl:value-of select="$v/bank_account"/></dd>
          </xsl:if>
          <dt>金额</dt><dd>¥<xsl:value-of select="$v/amount"/></dd>
          <dt>申请时间</dt><dd><xsl:value-of select="$v/created"/></dd>
          <xsl:if test="$v/issued">
            <dt>开具时间</dt><dd><xsl:value-of select="$v/issued"/></dd>
          </xsl:if>
          <xsl:if test="normalize-space($v/invoice_no) != ''">
            <dt>发票号码</dt><dd class="mono"><xsl:value-of select="$v/invoice_no"/></dd>
            <dt>快递单号</dt><dd class="mono"><xsl:value-of select="$v/tracking_no"/></dd>
          </xsl:if>
          <xsl:if test="$v/@file = '1'">
            <dt>发票文件</dt><dd>已上传PDF，申请人可在发票管理中下载</dd>
          </xsl:if>
        </dl>
        <xsl:if test="$v/@state = 'requested'">
          <xsl:apply-templates select="$v" mode="form"/>
        </xsl:if>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="invoice[@kind = 'e_normal']" mode="form">
    <form class="form" method="post" action="/ops/invoice/electronic"
        enctype="multipart/form-data">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="id" value="{@order}"/>
      <div class="field">
        <label class="field-label" for="pdf"><span class="req">*</span>电子发票PDF</label>
        <input id="pdf" name="pdf" type="file" required="required"
            accept=".pdf,application/pdf"/>
        <p class="field-help">开票系统导出的PDF，不超过10MB；含脚本、启动动作或附件的PDF会被拒绝。</p>
      </div>
      <div class="actions">
        <button class="btn btn-primary" type="submit">上传并开具</button>
      </div>
    </form>
  </xsl:template>

  <xsl:template match="invoice[@kind = 'paper_special']" mode="form">
    <xsl:variable name="t" select="/page/typed"/>
    <form class="form" method="post" action="/ops/invoice/paper">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="id" value="{@order}"/>
      <div class="field">
        <label class="field-label" for="invoice_no"><span class="req">*</span>发票号码</label>
        <input class="input" id="invoice_no" name="invoice_no" type="text"
            inputmode="numeric" maxlength="40" required="required"
            value="{$t/@invoice_no}"/>
        <xsl:if test="/page/error = 'invoice_no_bad'">
          <p class="field-error">发票号码应为8位或20位数字</p>
        </xsl:if>
        <p class="field-help">专票的8位发票号码，或全电发票的20位号码。</p>
      </div>
      <div class="field">
        <label class="field-label" for="tracking_no"><span class="req">*</span>快递单号</label>
        <input class="input" id="tracking_no" name="tracking_no" type="text"
            maxlength="64" required="required" value="{$t/@tracking_no}"/>
        <xsl:if test="/page/error = 'tracking_bad'">
          <p class="field-error">快递单号应为8至32位字母或数字</p>
        </xsl:if>
        <p class="field-help">寄往发票抬头地址的快递单号，8至32位字母或数字。</p>
      </div>
      <div class="actions">
        <button class="btn btn-primary" type="submit">登记并开具</button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
