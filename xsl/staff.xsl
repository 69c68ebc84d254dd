<?xml version="1.0" encoding="UTF-8"?>
<!--
  staff.xsl: /staff, 人员管理 (administrators only): the members of the
  company with their roles, a form to add a registered person by mobile
  number, and per member a role change and removal.

  Input (frame: layout.xsl; <centre>: centre.xsl):

    <staff company="辽宁演示建设工程有限公司">
      <error code="mobile|role|unregistered|duplicate|self|last_admin"/>
      <notice code="added|role|removed|join_approved|join_refused|join_done"/>
      <add mobile="139…" role="project_lead"/>   refill after a refusal
      <requests>                                 pending 加入申请 (join.c)
        <request id="N" role="admin|project_lead|cost_engineer">
          <name/> <mobile/> <at>2026-01-02 10:00</at>
        </request> …
      </requests>
      <member id="MEMBERSHIP" role="admin" self="1">
        <name/> <mobile/> <since>2026-01-02</since>
      </member> …
    </staff>

  Forms: POST /staff/add (mobile, role), POST /staff/role (member, role),
  POST /staff/remove (member), POST /staff/join/approve and
  /staff/join/refuse (request); each with csrf.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="centre.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">人员管理</xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="st" select="staff"/>
    <xsl:apply-templates select="$st/notice"/>
    <xsl:apply-templates select="$st/error"/>

    <section class="card">
      <header class="card-header">
        <h1 class="card-title">人员管理</h1>
        <span class="muted"><xsl:value-of select="$st/@company"/></span>
      </header>
      <div class="card-body">
        <form class="form staff-add" method="post" action="/staff/add">
          <xsl:call-template name="csrf-field"/>
          <div class="field">
            <xsl:if test="$st/error/@code = 'mobile' or $st/error/@code = 'unregistered'">
              <xsl:attribute name="class">field is-invalid</xsl:attribute>
            </xsl:if>
            <label class="field-label" for="add-mobile"><span class="req">*</span>手机号</label>
            <input class="input" id="add-mobile" name="mobile" type="tel"
                inputmode="numeric" maxlength="11" required="required"
                placeholder="已注册账号的11位手机号" value="{$st/add/@mobile}"/>
          </div>
          <div class="field">
            <xsl:if test="$st/error/@code = 'role'">
              <xsl:attribute name="class">field is-invalid</xsl:attribute>
            </xsl:if>
            <label class="field-label" for="add-role"><span class="req">*</span>身份</label>
            <xsl:call-template name="role-select">
              <xsl:with-param name="id" select="'add-role'"/>
              <xsl:with-param name="current" select="$st/add/@role"/>
              <xsl:with-param name="placeholder" select="1"/>
            </xsl:call-template>
          </div>
          <div class="field staff-add-go">
            <button class="btn btn-primary" type="submit">添加人员</button>
          </div>
        </form>

        <xsl:if test="$st/requests/request">
          <div class="staff-requests">
            <h2 class="section-title">加入申请 (<xsl:value-of select="count($st/requests/request)"/>)</h2>
            <div class="table-wrap card-wrap">
              <table class="table card-table staff-join-table">
                <thead>
                  <tr><th scope="col">申请人</th><th scope="col">手机号</th><th scope="col">申请身份</th><th scope="col">申请时间</th><th scope="col">操作</th></tr>
                </thead>
                <tbody>
                  <xsl:for-each select="$st/requests/request">
                    <!-- A person may ask for two roles: each button
                         names the person and the role. -->
                    <xsl:variable name="rn">
                      <xsl:call-template name="role-name">
                        <xsl:with-param name="role" select="@role"/>
                      </xsl:call-template>
                    </xsl:variable>
                    <xsl:variable name="who" select="concat(name, '(', mobile, ')，', $rn)"/>
                    <tr>
                      <td data-label="申请人"><span class="cell"><xsl:value-of select="name"/></span></td>
                      <td class="mono" data-label="手机号"><xsl:value-of select="mobile"/></td>
                      <td data-label="申请身份">
                        <xsl:call-template name="role-name">
                          <xsl:with-param name="role" select="@role"/>
                        </xsl:call-template>
                      </td>
                      <td class="nowrap" data-label="申请时间"><xsl:value-of select="at"/></td>
                      <td class="ops" data-label="操作">
                        <span class="cell staff-ops">
                          <form class="inline-form" method="post" action="/staff/join/approve">
                            <xsl:call-template name="csrf-field"/>
                            <input type="hidden" name="request" value="{@id}"/>
                            <button class="btn btn-primary btn-sm" type="submit"
                                aria-label="同意加入：{$who}">同意</button>
                          </form>
                          <form class="inline-form" method="post" action="/staff/join/refuse">
                            <xsl:call-template name="csrf-field"/>
                            <input type="hidden" name="request" value="{@id}"/>
                            <button class="btn btn-ghost btn-sm" type="submit"
                                aria-label="拒绝加入：{$who}">拒绝</button>
                          </form>
                        </span>
                      </td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
          </div>
        </xsl:if>

        <!-- On phones each member is a card (.card-table): every cell
             carries its column's name as data-label.  The controls of a
             row name the member, so each has its own accessible name. -->
        <div class="table-wrap card-wrap">
          <table class="table card-table staff-table">
            <thead>
              <tr><th scope="col">姓名</th><th scope="col">手机号</th><th scope="col">身份</th><th scope="col">加入时间</th><th scope="col">操作</th></tr>
            </thead>
            <tbody>
              <xsl:for-each select="$st/member">
                <!-- Someone with two roles here (a 加入申请 approved
                     beside a role they had) is named with the role. -->
                <xsl:variable name="rn">
                  <xsl:if test="count($st/member[mobile = current()/mobile]) &gt; 1">
                    <xsl:text>，</xsl:text>
                    <xsl:call-template name="role-name">
                      <xsl:with-param name="role" select="@role"/>
                    </xsl:call-template>
                  </xsl:if>
                </xsl:variable>
                <xsl:variable name="who" select="concat(name, '(', mobile, ')', $rn)"/>
                <tr>
                  <td data-label="姓名">
                    <span class="cell">
                      <xsl:value-of select="name"/>
                      <xsl:if test="@self = '1'"> <span class="muted">(本人)</span></xsl:if>
                    </span>
                  </td>
                  <td class="mono" data-label="手机号"><xsl:value-of select="mobile"/></td>
                  <td data-label="身份">
                    <xsl:call-template name="role-name">
                      <xsl:with-param name="role" select="@role"/>
                    </xsl:call-template>
                  </td>
                  <td class="nowrap" data-label="加入时间"><xsl:value-of select="since"/></td>
                  <td class="ops" data-label="操作">
                    <xsl:if test="@self != '1'">
                      <xsl:attribute name="class">ops staff-ops-cell</xsl:attribute>
                    </xsl:if>
                    <xsl:choose>
                      <xsl:when test="@self = '1'">
                        <span class="muted">—</span>
                      </xsl:when>
                      <xsl:otherwise>
                        <span class="cell staff-ops">
                          <form class="inline-form staff-role" method="post" action="/staff/role">
                            <xsl:call-template name="csrf-field"/>
                            <input type="hidden" name="member" value="{@id}"/>
                            <label class="sr-only" for="role-{@id}">
                              <xsl:value-of select="$who"/>
                              <xsl:text>的新身份</xsl:text>
                            </label>
                            <xsl:call-template name="role-select">
                              <xsl:with-param name="id" select="concat('role-', @id)"/>
                              <xsl:with-param name="current" select="@role"/>
                              <xsl:with-param name="small" select="1"/>
                            </xsl:call-template>
                            <button class="btn btn-default btn-sm" type="submit"
                                aria-label="修改身份：{$who}">修改身份</button>
                          </form>
                          <form class="inline-form" method="post" action="/staff/remove">
                            <xsl:call-template name="csrf-field"/>
                            <input type="hidden" name="member" value="{@id}"/>
                            <button class="btn btn-ghost btn-sm" type="submit"
                                aria-label="移除：{$who}">移除</button>
                          </form>
                        </span>
                      </xsl:otherwise>
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

  <xsl:template name="role-select">
    <xsl:param name="id"/>
    <xsl:param name="current"/>
    <xsl:param name="small" select="0"/>
    <xsl:param name="placeholder" select="0"/>
    <select id="{$id}" name="role">
      <xsl:attribute name="class">
        <xsl:text>select</xsl:text>
        <xsl:if test="$small = 1"> select-sm</xsl:if>
      </xsl:attribute>
      <xsl:if test="$placeholder = 1">
        <xsl:attribute name="required">required</xsl:attribute>
        <option value="">
          <xsl:if test="not($current)">
            <xsl:attribute name="selected">selected</xsl:attribute>
          </xsl:if>
          <xsl:text>请选择身份</xsl:text>
        </option>
      </xsl:if>
      <xsl:call-template name="role-option">
        <xsl:with-param name="code" select="'admin'"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
      <xsl:call-template name="role-option">
        <xsl:with-param name="code" select="'project_lead'"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
      <xsl:call-template name="role-option">
        <xsl:with-param name="code" select="'cost_engineer'"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
    </select>
  </xsl:template>

  <xsl:template name="role-option">
    <xsl:param name="code"/>
    <xsl:param name="current"/>
    <option value="{$code}">
      <xsl:if test="$code = $current">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:call-template name="role-name">
        <xsl:with-param name="role" select="$code"/>
      </xsl:call-template>
    </option>
  </xsl:template>

  <xsl:template match="error">
    <div class="alert alert-error" role="alert">
      <xsl:choose>
        <xsl:when test="@code = 'mobile'">请输入正确的11位手机号</xsl:when>
        <xsl:when test="@code = 'role'">请选择身份</xsl:when>
        <xsl:when test="@code = 'unregistered'">该手机号尚未注册账号，请对方先注册后再添加</xsl:when>
        <xsl:when test="@code = 'duplicate'">该人员在本单位已有此身份</xsl:when>
        <xsl:when test="@code = 'self'">不能修改或移除自己的身份</xsl:when>
        <xsl:when test="@code = 'last_admin'">单位至少需要保留一名管理员</xsl:when>
        <xsl:otherwise>操作未完成，请重试</xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template match="notice">
    <div class="alert alert-success" role="status">
      <xsl:choose>
        <xsl:when test="@code = 'added'">已添加人员</xsl:when>
        <xsl:when test="@code = 'role'">身份已修改</xsl:when>
        <xsl:when test="@code = 'join_approved'">已同意加入申请，该人员已获得所申请的身份</xsl:when>
        <xsl:when test="@code = 'join_refused'">已拒绝加入申请</xsl:when>
        <xsl:when test="@code = 'join_done'">该申请已处理，未作更改</xsl:when>
        <xsl:otherwise>已移除人员</xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

</xsl:stylesheet>
