<?xml version="1.0" encoding="UTF-8"?>
<!--
  centre.xsl: the personal centre (个人中心) frame on top of layout.xsl:
  the tab bar 个人信息 | 企业信息 | 人员管理 | CA管理 | 订单管理 | 发票管理
  (人员管理 only for administrators) above the page's own content, plus
  the Chinese names of certificate codes used by several pages.  Not a
  page stylesheet itself: me.xsl, company.xsl, staff.xsl, certs.xsl and
  cert-*.xsl import it and supply

      <xsl:template match="page" mode="title">…</xsl:template>
      <xsl:template match="page" mode="centre">…content…</xsl:template>

  Input added by fcgi/centre.c (centre_doc) to every such page:

    <centre tab="me|company|staff|certs|orders|invoices"
            admin="0|1"  personal="0|1"/>

  Helpers:
    <xsl:call-template name="cert-type">    个人证书 / 企业证书
    <xsl:call-template name="lock-type">    单位(机构)主锁 / 项目负责人锁 /
                                            造价师锁 / 个人锁
    <xsl:call-template name="cert-status">  badge 有效 / 补办中 / 已注销 /
                                            已过期
      (each takes param "code")
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="centre"/>

  <xsl:template match="page" mode="body">
    <div class="centre">
      <!-- Each tab is written out whole, current or not: one test per
           tab (a named template with parameters cost three times as
           much, on every page of the centre). -->
      <xsl:variable name="tab" select="string(centre/@tab)"/>
      <nav class="tabs centre-tabs" aria-label="个人中心">
        <xsl:choose>
          <xsl:when test="$tab = 'me'"><a href="/me" class="tab is-active" aria-current="page">个人信息</a></xsl:when>
          <xsl:otherwise><a href="/me" class="tab">个人信息</a></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="$tab = 'company'"><a href="/company" class="tab is-active" aria-current="page">企业信息</a></xsl:when>
          <xsl:otherwise><a href="/company" class="tab">企业信息</a></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="centre/@admin = '1'">
          <xsl:choose>
            <xsl:when test="$tab = 'staff'"><a href="/staff" class="tab is-active" aria-current="page">人员管理</a></xsl:when>
            <xsl:otherwise><a href="/staff" class="tab">人员管理</a></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="$tab = 'certs'"><a href="/certs" class="tab is-active" aria-current="page">CA管理</a></xsl:when>
          <xsl:otherwise><a href="/certs" class="tab">CA管理</a></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="$tab = 'orders'"><a href="/orders" class="tab is-active" aria-current="page">订单管理</a></xsl:when>
          <xsl:otherwise><a href="/orders" class="tab">订单管理</a></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="$tab = 'invoices'"><a href="/invoices" class="tab is-active" aria-current="page">发票管理</a></xsl:when>
          <xsl:otherwise><a href="/invoices" class="tab">发票管理</a></xsl:otherwise>
        </xsl:choose>
      </nav>
      <xsl:apply-templates select="." mode="centre"/>
    </div>
  </xsl:template>

  <xsl:template name="cert-type">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'company'">企业证书</xsl:when>
      <xsl:otherwise>个人证书</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="lock-type">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'company_master'">单位(机构)主锁</xsl:when>
      <xsl:when test="$code = 'project_lead'">项目负责人锁</xsl:when>
      <xsl:when test="$code = 'cost_engineer'">造价师锁</xsl:when>
      <xsl:otherwise>个人锁</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="cert-status">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'valid'">
        <span class="badge badge-success">有效</span>
      </xsl:when>
      <xsl:when test="$code = 'reissuing'">
        <span class="badge badge-warning">补办中</span>
      </xsl:when>
      <xsl:when test="$code = 'revoked'">
        <span class="badge badge-danger">已注销</span>
      </xsl:when>
      <xsl:otherwise>
        <span class="badge badge-muted">已过期</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One labelled input with its error message (企业信息, 支付). -->
  <xsl:template name="field">
    <xsl:param name="f"/>
    <xsl:param name="label"/>
    <xsl:param name="req" select="0"/>
    <xsl:param name="max"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="wide" select="0"/>
    <xsl:param name="help"/>
    <xsl:param name="msg"/>
    <xsl:variable name="id" select="concat('f-', local-name($f))"/>
    <div>
      <xsl:attribute name="class">
        <xsl:text>field</xsl:text>
        <xsl:if test="$wide = 1"> field-wide</xsl:if>
        <xsl:if test="$f/@bad = '1'"> is-invalid</xsl:if>
      </xsl:attribute>
      <label class="field-label" for="{$id}">
        <xsl:if test="$req = 1"><span class="req">*</span></xsl:if>
        <xsl:value-of select="$label"/>
      </label>
      <input class="input" id="{$id}" name="{local-name($f)}" type="{$type}"
          maxlength="{$max}" value="{$f}">
        <xsl:if test="$req = 1">
          <xsl:attribute name="required">required</xsl:attribute>
        </xsl:if>
        <xsl:if test="$f/@bad = '1'">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
        </xsl:if>
      </input>
      <xsl:choose>
        <xsl:when test="$f/@bad = '1'">
          <p class="field-error"><xsl:value-of select="$msg"/></p>
        </xsl:when>
        <xsl:when test="$help">
          <p class="field-help"><xsl:value-of select="$help"/></p>
        </xsl:when>
      </xsl:choose>
    </div>
  </xsl:template>

</xsl:stylesheet>
