<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl: the shared frame of every HTML page (head, top bar, main
  area, footer).  Page stylesheets do

      <xsl:import href="layout.xsl"/>
      <xsl:template match="page" mode="title">页面标题</xsl:template>
      <xsl:template match="page" mode="body"> ...content... </xsl:template>

  and nothing else is required; this file supplies the root template.

  Input document (built by fcgi/xml.c and the handlers):

    <page name="login|error|...">          name: page code, becomes the
                                           body class "page-NAME"
      <site><name>辽宁省网联综合服务平台</name></site>
      <user>                               optional; absent when anonymous
        <name>张三</name>
        <identity company="某某建设有限公司" role="admin"/>
                                           optional; role is one of
                                           admin | project_lead |
                                           cost_engineer | personal
                                           (company absent for personal)
      </user>
      <operator name="钱办理">沈阳办理点</operator>
                                           optional (operator pages): the
                                           header names the office instead
                                           of an identity, no 切换身份
      <csrf>TOKEN</csrf>                   optional; used by the 退出 form
                                           and by every page form through
                                           the named template "csrf-field"
      ...page-specific element...
    </page>

  Helpers for page stylesheets:
    <xsl:call-template name="csrf-field"/>   hidden input "csrf" (if any)
    <xsl:call-template name="role-name">     Chinese name of a role code
      <xsl:with-param name="role" select="@role"/>
    </xsl:call-template>

  Optional hooks a page stylesheet may override (defaults are empty):
    mode="crumbs"  breadcrumb content shown above the body (e.g. CA管理 > CA补办)

  House rules: every string reaches the output as a text node or an
  attribute value (escaped by the serializer); escaping is never switched off,
  no document(), no DTD, no script.  CSS classes live in
  static/css/app.css (see its header for the component list).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <!-- Default hooks: empty, so nothing of the input leaks through the
       built-in text templates. -->
  <xsl:template match="page" mode="title"/>
  <xsl:template match="page" mode="body"/>
  <xsl:template match="page" mode="crumbs"/>

  <xsl:template match="/">
    <xsl:variable name="title">
      <xsl:apply-templates select="page" mode="title"/>
    </xsl:variable>
    <xsl:variable name="site" select="normalize-space(page/site/name)"/>
    <xsl:variable name="crumbs">
      <xsl:apply-templates select="page" mode="crumbs"/>
    </xsl:variable>
    <html lang="zh-CN">
      <head>
        <!-- The one charset declaration: libxml2's HTML serializer adds
             this http-equiv form itself unless it is already there, so
             writing <meta charset> too would declare it twice. -->
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="referrer" content="same-origin"/>
        <title>
          <xsl:if test="normalize-space($title) != ''">
            <xsl:value-of select="normalize-space($title)"/>
            <xsl:text> - </xsl:text>
          </xsl:if>
          <xsl:value-of select="$site"/>
        </title>
        <link rel="stylesheet" href="/static/css/app.css"/>
        <link rel="icon" type="image/svg+xml" href="/static/img/logo.svg"/>
        <xsl:apply-templates select="page" mode="head"/>
      </head>
      <body class="page-{page/@name}">
        <a class="skip-link" href="#main">跳到主要内容</a>
        <header class="topbar">
          <div class="wrap topbar-inner">
            <a class="brand" href="/">
              <img class="brand-logo" src="/static/img/logo.svg" alt=""
                  width="40" height="40"/>
              <span class="brand-text">
                <span class="brand-name"><xsl:value-of select="$site"/></span>
                <span class="brand-sub">CA互联互通(辽宁版) · 数字证书服务</span>
              </span>
            </a>
            <xsl:apply-templates select="page/user"/>
            <!-- Home (/) is the login page for anonymous visitors: on
                 it, neither link would lead anywhere else. -->
            <xsl:if test="not(page/user) and page/@name != 'login'">
              <nav class="topnav" aria-label="站点导航">
                <a class="topnav-link" href="/">返回首页</a>
                <a class="btn btn-primary btn-sm" href="/login">登录</a>
              </nav>
            </xsl:if>
          </div>
        </header>
        <main id="main" class="main">
          <div class="wrap">
            <xsl:if test="normalize-space($crumbs) != ''">
              <nav class="crumbs" aria-label="当前位置">
                <xsl:apply-templates select="page" mode="crumbs"/>
              </nav>
            </xsl:if>
            <xsl:apply-templates select="page" mode="body"/>
          </div>
        </main>
        <footer class="footer">
          <div class="wrap">
            <div class="footer-offices">
              <section class="office">
                <h2 class="office-name">沈阳办理点</h2>
                <p class="office-addr">辽宁省沈阳市皇姑区北陵大街34号3号楼15层</p>
              </section>
              <section class="office">
                <h2 class="office-name">大连办理点</h2>
                <p class="office-addr">辽宁省大连市甘井子区和丰园18-6号</p>
              </section>
            </div>
            <div class="footer-bottom">
              <span>
                <xsl:text>© </xsl:text>
                <xsl:value-of select="$site"/>
              </span>
              <span class="footer-links">
                <a href="/terms">用户服务协议</a>
                <a href="/privacy">隐私政策</a>
              </span>
            </div>
          </div>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- Header slot of a signed-in user. -->
  <xsl:template match="user">
    <div class="usernav">
      <div class="usernav-who">
        <span class="avatar" aria-hidden="true">
          <xsl:value-of select="substring(normalize-space(name), 1, 1)"/>
        </span>
        <span class="usernav-text">
          <span class="usernav-name"><xsl:value-of select="name"/></span>
          <span class="usernav-identity">
            <xsl:choose>
              <xsl:when test="identity">
                <xsl:if test="normalize-space(identity/@company) != ''">
                  <span class="usernav-company">
                    <xsl:value-of select="identity/@company"/>
                  </span>
                  <xsl:text> · </xsl:text>
                </xsl:if>
                <xsl:call-template name="role-name">
                  <xsl:with-param name="role" select="identity/@role"/>
                </xsl:call-template>
              </xsl:when>
              <!-- The operators' pages (CA登录) work without one. -->
              <xsl:when test="/page/operator">
                <xsl:value-of select="/page/operator"/>
                <xsl:text> · 办理点审核员</xsl:text>
              </xsl:when>
              <xsl:otherwise>未选择身份</xsl:otherwise>
            </xsl:choose>
          </span>
        </span>
      </div>
      <div class="usernav-actions">
        <xsl:if test="not(/page/operator)">
          <a class="btn btn-default btn-sm" href="/identity">切换身份</a>
        </xsl:if>
        <form class="inline-form" method="post" action="/logout">
          <xsl:call-template name="csrf-field"/>
          <button class="btn btn-ghost btn-sm" type="submit">退出</button>
        </form>
      </div>
    </div>
  </xsl:template>

  <!-- Hidden CSRF field for any form, when the page has a token. -->
  <!-- Extra <head> elements of a page (e.g. a refresh); none by default. -->
  <xsl:template match="page" mode="head"/>

  <xsl:template name="csrf-field">
    <xsl:if test="/page/csrf">
      <input type="hidden" name="csrf" value="{/page/csrf}"/>
    </xsl:if>
  </xsl:template>

  <!-- Chinese name of a membership role code (fcgi/db/identity.c spelling). -->
  <xsl:template name="role-name">
    <xsl:param name="role"/>
    <xsl:choose>
      <xsl:when test="$role = 'admin'">管理员</xsl:when>
      <xsl:when test="$role = 'project_lead'">项目负责人或授权委托人</xsl:when>
      <xsl:when test="$role = 'cost_engineer'">造价师</xsl:when>
      <xsl:when test="$role = 'personal'">个人</xsl:when>
      <xsl:otherwise>未知身份</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
