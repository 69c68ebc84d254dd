<?xml version="1.0" encoding="UTF-8"?>
<!--
  error.xsl: the one styled error page (fcgi/page.c page_error()).

  Input (the frame elements are described in layout.xsl):

    <page name="error">
      <site><name>辽宁省网联综合服务平台</name></site>
      <user>...</user>                    optional, as in layout.xsl
      <csrf>TOKEN</csrf>                  optional, for the 退出 form
      <error status="404"/>               HTTP status; 400 403 404 405 413
                                          415 429 500 503 have their own
                                          text, anything else gets 出错了
      <error status="404" code="CODE"/>   code is optional and only put on
                                          the page as data-code (never
                                          shown): the text depends on status
    </page>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">
    <xsl:call-template name="error-title">
      <xsl:with-param name="status" select="string(error/@status)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="page" mode="body">
    <xsl:variable name="status" select="normalize-space(error/@status)"/>
    <xsl:variable name="known" select="string-length($status) = 3 and
        translate($status, '0123456789', '') = ''"/>
    <section class="card error-card" aria-labelledby="error-title">
      <xsl:if test="$known">
        <xsl:attribute name="data-status">
          <xsl:value-of select="$status"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="normalize-space(error/@code) != ''">
        <xsl:attribute name="data-code">
          <xsl:value-of select="error/@code"/>
        </xsl:attribute>
      </xsl:if>
      <div aria-hidden="true">
        <xsl:attribute name="class">
          <xsl:text>error-mark</xsl:text>
          <xsl:if test="starts-with($status, '5')"> error-mark-server</xsl:if>
        </xsl:attribute>
        <xsl:choose>
          <xsl:when test="$known"><xsl:value-of select="$status"/></xsl:when>
          <xsl:otherwise>!</xsl:otherwise>
        </xsl:choose>
      </div>
      <h1 id="error-title" class="error-title">
        <xsl:call-template name="error-title">
          <xsl:with-param name="status" select="$status"/>
        </xsl:call-template>
      </h1>
      <p class="error-text">
        <xsl:call-template name="error-text">
          <xsl:with-param name="status" select="$status"/>
        </xsl:call-template>
      </p>
      <xsl:if test="$known">
        <p class="error-status">
          <xsl:text>错误代码：HTTP </xsl:text>
          <xsl:value-of select="$status"/>
        </p>
      </xsl:if>
      <div class="actions actions-center">
        <!-- Names of their own: the header has 返回首页 and 登录 too. -->
        <a class="btn btn-primary" href="/">返回首页继续办理</a>
        <xsl:if test="not(user)">
          <a class="btn btn-default" href="/login">登录后重试</a>
        </xsl:if>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="error-title">
    <xsl:param name="status"/>
    <xsl:choose>
      <xsl:when test="$status = '400'">请求无效</xsl:when>
      <xsl:when test="$status = '403'">禁止访问</xsl:when>
      <xsl:when test="$status = '404'">页面不存在</xsl:when>
      <xsl:when test="$status = '405'">请求方法不被允许</xsl:when>
      <xsl:when test="$status = '413'">内容过大</xsl:when>
      <xsl:when test="$status = '415'">不支持的内容类型</xsl:when>
      <xsl:when test="$status = '429'">请求过于频繁</xsl:when>
      <xsl:when test="$status = '500'">服务器内部错误</xsl:when>
      <xsl:when test="$status = '503'">服务暂不可用</xsl:when>
      <xsl:otherwise>出错了</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="error-text">
    <xsl:param name="status"/>
    <xsl:choose>
      <xsl:when test="$status = '400'">提交的内容格式不正确，请检查后重试</xsl:when>
      <xsl:when test="$status = '403'">您没有权限访问该页面或执行该操作</xsl:when>
      <xsl:when test="$status = '404'">您访问的页面不存在或已被删除</xsl:when>
      <xsl:when test="$status = '405'">该页面不支持此操作方式</xsl:when>
      <xsl:when test="$status = '413'">提交或上传的内容超过了允许的大小</xsl:when>
      <xsl:when test="$status = '415'">请按页面提示的格式提交或上传文件（情况说明书支持 JPG、PNG、PDF）</xsl:when>
      <xsl:when test="$status = '429'">请稍后再试</xsl:when>
      <xsl:when test="$status = '500'">系统暂时无法处理您的请求，请稍后重试。如问题持续，请联系办理点</xsl:when>
      <xsl:when test="$status = '503'">系统正在维护或暂时繁忙，请稍后再试</xsl:when>
      <xsl:otherwise>请求未能完成，请返回首页后重试</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
