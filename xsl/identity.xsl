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
      <joins notice="join_sent"?>           the person's 加入申请 (join.c):
        <join id="N" state="pending|approved|refused" role="admin|…"
            company="NAME" uscc="USCC" at="YYYY-MM-DD HH:MM"
            decided="YYYY-MM-DD HH:MM"?/>*  pending, or decided and not
      </joins>                              yet dismissed
    </page>
  Forms: POST /identity  membership=ID, csrf
         POST /identity/join/seen  csrf (知道了: dismiss the decisions)
  "+ 新增" (guide 图2) leads to /identity/join (join.xsl).
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
          <xsl:if test="joins/@notice = 'join_sent'">
            <div class="alert alert-success" role="status">加入申请已提交，请等待该单位管理员审核</div>
          </xsl:if>
          <xsl:if test="joins/join[@state != 'pending']">
            <div class="alert alert-info join-decisions" role="status">
              <span class="alert-title">加入申请审核结果</span>
              <ul class="join-decision-list">
                <xsl:for-each select="joins/join[@state != 'pending']">
                  <li>
                    <xsl:text>您申请以“</xsl:text>
                    <xsl:call-template name="role-name">
                      <xsl:with-param name="role" select="@role"/>
                    </xsl:call-template>
                    <xsl:text>”身份加入“</xsl:text>
                    <xsl:value-of select="@company"/>
                    <xsl:text>”，</xsl:text>
                    <xsl:value-of select="@decided"/>
                    <xsl:choose>
                      <xsl:when test="@state = 'approved'"> 已通过审核，可在下方选择该身份。</xsl:when>
                      <xsl:otherwise> 未通过审核。如有疑问请联系该单位管理员。</xsl:otherwise>
                    </xsl:choose>
                  </li>
                </xsl:for-each>
              </ul>
              <form class="inline-form" method="post" action="/identity/join/seen">
                <xsl:call-template name="csrf-field"/>
                <button class="btn btn-default btn-sm" type="submit">知道了</button>
              </form>
            </div>
          </xsl:if>
          <xsl:if test="identities/error">
            <div class="alert alert-error" role="alert">请选择一个身份</div>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="identities/identity">
              <form class="form" method="post" action="/identity">
                <xsl:call-template name="csrf-field"/>
                <div class="table-wrap">
                  <table class="table identity-table">
                    <thead>
                      <tr><th scope="col">选择</th><th scope="col">企业 / 个人</th><th scope="col">统一社会信用代码</th><th scope="col">身份</th></tr>
                    </thead>
                    <tbody>
                      <xsl:for-each select="identities/identity">
                        <tr>
                          <td>
                            <input class="check-input" type="radio" name="membership"
                                id="m{@id}" value="{@id}">
                              <!-- A person may hold two roles in one
                                   company: the name says which. -->
                              <xsl:attribute name="aria-label">
                                <xsl:choose>
                                  <xsl:when test="@role = 'personal'">个人</xsl:when>
                                  <xsl:otherwise>
                                    <xsl:value-of select="@company"/>
                                    <xsl:text>，</xsl:text>
                                    <xsl:call-template name="role-name">
                                      <xsl:with-param name="role" select="@role"/>
                                    </xsl:call-template>
                                  </xsl:otherwise>
                                </xsl:choose>
                              </xsl:attribute>
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
                <div class="identity-add">
                  <a class="btn btn-default btn-sm" href="/identity/join">+ 新增</a>
                  <span class="muted">申请加入其他单位或以其他身份加入</span>
                </div>
                <div class="actions actions-end">
                  <button class="btn btn-primary" type="submit">确认选择身份</button>
                </div>
              </form>
            </xsl:when>
            <xsl:otherwise>
              <div class="empty">
                <p>您的账号尚未关联任何企业或个人身份。</p>
                <p><a class="btn btn-default btn-sm" href="/identity/join">+ 新增</a></p>
              </div>
            </xsl:otherwise>
          </xsl:choose>
          <xsl:if test="joins/join[@state = 'pending']">
            <h2 class="section-title">待审核的加入申请</h2>
            <div class="table-wrap card-wrap">
              <table class="table card-table join-table">
                <thead>
                  <tr><th scope="col">单位</th><th scope="col">统一社会信用代码</th><th scope="col">身份</th><th scope="col">申请时间</th><th scope="col">状态</th></tr>
                </thead>
                <tbody>
                  <xsl:for-each select="joins/join[@state = 'pending']">
                    <tr>
                      <td data-label="单位"><span class="cell"><xsl:value-of select="@company"/></span></td>
                      <td class="mono" data-label="统一社会信用代码"><xsl:value-of select="@uscc"/></td>
                      <td data-label="身份">
                        <xsl:call-template name="role-name">
                          <xsl:with-param name="role" select="@role"/>
                        </xsl:call-template>
                      </td>
                      <td class="nowrap" data-label="申请时间"><xsl:value-of select="@at"/></td>
                      <td data-label="状态"><span class="badge badge-warning">待审核</span></td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
          </xsl:if>
        </div>
      </section>
    </div>
  </xsl:template>

</xsl:stylesheet>
