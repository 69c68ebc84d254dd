<?xml version="1.0" encoding="UTF-8"?>
<!--
  join.xsl: /identity/join, the "+ 新增" of 关联公司及身份选择 (guide 图2):
  a person asks to join a company, named by its 统一社会信用代码, with a
  role; the company's administrator approves or refuses in 人员管理.

  Input (frame: layout.xsl):
    <page name="join">
      <csrf>TOKEN</csrf>  <user>…</user>
      <join>
        <uscc error="missing|invalid|unknown"?>AS TYPED</uscc>
        <role error="missing|not_company|member|duplicate"?>admin|project_lead|cost_engineer|</role>
      </join>
    </page>
  Form: POST /identity/join  uscc, role, csrf
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">新增关联公司及身份</xsl:template>

  <xsl:template match="page" mode="crumbs">
    <a href="/identity" aria-label="上一级 关联公司及身份选择">关联公司及身份选择</a>
    <span class="sep">&gt;</span>
    <span>新增</span>
  </xsl:template>

  <xsl:template match="page" mode="body">
    <xsl:variable name="j" select="join"/>
    <div class="narrow">
      <xsl:if test="$j/*/@error">
        <div class="alert alert-error" role="alert">
          <span class="alert-title">申请未提交</span>
          <xsl:text>请按提示修改标红的项目后重新提交。</xsl:text>
        </div>
      </xsl:if>
      <section class="card">
        <div class="card-header">
          <h1 class="card-title">新增关联公司及身份</h1>
        </div>
        <div class="card-body">
          <p class="muted">填写要加入的单位的统一社会信用代码并选择身份。提交后由该单位的管理员在“人员管理”中审核，审核结果将在您下次登录时显示。</p>
          <p class="muted">持有单位(机构)主锁、项目负责人锁或造价师锁的用户，使用CA登录后将根据锁类型自动获得所属单位的对应身份，无需申请。</p>
          <form class="form" method="post" action="/identity/join" novalidate="novalidate">
            <xsl:call-template name="csrf-field"/>
            <div>
              <xsl:attribute name="class">
                <xsl:text>field</xsl:text>
                <xsl:if test="$j/uscc/@error"> is-invalid</xsl:if>
              </xsl:attribute>
              <label class="field-label" for="join-uscc"><span class="req">*</span>统一社会信用代码</label>
              <input class="input mono" id="join-uscc" name="uscc" type="text"
                  maxlength="24" autocomplete="off" required="required"
                  aria-describedby="join-uscc-msg" value="{$j/uscc}">
                <xsl:if test="$j/uscc/@error">
                  <xsl:attribute name="aria-invalid">true</xsl:attribute>
                </xsl:if>
              </input>
              <xsl:choose>
                <xsl:when test="$j/uscc/@error">
                  <p class="field-error" id="join-uscc-msg">
                    <xsl:choose>
                      <xsl:when test="$j/uscc/@error = 'missing'">请输入单位的统一社会信用代码</xsl:when>
                      <xsl:when test="$j/uscc/@error = 'unknown'">本平台没有统一社会信用代码为此的单位，请核对，或请单位管理员先使用单位(机构)主锁登录</xsl:when>
                      <xsl:otherwise>统一社会信用代码不正确，请核对18位代码(含最后一位校验码)</xsl:otherwise>
                    </xsl:choose>
                  </p>
                </xsl:when>
                <xsl:otherwise>
                  <p class="field-help" id="join-uscc-msg">18位，由数字和大写字母组成，最后一位为校验码</p>
                </xsl:otherwise>
              </xsl:choose>
            </div>
            <div>
              <xsl:attribute name="class">
                <xsl:text>field</xsl:text>
                <xsl:if test="$j/role/@error"> is-invalid</xsl:if>
              </xsl:attribute>
              <label class="field-label" for="join-role"><span class="req">*</span>身份</label>
              <select class="select" id="join-role" name="role" required="required"
                  aria-describedby="join-role-msg">
                <xsl:if test="$j/role/@error">
                  <xsl:attribute name="aria-invalid">true</xsl:attribute>
                </xsl:if>
                <option value="">
                  <xsl:if test="$j/role = ''">
                    <xsl:attribute name="selected">selected</xsl:attribute>
                  </xsl:if>
                  <xsl:text>请选择身份</xsl:text>
                </option>
                <xsl:call-template name="join-role-option">
                  <xsl:with-param name="code" select="'admin'"/>
                </xsl:call-template>
                <xsl:call-template name="join-role-option">
                  <xsl:with-param name="code" select="'project_lead'"/>
                </xsl:call-template>
                <xsl:call-template name="join-role-option">
                  <xsl:with-param name="code" select="'cost_engineer'"/>
                </xsl:call-template>
              </select>
              <xsl:choose>
                <xsl:when test="$j/role/@error">
                  <p class="field-error" id="join-role-msg">
                    <xsl:choose>
                      <xsl:when test="$j/role/@error = 'missing'">请选择身份</xsl:when>
                      <xsl:when test="$j/role/@error = 'member'">您在该单位已有此身份，请返回“关联公司及身份选择”直接选择</xsl:when>
                      <xsl:when test="$j/role/@error = 'duplicate'">您已提交过加入该单位此身份的申请，请等待单位管理员审核</xsl:when>
                      <xsl:otherwise>单位没有此身份，请选择管理员、项目负责人或授权委托人、造价师之一</xsl:otherwise>
                    </xsl:choose>
                  </p>
                </xsl:when>
                <xsl:otherwise>
                  <p class="field-help" id="join-role-msg">您在该单位办理业务的身份</p>
                </xsl:otherwise>
              </xsl:choose>
            </div>
            <div class="actions">
              <button class="btn btn-primary" type="submit">提交申请</button>
              <a class="btn btn-default" href="/identity">返回</a>
            </div>
          </form>
        </div>
      </section>
    </div>
  </xsl:template>

  <xsl:template name="join-role-option">
    <xsl:param name="code"/>
    <option value="{$code}">
      <xsl:if test="/page/join/role = $code">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:call-template name="role-name">
        <xsl:with-param name="role" select="$code"/>
      </xsl:call-template>
    </option>
  </xsl:template>

</xsl:stylesheet>
