<?xml version="1.0" encoding="UTF-8"?>
<!--
  reissue-info.xsl: /reissue?cert=N, CA补办 step 1 数字证书(CA)信息 (图2 of
  the guide's section 二): the stepper, the re-bid notice (重要提示, in
  the information style: nothing has failed), the
  certificate's fields and 下一步 to /reissue/step2.  A certificate that
  cannot be reissued (<blocked>) gets the reason instead of 下一步.
  Input: <reissue step="1"> as described in reissue-common.xsl.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="reissue-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="r" select="reissue"/>
    <section class="card reissue">
      <header class="card-header">
        <h1 class="card-title">CA补办</h1>
      </header>
      <div class="card-body">
        <xsl:call-template name="reissue-steps">
          <xsl:with-param name="step" select="1"/>
        </xsl:call-template>
        <!-- Information, not an error: nothing has failed. -->
        <div class="alert alert-info reissue-warning" role="note">
          <span class="alert-title">关于CA数字证书补办的重要提示：</span>
          <p>如必须进行补办，则应对原招投标文件进行重新生成（或重新投标）、加密、上传至招投标业务系统。</p>
        </div>
        <xsl:apply-templates select="$r/blocked"/>
        <xsl:apply-templates select="$r/cert" mode="reissue"/>
        <div class="actions actions-center">
          <a class="btn btn-default" href="/certs">返回列表</a>
          <xsl:if test="not($r/blocked)">
            <a class="btn btn-primary" href="/reissue/step2?cert={$r/cert/@id}">下一步</a>
          </xsl:if>
        </div>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
