<?xml version="1.0" encoding="UTF-8"?>
<!--
  cert-view.xsl: /certs/view?id=N, 查看详情 of one certificate: every
  field, its linked platforms and status, and the actions that apply.
  Input: <cert mode="view"> as described in cert-common.xsl.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="cert-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">证书详情</xsl:template>

  <xsl:template match="page" mode="crumbs">
    <xsl:call-template name="cert-crumbs">
      <xsl:with-param name="here" select="'查看详情'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:apply-templates select="cert/notice"/>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">数字证书(CA)信息</h1>
      </header>
      <div class="card-body">
        <xsl:apply-templates select="cert" mode="info"/>
        <div class="actions">
          <a class="btn btn-default" href="/certs">返回列表</a>
          <xsl:if test="cert/@active = '1'">
            <a class="btn btn-default" href="/certs/platform?id={cert/@id}">新增平台</a>
            <a class="btn btn-primary" href="/reissue?cert={cert/@id}">CA补办</a>
            <a class="btn btn-danger" href="/certs/revoke?id={cert/@id}">注销</a>
          </xsl:if>
        </div>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
