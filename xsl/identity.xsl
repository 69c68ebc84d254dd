<?xml version="1.0" encoding="UTF-8"?>
<!--
  identity.xsl: /identity, 关联公司及身份选择 (guide 一.2, 图2).

  Input:
    <page name="identity">
      <csrf>TOKEN</csrf>  <user>…</user>
      <identities>
        <identity id="MEMBERSHIP" role="admin|project_lead|cost_engineer|personal"
            company="NAME" uscc="USCC" current="1"?/>*
        <error code="choose"/>?
      </identities>
    </page>
  Form: POST /identity  membership=ID, csrf
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">关联公司及身份选择</xsl:template>

  <xsl:template match="page" mode="body">
    <div class="narrow narrow-wide">
      <section class="card">
        <div class="card-header">
          <h1 class="card-title">关联公司及身份选择</h1>
        </div>
        <div class="card-body">
          <p class="muted">请选择您的角色：您可以代表所关联的企业办理业务，也可以以个人身份办理。选择后可随时在页面右上角“切换身份”。</p>
          <xsl:if test="identities/error">
            <div class="alert alert-error" role="alert">请选择一个身份</div>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="identities/identity">
              <form class="form" method="post" action="/identity">
                <xsl:call-template name="csrf-field"/>
                <div class="table-wrap">
                  <table class="table">
                    <thead>
                      <tr><th scope="col">选择</th><th scope="col">企业 / 个人</th><th scope="col">统一社会信用代码</th><th scope="col">身份</th></tr>
                    </thead>
                    <tbody>
                      <xsl:for-each select="identities/identity">
                        <tr>
                          <td>
                            <input class="check-input" type="radio" name="membership"
                                id="m{@id}" value="{@id}">
                              <xsl:if test="@current = '1' or (not(../identity[@current = '1']) and position() = 1)">
                                <xsl:attribute name="checked">checked</xsl:attribute>
                              </xsl:if>
                            </input>
                          </td>
                          <td>
                            <label for="m{@id}">
                              <xsl:choose>
                                <xsl:when test="@role = 'personal'">个人</xsl:when>
                                <xsl:otherwise><xsl:value-of select="@company"/></xsl:otherwise>
                              </xsl:choose>
                            </label>
                          </td>
                          <td><xsl:value-of select="@uscc"/></td>
                          <td>
                            <span class="badge badge-info">
                              <xsl:call-template name="role-name">
                                <xsl:with-param name="role" select="@role"/>
                              </xsl:call-template>
                            </span>
                          </td>
                        </tr>
                      </xsl:for-each>
                    </tbody>
                  </table>
                </div>
                <div class="actions actions-end">
                  <button class="btn btn-primary" type="submit">确认选择身份</button>
                </div>
              </form>
            </xsl:when>
            <xsl:otherwise>
              <div class="empty">您的账号尚未关联任何企业或个人身份，请联系企业管理员将您添加为企业人员。</div>
            </xsl:otherwise>
          </xsl:choose>
        </div>
      </section>
    </div>
  </xsl:template>

</xsl:stylesheet>
