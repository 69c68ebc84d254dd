<?xml version="1.0" encoding="UTF-8"?>
<!--
  cert-common.xsl: what the pages of one certificate share (cert-view,
  cert-platform, cert-revoke): the breadcrumb "CA管理 > …", the data block
  of the guide's 数字证书(CA)信息, and the messages.  Imports centre.xsl;
  the three page stylesheets import this file.

  Input (besides layout.xsl's and centre.xsl's):

    <cert id="7" mode="view|platform|revoke" type="…" lock="…"
          status="valid|reissuing|revoked|expired" active="0|1">
      <applied/> <holder/> <vendor/> <not_after/> <serial/>
      <person/> <company/> <uscc/> <media_vendor/> <key_serial/>
      <error code="state|platform|reason|password|refused"/>   optional
      <notice code="linked"/>                                  optional
      <reason>…</reason>             optional: refills the revoke form
      <platforms> <platform id="1">辽宁建设工程信息网</platform> … </platforms>
      <linkable> <platform id="2">…</platform> … </linkable>   platform page
    </cert>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="centre.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template name="cert-crumbs">
    <xsl:param name="here"/>
    <a href="/certs" aria-label="上一级 CA管理">CA管理</a>
    <span class="sep">&gt;</span>
    <span><xsl:value-of select="$here"/></span>
  </xsl:template>

  <xsl:template match="cert" mode="info">
    <dl class="info-grid cert-info">
      <xsl:if test="normalize-space(uscc) != ''">
        <div class="info-item"><dt class="info-label">统一社会信用代码</dt><dd class="info-value mono"><xsl:value-of select="uscc"/></dd></div>
      </xsl:if>
      <div class="info-item"><dt class="info-label">持锁人</dt><dd class="info-value"><xsl:value-of select="holder"/></dd></div>
      <div class="info-item"><dt class="info-label">证书类型</dt><dd class="info-value">
        <xsl:call-template name="cert-type"><xsl:with-param name="code" select="@type"/></xsl:call-template>
      </dd></div>
      <div class="info-item"><dt class="info-label">证书厂商</dt><dd class="info-value"><xsl:value-of select="vendor"/></dd></div>
      <div class="info-item"><dt class="info-label">锁类型</dt><dd class="info-value">
        <xsl:call-template name="lock-type"><xsl:with-param name="code" select="@lock"/></xsl:call-template>
      </dd></div>
      <div class="info-item"><dt class="info-label">介质服务商</dt><dd class="info-value"><xsl:value-of select="media_vendor"/></dd></div>
      <div class="info-item"><dt class="info-label">数字证书(CA)锁序列号</dt><dd class="info-value mono"><xsl:value-of select="key_serial"/></dd></div>
      <div class="info-item"><dt class="info-label">证书序列号</dt><dd class="info-value mono"><xsl:value-of select="serial"/></dd></div>
      <div class="info-item"><dt class="info-label">首次申请时间</dt><dd class="info-value"><xsl:value-of select="applied"/></dd></div>
      <div class="info-item"><dt class="info-label">证书有效期至</dt><dd class="info-value"><xsl:value-of select="not_after"/></dd></div>
      <div class="info-item"><dt class="info-label">状态</dt><dd class="info-value">
        <xsl:call-template name="cert-status"><xsl:with-param name="code" select="@status"/></xsl:call-template>
      </dd></div>
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

  <xsl:template match="cert/error">
    <div class="alert alert-error" role="alert">
      <xsl:choose>
        <xsl:when test="@code = 'state'">该证书当前不是有效状态(已注销、已过期或补办中)，不能执行此操作</xsl:when>
        <xsl:when test="@code = 'platform'">请选择一个尚未关联的平台</xsl:when>
        <xsl:when test="@code = 'reason'">请填写注销原因(1-200个字)</xsl:when>
        <xsl:when test="@code = 'password'">登录密码不正确，证书未注销</xsl:when>
        <xsl:when test="@code = 'refused'">CA系统未能注销该证书，请联系办理点处理</xsl:when>
        <xsl:otherwise>操作未完成，请重试</xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template match="cert/notice">
    <xsl:if test="@code = 'linked'">
      <div class="alert alert-success" role="status">已新增关联平台</div>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
