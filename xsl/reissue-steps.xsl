<?xml version="1.0" encoding="UTF-8"?>
<!--
  reissue-steps.xsl: the CA补办 wizard's progress, as the person goes
  through it: 1 数字证书(CA)信息 (/reissue) → 2 补办类型及信息
  (/reissue/step2) → 3 订单确认 (/reissue/confirm) → 4 支付 (/orders/pay).
  Imported by reissue-common.xsl and checkout.xsl.

    <xsl:call-template name="reissue-steps">
      <xsl:with-param name="step" select="1|2|3|4"/>
    </xsl:call-template>

  Steps before the current one are done (.is-done), the current one is
  .is-active with aria-current="step".
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="reissue-steps">
    <xsl:param name="step"/>
    <ol class="steps reissue-steps" aria-label="补办步骤">
      <xsl:call-template name="reissue-step">
        <xsl:with-param name="n" select="1"/>
        <xsl:with-param name="step" select="$step"/>
        <xsl:with-param name="label" select="'数字证书(CA)信息'"/>
      </xsl:call-template>
      <xsl:call-template name="reissue-step">
        <xsl:with-param name="n" select="2"/>
        <xsl:with-param name="step" select="$step"/>
        <xsl:with-param name="label" select="'补办类型及信息'"/>
      </xsl:call-template>
      <xsl:call-template name="reissue-step">
        <xsl:with-param name="n" select="3"/>
        <xsl:with-param name="step" select="$step"/>
        <xsl:with-param name="label" select="'订单确认'"/>
      </xsl:call-template>
      <xsl:call-template name="reissue-step">
        <xsl:with-param name="n" select="4"/>
        <xsl:with-param name="step" select="$step"/>
        <xsl:with-param name="label" select="'支付'"/>
      </xsl:call-template>
    </ol>
  </xsl:template>

  <xsl:template name="reissue-step">
    <xsl:param name="n"/>
    <xsl:param name="step"/>
    <xsl:param name="label"/>
    <li>
      <xsl:attribute name="class">
        <xsl:choose>
          <xsl:when test="$n = $step">step is-active</xsl:when>
          <xsl:when test="$n &lt; $step">step is-done</xsl:when>
          <xsl:otherwise>step</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$n = $step">
        <xsl:attribute name="aria-current">step</xsl:attribute>
      </xsl:if>
      <span class="step-num"><xsl:value-of select="$n"/></span>
      <span class="step-label"><xsl:value-of select="$label"/></span>
    </li>
  </xsl:template>

</xsl:stylesheet>
