<?xml version="1.0" encoding="UTF-8"?>
<!--
  reissue-common.xsl: what the CA补办 wizard's pages share (reissue-info,
  reissue-type, reissue-confirm): the breadcrumb CA管理 > CA补办, the
  certificate block of 图2, and why a certificate cannot be reissued.
  Imports cert-common.xsl, and reissue-steps.xsl for the stepper
  1 数字证书(CA)信息 → 2 补办类型及信息 → 3 订单确认 → 4 支付.

  Input (besides layout.xsl's and centre.xsl's), built by fcgi/reissue.c:

    <reissue step="1|2">
      <cert id= type= lock= status= active=>     as in cert-common.xsl,
        … <platforms><platform id="1">…</platform>…</platforms>
      </cert>
      <blocked code="revoked|expired|reissuing|order" order="CR…"/>
                                                 optional: cannot start
      <form …/>                                  step 2, see reissue-type.xsl
    </reissue>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="cert-common.xsl"/>
  <xsl:import href="reissue-steps.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">CA补办</xsl:template>

  <xsl:template match="page" mode="crumbs">
    <xsl:call-template name="cert-crumbs">
      <xsl:with-param name="here" select="'CA补办'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- 图2: the fields of the certificate being replaced. -->
  <xsl:template match="cert" mode="reissue">
    <dl class="info-grid cert-info reissue-info">
      <div class="info-item"><dt class="info-label">统一社会信用代码</dt><dd class="info-value mono">
        <xsl:choose>
          <xsl:when test="normalize-space(uscc) != ''"><xsl:value-of select="uscc"/></xsl:when>
          <xsl:otherwise><span class="muted">无(个人证书)</span></xsl:otherwise>
        </xsl:choose>
      </dd></div>
      <div class="info-item"><dt class="info-label">持锁人</dt><dd class="info-value"><xsl:value-of select="holder"/></dd></div>
      <div class="info-item"><dt class="info-label">证书厂商</dt><dd class="info-value"><xsl:value-of select="vendor"/></dd></div>
      <div class="info-item"><dt class="info-label">锁类型</dt><dd class="info-value">
        <xsl:call-template name="lock-type"><xsl:with-param name="code" select="@lock"/></xsl:call-template>
      </dd></div>
      <div class="info-item"><dt class="info-label">介质服务商</dt><dd class="info-value">
        <xsl:choose>
          <xsl:when test="normalize-space(media_vendor) != ''"><xsl:value-of select="media_vendor"/></xsl:when>
          <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
        </xsl:choose>
      </dd></div>
      <div class="info-item"><dt class="info-label">数字证书(CA)锁序列号</dt><dd class="info-value mono"><xsl:value-of select="key_serial"/></dd></div>
      <div class="info-item"><dt class="info-label">首次申请时间</dt><dd class="info-value"><xsl:value-of select="applied"/></dd></div>
      <div class="info-item"><dt class="info-label">证书有效期至</dt><dd class="info-value"><xsl:value-of select="not_after"/></dd></div>
      <div class="info-item info-item-wide"><dt class="info-label">已关联平台</dt><dd class="info-value">
        <xsl:choose>
          <xsl:when test="platforms/platform">
            <xsl:for-each select="platforms/platform">
              <span class="tag"><xsl:value-of select="."/></span>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise><span class="muted">暂未关联平台</span></xsl:otherwise>
        </xsl:choose>
      </dd></div>
    </dl>
  </xsl:template>

  <xsl:template match="blocked">
    <div class="alert alert-error reissue-blocked" role="alert">
      <span class="alert-title">该证书不能申请补办</span>
      <p>
        <xsl:choose>
          <xsl:when test="@code = 'revoked'">该证书已注销，注销的证书不能补办。如需继续使用，请重新申请办理数字证书。</xsl:when>
          <xsl:when test="@code = 'expired'">该证书已过期，过期的证书不能补办。请办理CA延期或重新申请办理数字证书。</xsl:when>
          <xsl:when test="@code = 'reissuing'">该证书正在补办中，不能重复申请补办。请在“订单管理”中查看办理进度。</xsl:when>
          <xsl:when test="@code = 'order'">
            <xsl:text>该证书已有未完成的补办订单</xsl:text>
            <xsl:if test="normalize-space(@order) != ''">
              <xsl:text>(订单号 </xsl:text>
              <span class="mono"><xsl:value-of select="@order"/></span>
              <xsl:text>)</xsl:text>
            </xsl:if>
            <xsl:text>，不能重复申请补办。请在“订单管理”中查看或取消该订单。</xsl:text>
          </xsl:when>
          <xsl:otherwise>该证书当前状态不能申请补办。</xsl:otherwise>
        </xsl:choose>
      </p>
    </div>
  </xsl:template>

</xsl:stylesheet>
