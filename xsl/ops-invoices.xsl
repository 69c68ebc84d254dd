<?xml version="1.0" encoding="UTF-8"?>
<!--
  ops-invoices.xsl: /ops/invoices, 发票队列 — the invoices applicants
  asked for on orders of the operator's office, those to issue (待开具:
  requested, order paid) first, then the rest, oldest request first.
  Columns: 订单号 | 单位名称 | 发票类型 | 抬头/纳税人识别号 | 金额 |
  申请时间 | 状态 | 操作 (开具 / 查看).

  Input (frame: ops-common.xsl; labels: order-common.xsl), from
  fcgi/opsinvoice.c:

    <desk max="200">
      <invoice order="7" kind="e_normal|paper_special"
               state="awaiting_payment|cancelled|requested|issued">
        <no>CR2026…</no> <company>单位 (or the buyer)</company>
        <title>发票抬头</title> <tax_id/> <amount fen="5000">50.00</amount>
        <created>2026-06-17 10:30</created> <issued>…</issued>?
      </invoice> …
    </desk>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="ops-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">发票队列</xsl:template>

  <xsl:template match="page" mode="body">
    <xsl:call-template name="ops-frame"/>
  </xsl:template>

  <xsl:template match="page" mode="ops">
    <xsl:variable name="d" select="desk"/>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">发票队列</h1>
      </header>
      <div class="card-body">
        <p class="field-help">
          <xsl:value-of select="/page/operator"/>
          <xsl:text>的订单(现场领取在本办理点，邮寄订单由沈阳办理点办理)中申请开具的发票；待开具的排在前面。电子普票上传PDF，纸质专票登记发票号码和快递单号。</xsl:text>
        </p>
        <xsl:choose>
          <xsl:when test="$d/invoice">
            <div class="table-wrap card-wrap">
              <table class="table card-table desk-table">
                <thead>
                  <tr>
                    <th scope="col">订单号</th>
                    <th scope="col">单位名称</th>
                    <th scope="col">发票类型</th>
                    <th scope="col">抬头/纳税人识别号</th>
                    <th scope="col">金额</th>
                    <th scope="col">申请时间</th>
                    <th scope="col">状态</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:apply-templates select="$d/invoice"/>
                </tbody>
              </table>
            </div>
            <xsl:if test="count($d/invoice) &gt;= $d/@max">
              <p class="field-help">只显示前<xsl:value-of select="$d/@max"/>张。</p>
            </xsl:if>
          </xsl:when>
          <xsl:otherwise>
            <div class="empty">本办理点暂无发票申请</div>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="desk/invoice">
    <tr>
      <td class="nowrap" data-label="订单号"><span class="mono"><xsl:value-of select="no"/></span></td>
      <td data-label="单位名称"><xsl:value-of select="company"/></td>
      <td class="nowrap" data-label="发票类型">
        <xsl:call-template name="invoice-kind"><xsl:with-param name="code" select="@kind"/></xsl:call-template>
      </td>
      <td data-label="抬头/纳税人识别号">
        <span class="cell">
          <xsl:value-of select="title"/>
          <span class="order-goods-sub mono"><xsl:value-of select="tax_id"/></span>
        </span>
      </td>
      <td class="nowrap" data-label="金额">¥<xsl:value-of select="amount"/></td>
      <td class="nowrap" data-label="申请时间"><xsl:value-of select="created"/></td>
      <td class="nowrap" data-label="状态">
        <xsl:call-template name="invoice-state"><xsl:with-param name="code" select="@state"/></xsl:call-template>
      </td>
      <td class="nowrap" data-label="操作">
        <xsl:choose>
          <xsl:when test="@state = 'requested'">
            <a class="btn btn-primary btn-sm" href="/ops/invoice?id={@order}" aria-label="开具 {no}">开具</a>
          </xsl:when>
          <xsl:otherwise>
            <a class="btn btn-default btn-sm" href="/ops/invoice?id={@order}" aria-label="查看 {no}">查看</a>
          </xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
