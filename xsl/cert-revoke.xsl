<?xml version="1.0" encoding="UTF-8"?>
<!--
  cert-revoke.xsl: /certs/revoke?id=N, 注销: the confirm page.  The
  certificate is revoked at once by the CA and cannot be used again; the
  person confirms with a reason and their current login password.
  Input: <cert mode="revoke"> (optional <reason> refill), see
  cert-common.xsl.
  Form: POST /certs/revoke  id, reason, password, csrf.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="cert-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">注销证书</xsl:template>

  <xsl:template match="page" mode="crumbs">
    <xsl:call-template name="cert-crumbs">
      <xsl:with-param name="here" select="'注销'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="c" select="cert"/>
    <xsl:apply-templates select="$c/error"/>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">注销证书</h1>
      </header>
      <div class="card-body">
        <xsl:apply-templates select="$c" mode="info"/>
        <xsl:choose>
          <xsl:when test="$c/@active != '1'">
            <div class="actions">
              <a class="btn btn-default" href="/certs">返回列表</a>
            </div>
          </xsl:when>
          <xsl:otherwise>
            <div class="alert alert-warning revoke-warning">
              <span class="alert-title">注销后该证书立即失效，且不可恢复</span>
              <p>注销后该CA锁不能再用于登录、签章或解密；用该证书加密的投标文件将无法解密，请先确认没有正在进行的投标业务。如锁丢失或损坏需要继续使用，请选择“CA补办”。</p>
            </div>
            <form class="form form-narrow" method="post" action="/certs/revoke">
              <xsl:call-template name="csrf-field"/>
              <input type="hidden" name="id" value="{$c/@id}"/>
              <div class="field">
                <xsl:if test="$c/error/@code = 'reason'">
                  <xsl:attribute name="class">field is-invalid</xsl:attribute>
                </xsl:if>
                <label class="field-label" for="reason"><span class="req">*</span>注销原因</label>
                <textarea class="textarea" id="reason" name="reason" maxlength="200"
                    required="required" placeholder="请输入注销原因，例如：人员离职，不再使用该证书">
                  <xsl:value-of select="$c/reason"/>
                </textarea>
              </div>
              <div class="field">
                <xsl:if test="$c/error/@code = 'password'">
                  <xsl:attribute name="class">field is-invalid</xsl:attribute>
                </xsl:if>
                <label class="field-label" for="password"><span class="req">*</span>登录密码</label>
                <input class="input" id="password" name="password" type="password"
                    autocomplete="current-password" maxlength="128" required="required"
                    placeholder="请输入当前登录密码以确认"/>
              </div>
              <div class="actions">
                <a class="btn btn-default" href="/certs">取消</a>
                <button class="btn btn-danger" type="submit">确认注销</button>
              </div>
            </form>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
