<?xml version="1.0" encoding="UTF-8"?>
<!--
  login.xsl: /login, the two ways in (账号登录 and CA登录).

  Input (the frame elements are described in layout.xsl):

    <page name="login">
      <site><name>辽宁省网联综合服务平台</name></site>
      <csrf>TOKEN</csrf>                  optional; hidden field "csrf"
      <login tab="password|ca">           anything but "ca" shows 账号登录
        <mobile>13800000000</mobile>      optional; refills the mobile field
        <error code="CODE"/>              optional; one of bad_credentials,
                                          agree_required, locked,
                                          cert_missing, cert_revoked,
                                          cert_unknown, cert_invalid, csrf,
                                          rate_limited
                                          (anything else: generic message)
        <notice code="CODE"/>             optional; logged_out,
                                          password_reset, registered
      </login>
    </page>

  Forms it produces:
    POST /login     mobile, password, agree=1 (checkbox), csrf
    POST /login/ca  agree=1 (checkbox), csrf
  Links: /login, /login?tab=ca, /password/reset, /register, /terms,
  /privacy.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">
    <xsl:choose>
      <xsl:when test="login/@tab = 'ca'">CA登录</xsl:when>
      <xsl:otherwise>账号登录</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="body">
    <xsl:variable name="ca" select="login/@tab = 'ca'"/>
    <div class="auth">
      <section class="auth-intro" aria-labelledby="auth-intro-title">
        <p class="auth-kicker">CA互联互通(辽宁版)</p>
        <h1 id="auth-intro-title" class="auth-intro-title">
          <xsl:value-of select="site/name"/>
        </h1>
        <ul class="auth-points">
          <li>为您提供专业的招标采购学习、培训课程</li>
          <li>为您提供便捷、安全、有效的数字证书产品和服务</li>
        </ul>
        <p class="auth-intro-note">数字证书丢失或损坏？登录后在“CA管理”中申请 CA补办。</p>
      </section>

      <section class="auth-card card" aria-labelledby="auth-title">
        <h2 id="auth-title" class="auth-title">欢迎登录</h2>

        <nav class="tabs tabs-fill" aria-label="登录方式">
          <a href="/login">
            <xsl:attribute name="class">
              <xsl:text>tab</xsl:text>
              <xsl:if test="not($ca)"> is-active</xsl:if>
            </xsl:attribute>
            <xsl:if test="not($ca)">
              <xsl:attribute name="aria-current">page</xsl:attribute>
            </xsl:if>
            <xsl:text>账号登录</xsl:text>
          </a>
          <a href="/login?tab=ca">
            <xsl:attribute name="class">
              <xsl:text>tab</xsl:text>
              <xsl:if test="$ca"> is-active</xsl:if>
            </xsl:attribute>
            <xsl:if test="$ca">
              <xsl:attribute name="aria-current">page</xsl:attribute>
            </xsl:if>
            <xsl:text>CA登录</xsl:text>
          </a>
        </nav>

        <xsl:apply-templates select="login/notice"/>
        <xsl:apply-templates select="login/error"/>

        <xsl:choose>
          <xsl:when test="$ca">
            <xsl:call-template name="ca-form"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="password-form"/>
          </xsl:otherwise>
        </xsl:choose>

        <p class="auth-switch">
          <xsl:text>没有账号? </xsl:text>
          <a href="/register">注册账号</a>
        </p>
      </section>
    </div>
  </xsl:template>

  <!-- 账号登录 -->
  <xsl:template name="password-form">
    <form class="form auth-form" method="post" action="/login">
      <xsl:call-template name="csrf-field"/>
      <div class="field">
        <label class="sr-only" for="mobile">手机号</label>
        <div class="input-icon input-icon-user">
          <input class="input" id="mobile" name="mobile" type="tel"
              inputmode="numeric" autocomplete="username" maxlength="20"
              placeholder="请输入手机号">
            <xsl:if test="login/mobile">
              <xsl:attribute name="value">
                <xsl:value-of select="login/mobile"/>
              </xsl:attribute>
            </xsl:if>
            <xsl:if test="login/error/@code = 'bad_credentials'">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
            </xsl:if>
          </input>
        </div>
      </div>
      <div class="field">
        <label class="sr-only" for="password">密码</label>
        <div class="input-icon input-icon-lock">
          <input class="input" id="password" name="password" type="password"
              autocomplete="current-password" maxlength="128"
              placeholder="请输入密码">
            <xsl:if test="login/error/@code = 'bad_credentials'">
              <xsl:attribute name="aria-invalid">true</xsl:attribute>
            </xsl:if>
          </input>
        </div>
      </div>
      <div class="field-row field-row-end">
        <a class="link-muted" href="/password/reset">忘记密码?</a>
      </div>
      <xsl:call-template name="agree"/>
      <button class="btn btn-primary btn-block btn-lg" type="submit">登录</button>
    </form>
  </xsl:template>

  <!-- CA登录 -->
  <xsl:template name="ca-form">
    <form class="form auth-form" method="post" action="/login/ca">
      <xsl:call-template name="csrf-field"/>
      <div class="ca-hint">
        <img class="ca-hint-img" src="/static/img/usbkey.svg" alt=""
            width="120" height="90"/>
        <div class="ca-hint-text">
          <p class="ca-hint-lead">请插入CA数字证书(USB Key)，浏览器将提示选择证书</p>
          <p class="ca-hint-sub">请选择您的单位(机构)主锁、项目负责人锁或个人锁对应的证书。已注销的证书不能用于登录。</p>
        </div>
      </div>
      <xsl:call-template name="agree"/>
      <button class="btn btn-primary btn-block btn-lg" type="submit">使用CA证书登录</button>
    </form>
  </xsl:template>

  <!-- The agreement checkbox both forms carry. -->
  <xsl:template name="agree">
    <div class="field check">
      <xsl:if test="login/error/@code = 'agree_required'">
        <xsl:attribute name="class">field check is-invalid</xsl:attribute>
      </xsl:if>
      <input class="check-input" id="agree" name="agree" type="checkbox" value="1"/>
      <label class="check-label" for="agree">
        <xsl:text>我已阅读并同意</xsl:text>
        <a href="/terms">《用户服务协议》</a>
        <a href="/privacy">《隐私政策》</a>
      </label>
    </div>
  </xsl:template>

  <xsl:template match="error">
    <div class="alert alert-error" role="alert">
      <xsl:choose>
        <xsl:when test="@code = 'bad_credentials'">手机号或密码错误</xsl:when>
        <xsl:when test="@code = 'agree_required'">请先阅读并同意《用户服务协议》《隐私政策》</xsl:when>
        <xsl:when test="@code = 'locked'">登录失败次数过多，账号已暂时锁定，请稍后再试</xsl:when>
        <xsl:when test="@code = 'cert_missing'">未检测到有效的CA数字证书</xsl:when>
        <xsl:when test="@code = 'cert_revoked'">该CA数字证书已注销，不能用于登录</xsl:when>
        <xsl:when test="@code = 'cert_unknown'">该CA数字证书未绑定账号</xsl:when>
        <xsl:when test="@code = 'cert_invalid'">该CA数字证书无效或不是本平台签发的证书，请更换证书后重试</xsl:when>
        <xsl:when test="@code = 'csrf'">页面已过期，请刷新后重试</xsl:when>
        <xsl:when test="@code = 'rate_limited'">操作过于频繁，请稍后再试</xsl:when>
        <xsl:otherwise>登录失败，请重试</xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template match="notice">
    <xsl:variable name="text">
      <xsl:choose>
        <xsl:when test="@code = 'logged_out'">您已安全退出</xsl:when>
        <xsl:when test="@code = 'password_reset'">密码已重置，请使用新密码登录</xsl:when>
        <xsl:when test="@code = 'registered'">注册成功，请登录</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="string($text) != ''">
      <div class="alert alert-success" role="status">
        <xsl:value-of select="$text"/>
      </div>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
