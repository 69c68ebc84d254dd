<?xml version="1.0" encoding="UTF-8"?>
<!--
  elsewhere.xsl: /certs/apply?service=CODE, behind CA管理's buttons
  CA主锁申请, CA个人锁申请, CA延期年检 and 更新数字证书 (图1).  Says which
  application it is, that this platform handles 补办 only, and where the
  application is made: each office with its address and its web address,
  or, when none is configured, that it is made at the office in person.

  Input (frame: layout.xsl; <centre>: centre.xsl):

    <elsewhere service="master|personal|renewal|update">
      <office code="shenyang">
        <name>沈阳办理点</name> <address>…</address>
        <url>https://…</url>                 only when configured
      </office> …
    </elsewhere>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="centre.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template name="service-name">
    <xsl:choose>
      <xsl:when test="elsewhere/@service = 'master'">CA主锁申请</xsl:when>
      <xsl:when test="elsewhere/@service = 'personal'">CA个人锁申请</xsl:when>
      <xsl:when test="elsewhere/@service = 'renewal'">CA延期年检</xsl:when>
      <xsl:otherwise>更新数字证书</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="title">
    <xsl:call-template name="service-name"/>
  </xsl:template>

  <xsl:template match="page" mode="crumbs">
    <a href="/certs" aria-label="上一级 CA管理">CA管理</a>
    <span class="sep">&gt;</span>
    <span><xsl:call-template name="service-name"/></span>
  </xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="name">
      <xsl:call-template name="service-name"/>
    </xsl:variable>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title"><xsl:value-of select="$name"/></h1>
      </header>
      <div class="card-body">
        <p>
          <xsl:choose>
            <xsl:when test="elsewhere/@service = 'master'">CA主锁申请：为单位(机构)新办单位(机构)主锁。</xsl:when>
            <xsl:when test="elsewhere/@service = 'personal'">CA个人锁申请：为项目负责人、授权委托人、造价师等个人新办CA锁。</xsl:when>
            <xsl:when test="elsewhere/@service = 'renewal'">CA延期年检：数字证书到期前办理延期和年检。</xsl:when>
            <xsl:otherwise>更新数字证书：单位或个人信息变更后更新数字证书。</xsl:otherwise>
          </xsl:choose>
        </p>
        <div class="alert alert-info" role="note">
          <span class="alert-title">本平台只办理CA数字证书补办</span>
          本平台只办理证书丢失或损坏后的补办，不办理<xsl:value-of select="$name"/>。请按下列办理点的方式申请。
        </div>
        <xsl:for-each select="elsewhere/office">
          <section class="office-apply" aria-labelledby="office-{@code}">
            <h2 class="office-apply-name" id="office-{@code}"><xsl:value-of select="name"/></h2>
            <dl class="info-grid">
              <div class="info-item info-item-wide"><dt class="info-label">地址</dt><dd class="info-value"><xsl:value-of select="address"/></dd></div>
              <div class="info-item info-item-wide"><dt class="info-label">申请方式</dt><dd class="info-value">
                <xsl:choose>
                  <xsl:when test="url">
                    <a href="{url}" rel="noopener noreferrer external"><xsl:value-of select="name"/>网上申请</a>
                    <span class="muted office-url"><xsl:value-of select="url"/></span>
                  </xsl:when>
                  <xsl:otherwise>暂未开通网上申请，请到<xsl:value-of select="name"/>现场办理。</xsl:otherwise>
                </xsl:choose>
              </dd></div>
            </dl>
          </section>
        </xsl:for-each>
        <div class="actions">
          <a class="btn btn-default" href="/certs">返回CA管理</a>
        </div>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
