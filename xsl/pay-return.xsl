<?xml version="1.0" encoding="UTF-8"?>
<!--
  pay-return.xsl: /pay/return?no=CR…, where the cashier sends the buyer
  back.  The order is not paid yet as far as we know (a paid one
  redirects to its page): the gateway's notification may still be on its
  way, so the page says so and looks again every 3 seconds.

  Input: <payreturn order="N" pay="unpaid|closed|cancelled|…">
           <order_no/> <again>CR…</again>
         </payreturn>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="centre.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">支付结果</xsl:template>

  <xsl:template match="page" mode="head">
    <xsl:if test="payreturn/@pay = 'unpaid'">
      <meta http-equiv="refresh" content="3"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="r" select="payreturn"/>
    <section class="card pay-return">
      <header class="card-header">
        <h1 class="card-title">支付结果</h1>
      </header>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="$r/@pay = 'unpaid'">
            <div class="alert alert-info" role="status">
              <span class="alert-title">正在确认支付结果…</span>
              订单 <span class="mono"><xsl:value-of select="$r/order_no"/></span>
              尚未收到支付平台的到账通知。如您已完成支付，请稍候，本页每3秒自动刷新；如未支付，可在订单页面重新支付。
            </div>
          </xsl:when>
          <xsl:otherwise>
            <div class="alert alert-error" role="alert">
              <span class="alert-title">订单未支付</span>
              订单 <span class="mono"><xsl:value-of select="$r/order_no"/></span>
              已关闭或已取消，未产生扣款。如仍需补办，请重新提交申请。
            </div>
          </xsl:otherwise>
        </xsl:choose>
        <div class="actions">
          <a class="btn btn-primary" href="/orders/view?id={$r/@order}">查看订单</a>
          <a class="btn btn-default" href="/orders">订单管理</a>
        </div>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
