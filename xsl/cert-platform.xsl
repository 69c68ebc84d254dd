<?xml version="1.0" encoding="UTF-8"?>
<!--
  cert-platform.xsl: /certs/platform?id=N, 新增平台: link the certificate
  to one more of the enabled platforms it is not linked to yet.
  Input: <cert mode="platform"> with <linkable>, see cert-common.xsl.
  Form: POST /certs/platform  id, platform, csrf.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="cert-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">新增平台</xsl:template>

  <xsl:template match="page" mode="crumbs">
    <xsl:call-template name="cert-crumbs">
      <xsl:with-param name="here" select="'新增平台'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="c" select="cert"/>
    <xsl:apply-templates select="$c/error"/>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">新增平台</h1>
      </header>
      <div class="card-body">
        <xsl:apply-templates select="$c" mode="info"/>
        <xsl:choose>
          <xsl:when test="$c/@active != '1'">
            <div class="actions">
              <a class="btn btn-default" href="/certs">返回列表</a>
            </div>
          </xsl:when>
          <xsl:when test="not($c/linkable/platform)">
            <p class="empty">该证书已关联全部平台</p>
            <div class="actions">
              <a class="btn btn-default" href="/certs/view?id={$c/@id}">返回</a>
            </div>
          </xsl:when>
          <xsl:otherwise>
            <form class="form platform-form" method="post" action="/certs/platform">
              <xsl:call-template name="csrf-field"/>
              <input type="hidden" name="id" value="{$c/@id}"/>
              <fieldset class="field">
                <legend class="field-label"><span class="req">*</span>选择要关联的平台</legend>
                <div class="radio-group">
                  <xsl:for-each select="$c/linkable/platform">
                    <label>
                      <input type="radio" name="platform" value="{@id}" required="required"/>
                      <xsl:value-of select="."/>
                    </label>
                  </xsl:for-each>
                </div>
              </fieldset>
              <div class="actions">
                <a class="btn btn-default" href="/certs/view?id={$c/@id}">取消</a>
                <button class="btn btn-primary" type="submit">确认关联</button>
              </div>
            </form>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
