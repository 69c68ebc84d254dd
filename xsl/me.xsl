<?xml version="1.0" encoding="UTF-8"?>
<!--
  me.xsl: /me, 个人信息 — the person's name (editable), mobile (the login,
  read-only) and identities (关联公司及身份).

  Input (frame elements: layout.xsl; <centre>: centre.xsl):

    <me>
      <name>张演示</name>               stored name
      <value>张演示</value>             what the name field shows (the
                                        typed text after a refusal)
      <mobile>13900000001</mobile>
      <error code="name"/>              optional
      <notice code="saved"/>            optional
      <identities>
        <identity company="…" uscc="…" role="admin" current="1"/> …
      </identities>
    </me>

  Form: POST /me  name, csrf.   Link: /identity (选择身份).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="centre.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">个人信息</xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:if test="me/notice/@code = 'saved'">
      <div class="alert alert-success" role="status">个人信息已保存</div>
    </xsl:if>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">个人信息</h1>
      </header>
      <div class="card-body">
        <form class="form form-narrow" method="post" action="/me">
          <xsl:call-template name="csrf-field"/>
          <div class="field">
            <label class="field-label" for="mobile">手机号(登录账号)</label>
            <input class="input" id="mobile" type="text" readonly="readonly"
                value="{me/mobile}"/>
            <p class="field-help">手机号是您的登录账号，不能在此修改。</p>
          </div>
          <div class="field">
            <xsl:if test="me/error/@code = 'name'">
              <xsl:attribute name="class">field is-invalid</xsl:attribute>
            </xsl:if>
            <label class="field-label" for="name"><span class="req">*</span>姓名</label>
            <input class="input" id="name" name="name" type="text"
                maxlength="32" required="required" autocomplete="name"
                value="{me/value}">
              <xsl:if test="me/error/@code = 'name'">
                <xsl:attribute name="aria-invalid">true</xsl:attribute>
                <xsl:attribute name="aria-describedby">name-error</xsl:attribute>
              </xsl:if>
            </input>
            <xsl:if test="me/error/@code = 'name'">
              <p class="field-error" id="name-error">请输入姓名(1-32个字，不能只有空格)</p>
            </xsl:if>
          </div>
          <div class="actions">
            <button class="btn btn-primary" type="submit">保存</button>
          </div>
        </form>
      </div>
    </section>

    <section class="card">
      <header class="card-header">
        <h2 class="card-title">关联公司及身份</h2>
        <a class="btn btn-default btn-sm" href="/identity">选择身份</a>
      </header>
      <div class="card-body">
        <div class="table-wrap card-wrap">
          <table class="table card-table me-table">
            <thead>
              <tr><th scope="col">公司</th><th scope="col">统一社会信用代码</th><th scope="col">身份</th><th scope="col">当前</th></tr>
            </thead>
            <tbody>
              <xsl:for-each select="me/identities/identity">
                <tr>
                  <td data-label="公司">
                    <xsl:choose>
                      <xsl:when test="normalize-space(@company) != ''">
                        <xsl:value-of select="@company"/>
                      </xsl:when>
                      <xsl:otherwise><span class="muted">(个人)</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td class="mono" data-label="统一社会信用代码">
                    <xsl:choose>
                      <xsl:when test="normalize-space(@uscc) != ''"><xsl:value-of select="@uscc"/></xsl:when>
                      <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                  <td data-label="身份">
                    <xsl:call-template name="role-name">
                      <xsl:with-param name="role" select="@role"/>
                    </xsl:call-template>
                  </td>
                  <td data-label="当前">
                    <xsl:choose>
                      <xsl:when test="@current = '1'"><span class="badge badge-info">当前身份</span></xsl:when>
                      <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
