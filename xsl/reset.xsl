<?xml version="1.0" encoding="UTF-8"?>
<!--
  reset.xsl: /password/reset, 忘记密码, in two steps.

  Input:
    <page name="reset">
      <csrf>TOKEN</csrf>
      <reset step="request|verify">
        <mobile>…</mobile>?
        <error code="CODE"/>?    mobile, code, password_rules,
                                 password_mismatch
        <notice code="code_sent"/>?
      </reset>
    </page>
  Forms: POST /password/reset  step=request, mobile, csrf
         POST /password/reset  step=verify, mobile, code, password,
                               password2, csrf
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">找回密码</xsl:template>

  <xsl:template match="page" mode="body">
    <div class="narrow">
      <section class="card">
        <div class="card-header"><h1 class="card-title">找回密码</h1></div>
        <div class="card-body">
          <div class="steps">
            <div class="step is-done">
              <span class="step-num">1</span><span class="step-label">获取验证码</span>
            </div>
            <div>
              <xsl:attribute name="class">
                <xsl:text>step</xsl:text>
                <xsl:if test="reset/@step = 'verify'"> is-active</xsl:if>
              </xsl:attribute>
              <span class="step-num">2</span><span class="step-label">设置新密码</span>
            </div>
          </div>
          <xsl:if test="reset/notice/@code = 'code_sent'">
            <div class="alert alert-success" role="status">如该手机号已注册，验证码已发送，10分钟内有效。</div>
          </xsl:if>
          <xsl:apply-templates select="reset/error"/>
          <xsl:choose>
            <xsl:when test="reset/@step = 'verify'">
              <xsl:call-template name="verify-form"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="request-form"/>
            </xsl:otherwise>
          </xsl:choose>
          <p class="auth-switch"><a href="/login">返回登录</a></p>
        </div>
      </section>
    </div>
  </xsl:template>

  <xsl:template name="mobile-field">
    <div class="field">
      <label class="field-label" for="mobile"><span class="req">*</span>手机号</label>
      <input class="input" id="mobile" name="mobile" type="tel"
          inputmode="numeric" autocomplete="username" maxlength="11"
          placeholder="请输入注册时的手机号">
        <xsl:if test="reset/mobile">
          <xsl:attribute name="value"><xsl:value-of select="reset/mobile"/></xsl:attribute>
        </xsl:if>
      </input>
    </div>
  </xsl:template>

  <xsl:template name="request-form">
    <form class="form" method="post" action="/password/reset">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="step" value="request"/>
      <xsl:call-template name="mobile-field"/>
      <button class="btn btn-primary btn-block btn-lg" type="submit">获取验证码</button>
    </form>
  </xsl:template>

  <xsl:template name="verify-form">
    <form class="form" method="post" action="/password/reset">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="step" value="verify"/>
      <xsl:call-template name="mobile-field"/>
      <div class="field">
        <label class="field-label" for="code"><span class="req">*</span>验证码</label>
        <input class="input" id="code" name="code" type="text" inputmode="numeric"
            autocomplete="one-time-code" maxlength="6" placeholder="请输入6位验证码"/>
      </div>
      <div class="field">
        <label class="field-label" for="password"><span class="req">*</span>新密码</label>
        <input class="input" id="password" name="password" type="password"
            autocomplete="new-password" maxlength="64" placeholder="请输入新密码"/>
        <p class="field-help">密码规则：8至64位，至少包含大写字母、小写字母、数字、特殊字符中的三种。</p>
      </div>
      <div class="field">
        <label class="field-label" for="password2"><span class="req">*</span>确认新密码</label>
        <input class="input" id="password2" name="password2" type="password"
            autocomplete="new-password" maxlength="64" placeholder="请再次输入新密码"/>
      </div>
      <button class="btn btn-primary btn-block btn-lg" type="submit">重置密码</button>
    </form>
  </xsl:template>

  <xsl:template match="error">
    <div class="alert alert-error" role="alert">
      <xsl:choose>
        <xsl:when test="@code = 'mobile'">请输入正确的11位手机号</xsl:when>
        <xsl:when test="@code = 'code'">验证码错误或已过期，请重新获取</xsl:when>
        <xsl:when test="@code = 'password_rules'">密码不符合规则：8至64位，至少包含大写字母、小写字母、数字、特殊字符中的三种</xsl:when>
        <xsl:when test="@code = 'password_mismatch'">两次输入的密码不一致</xsl:when>
        <xsl:otherwise>操作失败，请重试</xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

</xsl:stylesheet>
