<?xml version="1.0" encoding="UTF-8"?>
<!--
  orders.xsl: /orders, 订单管理 as in 图6 of the guide: the tabs 数字证书(CA)订单
  | 商品订单 | 课程订单 | 其他订单 with their counts, and the table 订单信息 |
  金额 | 订单类别 | 支付状态 | 审核状态 | 收货状态 | 操作.  Each order is a
  head row (下单时间, 购买人, 订单号) over its item row, like the guide.

  Input (frame: layout.xsl; <centre>: centre.xsl; labels: order-common.xsl):

    <orders kind="ca_reissue|goods|course|other">    the tab shown
      <tab kind="ca_reissue" count="3"/> …             all four, in order
      <pager total= page= pages= size= qs="size=10"> <n/> <gap/> … </pager>
      <order id="7" kind="…" pay="unpaid|paid|refunded|closed|cancelled"
             review="none|pending|approved|rejected"
             delivery="none|awaiting_issue|issued|ready|picked_up|shipped|delivered"
             method="|mail|onsite"
             lock="|company_master|project_lead|cost_engineer|personal"
             payable="0|1" cancellable="0|1">
        <no>CR2025…</no> <created>2025-06-17 10:30</created>
        <buyer>张演示</buyer> <holder>持锁人</holder>
        <amount fen="5000">50.00</amount>
      </order> …
    </orders>

  Links: /orders?kind=, /orders/view?id=, /orders/pay?id=; form POST
  /orders/cancel (id, csrf).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="order-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">订单管理</xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="os" select="orders"/>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">订单管理</h1>
      </header>
      <div class="card-body">
        <nav class="tabs order-tabs" aria-label="订单类别">
          <xsl:for-each select="$os/tab">
            <a href="/orders?kind={@kind}">
              <xsl:attribute name="class">
                <xsl:text>tab</xsl:text>
                <xsl:if test="@kind = $os/@kind"> is-active</xsl:if>
              </xsl:attribute>
              <xsl:if test="@kind = $os/@kind">
                <xsl:attribute name="aria-current">page</xsl:attribute>
              </xsl:if>
              <xsl:call-template name="kind-tab">
                <xsl:with-param name="code" select="@kind"/>
              </xsl:call-template>
              <span class="tab-count"><xsl:value-of select="@count"/></span>
            </a>
          </xsl:for-each>
        </nav>

        <xsl:choose>
          <xsl:when test="$os/order">
            <div class="table-wrap order-wrap">
              <table class="table order-table">
                <thead>
                  <tr>
                    <th scope="col">订单信息</th>
                    <th scope="col">金额</th>
                    <th scope="col">订单类别</th>
                    <th scope="col">支付状态</th>
                    <th scope="col">审核状态</th>
                    <th scope="col">收货状态</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <xsl:apply-templates select="$os/order"/>
              </table>
            </div>
          </xsl:when>
          <xsl:otherwise>
            <div class="empty">
              <xsl:text>暂无</xsl:text>
              <xsl:call-template name="kind-tab">
                <xsl:with-param name="code" select="$os/@kind"/>
              </xsl:call-template>
            </div>
          </xsl:otherwise>
        </xsl:choose>

        <xsl:apply-templates select="$os/pager" mode="list">
          <xsl:with-param name="path" select="'/orders'"/>
          <xsl:with-param name="kind" select="$os/@kind"/>
        </xsl:apply-templates>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="order">
    <tbody class="order-group">
      <tr class="order-head">
        <td colspan="7">
          <span class="order-head-item">下单时间：<xsl:value-of select="created"/></span>
          <span class="order-head-item">购买人：<xsl:value-of select="buyer"/></span>
          <span class="order-head-item">订单号：<span class="mono"><xsl:value-of select="no"/></span></span>
        </td>
      </tr>
      <tr class="order-item">
        <td class="order-goods" data-label="订单信息"><span class="order-goods-body">
          <span class="order-goods-name">
            <xsl:choose>
              <xsl:when test="@lock != ''">
                <xsl:call-template name="lock-type">
                  <xsl:with-param name="code" select="@lock"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="order-kind">
                  <xsl:with-param name="code" select="@kind"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </span>
          <xsl:if test="normalize-space(holder) != ''">
            <span class="order-goods-sub">持锁人：<xsl:value-of select="holder"/></span>
          </xsl:if>
        </span></td>
        <td class="nowrap" data-label="金额"><span class="money">¥<xsl:value-of select="amount"/></span></td>
        <td class="nowrap" data-label="订单类别">
          <xsl:call-template name="order-kind">
            <xsl:with-param name="code" select="@kind"/>
          </xsl:call-template>
        </td>
        <td class="nowrap" data-label="支付状态">
          <xsl:call-template name="pay-state">
            <xsl:with-param name="code" select="@pay"/>
          </xsl:call-template>
        </td>
        <td class="nowrap" data-label="审核状态">
          <xsl:call-template name="review-state">
            <xsl:with-param name="code" select="@review"/>
          </xsl:call-template>
        </td>
        <td class="nowrap" data-label="收货状态">
          <xsl:call-template name="delivery-state">
            <xsl:with-param name="code" select="@delivery"/>
            <xsl:with-param name="pay" select="@pay"/>
          </xsl:call-template>
        </td>
        <td class="ops order-ops" data-label="操作">
          <xsl:apply-templates select="." mode="order-ops"/>
        </td>
      </tr>
    </tbody>
  </xsl:template>

</xsl:stylesheet>
