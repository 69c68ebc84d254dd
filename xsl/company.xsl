<?xml version="1.0" encoding="UTF-8"?>
<!--
  company.xsl: /company, 企业信息 of the chosen identity's company (also
  the invoice header later): 单位名称, 统一社会信用代码, 地址, 电话, 开户行,
  开户行账号.  Administrators edit; everyone else reads.

  Input (frame: layout.xsl; <centre>: centre.xsl):

    <company personal="1"/>              the 个人 identity: no company
    <company editable="0|1">
      <notice code="saved"/>             optional
      <error code="uscc_taken"/>         optional, form-wide
      <name bad="1" stored="…">…</name>  value to show; bad marks a refused
      <uscc/> <address/> <phone/>        field; stored (after a refusal) is
      <bank/> <bank_account/>            the value in the database
    </company>

  Form: POST /company  name, uscc, address, phone, bank, bank_account, csrf.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="centre.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">企业信息</xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="co" select="company"/>
    <xsl:if test="$co/notice/@code = 'saved'">
      <div class="alert alert-success" role="status">企业信息已保存</div>
    </xsl:if>
    <xsl:if test="$co/*[@bad = '1']">
      <div class="alert alert-error" role="alert">
        <span class="alert-title">企业信息未保存</span>
        <xsl:choose>
          <xsl:when test="$co/error/@code = 'uscc_taken'">该统一社会信用代码已被其他企业使用，请核对。</xsl:when>
          <xsl:otherwise>请按提示修改标红的项目后重新保存。</xsl:otherwise>
        </xsl:choose>
      </div>
    </xsl:if>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">企业信息</h1>
        <xsl:if test="$co/@editable = '0'">
          <span class="muted">仅管理员可修改企业信息</span>
        </xsl:if>
      </header>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="$co/@personal = '1'">
            <div class="empty">
              <p>个人身份无企业信息</p>
              <p class="muted">如需查看或维护企业信息，请<a href="/identity">切换到企业身份</a>。</p>
            </div>
          </xsl:when>
          <xsl:when test="$co/@editable = '1'">
            <xsl:apply-templates select="$co" mode="form"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="$co" mode="read"/>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="company" mode="read">
    <dl class="info-grid">
      <div class="info-item"><dt class="info-label">单位名称</dt><dd class="info-value"><xsl:value-of select="name"/></dd></div>
      <div class="info-item"><dt class="info-label">统一社会信用代码</dt><dd class="info-value mono"><xsl:value-of select="uscc"/></dd></div>
      <div class="info-item info-item-wide"><dt class="info-label">地址</dt><dd class="info-value"><xsl:value-of select="address"/></dd></div>
      <div class="info-item"><dt class="info-label">电话</dt><dd class="info-value"><xsl:value-of select="phone"/></dd></div>
      <div class="info-item"><dt class="info-label">开户行</dt><dd class="info-value"><xsl:value-of select="bank"/></dd></div>
      <div class="info-item"><dt class="info-label">开户行账号</dt><dd class="info-value mono"><xsl:value-of select="bank_account"/></dd></div>
    </dl>
  </xsl:template>

  <xsl:template match="company" mode="form">
    <form class="form" method="post" action="/company">
      <xsl:call-template name="csrf-field"/>
      <div class="form-grid">
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="name"/>
          <xsl:with-param name="label" select="'单位名称'"/>
          <xsl:with-param name="req" select="1"/>
          <xsl:with-param name="max" select="128"/>
          <xsl:with-param name="msg" select="'请输入单位名称(1-128个字)'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="uscc"/>
          <xsl:with-param name="label" select="'统一社会信用代码'"/>
          <xsl:with-param name="req" select="1"/>
          <xsl:with-param name="max" select="18"/>
          <xsl:with-param name="help" select="'18位，由数字和大写字母组成，最后一位为校验码'"/>
          <xsl:with-param name="msg" select="'统一社会信用代码不正确，请核对18位代码(含最后一位校验码)'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="address"/>
          <xsl:with-param name="label" select="'地址'"/>
          <xsl:with-param name="max" select="256"/>
          <xsl:with-param name="wide" select="1"/>
          <xsl:with-param name="msg" select="'地址不能超过256个字'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="phone"/>
          <xsl:with-param name="label" select="'电话'"/>
          <xsl:with-param name="max" select="32"/>
          <xsl:with-param name="type" select="'tel'"/>
          <xsl:with-param name="msg" select="'电话格式不正确(5-32位数字，可含 + - 空格 括号)'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="bank"/>
          <xsl:with-param name="label" select="'开户行'"/>
          <xsl:with-param name="max" select="128"/>
          <xsl:with-param name="msg" select="'开户行不能超过128个字'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="f" select="bank_account"/>
          <xsl:with-param name="label" select="'开户行账号'"/>
          <xsl:with-param name="max" select="64"/>
          <xsl:with-param name="msg" select="'开户行账号格式不正确(6-64位数字，可含空格和-)'"/>
        </xsl:call-template>
      </div>
      <div class="actions">
        <button class="btn btn-primary" type="submit">保存</button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
