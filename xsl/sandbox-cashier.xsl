<?xml version="1.0" encoding="UTF-8"?>
<!--
  sandbox-cashier.xsl: /sandbox/cashier?t=TOKEN, the sandbox payment
  gateway's cashier (fcgi/paysandbox.c).  It plays the part of a real
  gateway's page, so it says plainly that it is a sandbox and no money
  moves.

  Input: <cashier token="…" state="open|paid|closed|expired">
           <merchant/> <out_trade_no/> <subject/> <amount>50.00</amount>
           <expires>YYYY-MM-DD HH:MM</expires> <return>/pay/return?…</return>
           <notice>closed</notice>?
         </cashier>

  Form: POST /sandbox/cashier: csrf, t, action=pay (确认支付) | leave.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">收银台（沙箱）</xsl:template>

  <xsl:template match="page" mode="body">
    <xsl:variable name="k" select="cashier"/>
    <section class="card cashier">
      <header class="card-header">
        <h1 class="card-title">收银台</h1>
        <span class="badge badge-warning">沙箱环境 · 不产生真实扣款</span>
      </header>
      <div class="card-body">
        <xsl:if test="$k/notice = 'closed'">
          <div class="alert alert-error" role="alert">交易已关闭或已超时，未扣款。</div>
        </xsl:if>
        <dl class="info-grid">
          <div class="info-item"><dt class="info-label">收款方</dt><dd class="info-value"><xsl:value-of select="$k/merchant"/></dd></div>
          <div class="info-item"><dt class="info-label">商户订单号</dt><dd class="info-value mono"><xsl:value-of select="$k/out_trade_no"/></dd></div>
          <div class="info-item"><dt class="info-label">商品</dt><dd class="info-value"><xsl:value-of select="$k/subject"/></dd></div>
          <div class="info-item"><dt class="info-label">支付截止</dt><dd class="info-value"><xsl:value-of select="$k/expires"/></dd></div>
        </dl>
        <p class="cashier-amount">应付金额 <strong class="money">¥<xsl:value-of select="$k/amount"/></strong></p>
        <form class="form" method="post" action="/sandbox/cashier">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="t" value="{$k/@token}"/>
          <div class="actions">
            <xsl:choose>
              <xsl:when test="$k/@state = 'open'">
                <button class="btn btn-primary" type="submit" name="action" value="pay">确认支付</button>
                <button class="btn btn-default" type="submit" name="action" value="leave">返回商户</button>
              </xsl:when>
              <xsl:when test="$k/@state = 'paid'">
                <p>该交易已支付。</p>
                <button class="btn btn-primary" type="submit" name="action" value="leave">返回商户</button>
              </xsl:when>
              <xsl:otherwise>
                <p>交易已关闭或已超时，不能支付。</p>
                <button class="btn btn-default" type="submit" name="action" value="leave">返回商户</button>
              </xsl:otherwise>
            </xsl:choose>
          </div>
        </form>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
