<?xml version="1.0" encoding="UTF-8"?>
<!--
  invoices.xsl: /invoices, 发票管理: the invoice requests (发票抬头 given
  at payment) of the orders the identity may see: 订单号 | 发票类型 |
  抬头类型 | 单位名称 | 纳税人识别号 | 金额 | 申请时间 | 状态.

  Input (frame: layout.xsl; <centre>: centre.xsl; labels: order-common.xsl):

    <invoices>
      <pager total= page= pages= size= qs="size=10"> <n/> <gap/> … </pager>
      <invoice order="7" kind="e_normal|paper_special" title_type="company"
               state="awaiting_payment|cancelled|requested|issued">
        <no>CR2025…</no> <title>单位名称</title> <tax_id/>
        <amount fen="5000">50.00</amount> <created>2025-06-17 10:30</created>
        <invoice_no/> <tracking_no/>   (an issued 纸质专票's; else empty)
      </invoice> …     file="1": an issued 电子普票 whose PDF is at
                       /invoices/file?id=ORDER (shown with 已开具)
    </invoices>

  state is derived from the order (fcgi/orders.c): unpaid → 待支付,
  closed/cancelled/refunded → 已取消, else the stored 待开具 / 已开具.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="order-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">发票管理</xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="is" select="invoices"/>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">发票管理</h1>
      </header>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="$is/invoice">
            <div class="table-wrap card-wrap">
              <table class="table card-table invoice-table">
                <thead>
                  <tr>
                    <th scope="col">订单号</th>
                    <th scope="col">发票类型</th>
                    <th scope="col">抬头类型</th>
                    <th scope="col">单位名称</th>
                    <th scope="col">纳税人识别号</th>
                    <th scope="col">金额</th>
                    <th scope="col">申请时间</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:apply-templates select="$is/invoice"/>
                </tbody>
              </table>
            </div>
          </xsl:when>
          <xsl:otherwise>
            <div class="empty">暂无发票申请（支付订单时选择“开具发票”后，申请会显示在这里）</div>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:apply-templates select="$is/pager" mode="list">
          <xsl:with-param name="path" select="'/invoices'"/>
        </xsl:apply-templates>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="invoice">
    <tr>
      <td class="nowrap" data-label="订单号"><a class="mono" href="/orders/view?id={@order}"><xsl:value-of select="no"/></a></td>
      <td class="nowrap" data-label="发票类型">
        <xsl:call-template name="invoice-kind"><xsl:with-param name="code" select="@kind"/></xsl:call-template>
      </td>
      <td class="nowrap" data-label="抬头类型">
        <xsl:call-template name="invoice-title"><xsl:with-param name="code" select="@title_type"/></xsl:call-template>
      </td>
      <td data-label="单位名称"><xsl:value-of select="title"/></td>
      <td class="nowrap mono" data-label="纳税人识别号"><xsl:value-of select="tax_id"/></td>
      <td class="nowrap" data-label="金额"><span class="money">¥<xsl:value-of select="amount"/></span></td>
      <td class="nowrap" data-label="申请时间"><xsl:value-of select="created"/></td>
      <td class="nowrap" data-label="状态">
        <xsl:call-template name="invoice-state"><xsl:with-param name="code" select="@state"/></xsl:call-template>
        <xsl:if test="@state = 'issued' and @file = '1'">
          <xsl:text> </xsl:text>
          <a class="invoice-file" href="/invoices/file?id={@order}" aria-label="下载发票PDF {no}">下载PDF</a>
        </xsl:if>
        <xsl:if test="@state = 'issued' and normalize-space(invoice_no) != ''">
          <span class="order-goods-sub">发票号码 <span class="mono"><xsl:value-of select="invoice_no"/></span></span>
          <span class="order-goods-sub">快递单号 <span class="mono"><xsl:value-of select="tracking_no"/></span></span>
        </xsl:if>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
