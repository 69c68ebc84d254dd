<?xml version="1.0" encoding="UTF-8"?>
<!--
  ops-common.xsl: what the operators' pages share (ops.xsl, ops-order.xsl):
  the frame under layout.xsl's top bar — a bar naming the operator and
  their office, with the link back to the queue — and the labels of the
  queue's statuses.  It imports order-common.xsl (order labels, and
  through cert-common.xsl/centre.xsl the certificate labels).

  Input added by fcgi/ops.c (ops_doc) to every operator page:

    <operator office="shenyang" name="钱办理">沈阳办理点</operator>

  A page stylesheet imports this file and supplies

      <xsl:template match="page" mode="body">
        <xsl:call-template name="ops-frame"/>
      </xsl:template>
      <xsl:template match="page" mode="ops">…content…</xsl:template>

  (mode="body" must be the page stylesheet's own: centre.xsl, imported
  on the way, has one for the personal centre.)

  Helpers:
    ops-status      param order: the one status a row shows — 待审核 /
                    已驳回 / the delivery state once approved (badges)
    crl-reason      param code: 密钥泄露 / 已被取代 / 未指定 / …
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="order-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="ops"/>

  <xsl:template name="ops-frame">
    <div class="ops">
      <div class="ops-bar">
        <span class="ops-bar-title">办理点工作台</span>
        <span class="ops-bar-who">
          <span class="badge badge-info"><xsl:value-of select="/page/operator"/></span>
          <xsl:text> 审核员 </xsl:text>
          <xsl:value-of select="/page/operator/@name"/>
        </span>
        <nav class="ops-bar-nav" aria-label="办理点工作台">
          <a href="/ops">
            <xsl:if test="/page/@name = 'ops'">
              <xsl:attribute name="aria-current">page</xsl:attribute>
            </xsl:if>
            <xsl:text>审核队列</xsl:text>
          </a>
          <a href="/ops/invoices">
            <xsl:if test="starts-with(/page/@name, 'ops-invoice')">
              <xsl:attribute name="aria-current">page</xsl:attribute>
            </xsl:if>
            <xsl:text>发票队列</xsl:text>
          </a>
        </nav>
      </div>
      <xsl:apply-templates select="/page" mode="ops"/>
    </div>
  </xsl:template>

  <xsl:template name="ops-status">
    <xsl:param name="order"/>
    <xsl:choose>
      <xsl:when test="$order/@review = 'approved'">
        <xsl:call-template name="delivery-state">
          <xsl:with-param name="code" select="$order/@delivery"/>
          <xsl:with-param name="pay" select="$order/@pay"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$order/@review = 'rejected'"><span class="badge badge-danger">已驳回</span></xsl:when>
      <xsl:when test="$order/@review = 'pending'"><span class="badge badge-warning">待审核</span></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="pay-state"><xsl:with-param name="code" select="$order/@pay"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="crl-reason">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 0">未指定(unspecified)</xsl:when>
      <xsl:when test="$code = 1">密钥泄露(keyCompromise)</xsl:when>
      <xsl:when test="$code = 3">信息变更(affiliationChanged)</xsl:when>
      <xsl:when test="$code = 4">已被取代(superseded)</xsl:when>
      <xsl:when test="$code = 5">停止使用(cessationOfOperation)</xsl:when>
      <xsl:when test="$code = 6">证书冻结(certificateHold)</xsl:when>
      <xsl:otherwise>其他(<xsl:value-of select="$code"/>)</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
