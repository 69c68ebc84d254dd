<?xml version="1.0" encoding="UTF-8"?>
<!--
  register.xsl: /register, 注册账号, in two steps (like reset.xsl): a code
  by SMS to the number first, then code, name and password.

  Input:
    <page name="register">
      <csrf>TOKEN</csrf>
      <register step="request|verify">
        <mobile>…</mobile>?  <name>…</name>?   refill after an error
        <error code="CODE"/>?  mobile, code, name, password_rules,
                               password_mismatch, agree_required,
                               mobile_taken, rate_limited
        <notice code="code_sent"/>?
      </register>
    </page>
  Forms: POST /register  step=request, mobile, csrf
         POST /register  step=verify, mobile, code, name, password,
                         password2, agree=1, csrf
  The notice reads the same whether or not the number is registered.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">注册账号</xsl:template>

  <xsl:template match="page" mode="body">
    <div class="narrow">
      <section class="card">
        <div class="card-header"><h1 class="card-title">注册账号</h1></div>
        <div class="card-body">
          <div class="steps">
            <div class="step is-done">
              <span class="step-num">1</span><span class="step-label">获取验证码</span>
            </div>
            <div>
              <xsl:attribute name="class">
                <xsl:text>step</xsl:text>
                <xsl:if test="register/@step = 'verify'"> is-active</xsl:if>
              </xsl:attribute>
              <span class="step-num">2</span><span class="step-label">填写账号信息</span>
            </div>
          </div>
          <xsl:if test="register/notice/@code = 'code_sent'">
            <div class="alert alert-success" role="status">短信已发送至该手机号，请查收验证码，10分钟内有效。如该手机号已注册，短信将提示您直接登录或找回密码。</div>
          </xsl:if>
          <xsl:apply-templates select="register/error"/>
          <xsl:choose>
            <xsl:when test="register/@step = 'verify'">
              <xsl:call-template name="verify-form"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="request-form"/>
            </xsl:otherwise>
          </xsl:choose>
          <p class="auth-switch">已有账号? <a href="/login">立即登录</a></p>
        </div>
      </section>
    </div>
  </xsl:template>

  <xsl:template name="mobile-field">
    <div class="field">
      <label class="field-label" for="mobile"><span class="req">*</span>手机号</label>
      <input class="input" id="mobile" name="mobile" type="tel"
          inputmode="numeric" autocomplete="username" maxlength="11"
          placeholder="请输入11位手机号">
        <xsl:if test="register/mobile">
          <xsl:attribute name="value"><xsl:value-of select="register/mobile"/></xsl:attribute>
        </xsl:if>
      </input>
      <p class="field-help">手机号将作为您的登录账号。</p>
    </div>
  </xsl:template>

  <xsl:template name="request-form">
    <form class="form" method="post" action="/register">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="step" value="request"/>
      <xsl:call-template name="mobile-field"/>
      <button class="btn btn-primary btn-block btn-lg" type="submit">获取验证码</button>
    </form>
  </xsl:template>

  <xsl:template name="verify-form">
    <form class="form" method="post" action="/register">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="step" value="verify"/>
      <xsl:call-template name="mobile-field"/>
      <div class="field">
        <label class="field-label" for="code"><span class="req">*</span>验证码</label>
        <input class="input" id="code" name="code" type="text" inputmode="numeric"
            autocomplete="one-time-code" maxlength="6" placeholder="请输入6位验证码"/>
        <p class="field-help">没有收到短信？<a href="/register">重新获取验证码</a></p>
      </div>
      <div class="field">
        <label class="field-label" for="name"><span class="req">*</span>姓名</label>
        <input class="input" id="name" name="name" type="text"
            autocomplete="name" maxlength="32" placeholder="请输入真实姓名">
          <xsl:if test="register/name">
            <xsl:attribute name="value"><xsl:value-of select="register/name"/></xsl:attribute>
          </xsl:if>
        </input>
      </div>
      <div class="field">
        <label class="field-label" for="password"><span class="req">*</span>密码</label>
        <input class="input" id="password" name="password" type="password"
            autocomplete="new-password" maxlength="64" placeholder="请输入密码"/>
        <p class="field-help">密码规则：8至64位，至少包含大写字母、小写字母、数字、特殊字符中的三种。</p>
      </div>
      <div class="field">
        <label class="field-label" for="password2"><span class="req">*</span>确认密码</label>
        <input class="input" id="password2" name="password2" type="password"
            autocomplete="new-password" maxlength="64" placeholder="请再次输入密码"/>
      </div>
      <div class="field check">
        <input class="check-input" id="agree" name="agree" type="checkbox" value="1"/>
        <label class="check-label" for="agree">
          <xsl:text>我已阅读并同意</xsl:text>
          <a href="/terms">《用户服务协议》</a>
          <a href="/privacy">《隐私政策》</a>
        </label>
      </div>
      <button class="btn btn-primary btn-block btn-lg" type="submit">注册</button>
    </form>
  </xsl:template>

  <xsl:template match="error">
    <div class="alert alert-error" role="alert">
      <xsl:choose>
        <xsl:when test="@code = 'mobile'">请输入正确的11位手机号</xsl:when>
        <xsl:when test="@code = 'code'">验证码错误或已过期，请重新获取</xsl:when>
        <xsl:when test="@code = 'name'">请输入姓名（1至32个字）</xsl:when>
        <xsl:when test="@code = 'password_rules'">密码不符合规则：8至64位，至少包含大写字母、小写字母、数字、特殊字符中的三种</xsl:when>
        <xsl:when test="@code = 'password_mismatch'">两次输入的密码不一致</xsl:when>
        <xsl:when test="@code = 'agree_required'">请先阅读并同意《用户服务协议》《隐私政策》</xsl:when>
        <xsl:when test="@code = 'mobile_taken'">该手机号已注册，请直接登录或找回密码</xsl:when>
        <xsl:when test="@code = 'rate_limited'">操作过于频繁，请稍后再试</xsl:when>
        <xsl:otherwise>注册失败，请检查后重试</xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

</xsl:stylesheet>
