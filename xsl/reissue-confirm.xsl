<?xml version="1.0" encoding="UTF-8"?>
<!--
  reissue-confirm.xsl: /reissue/confirm?cert=N, CA补办 订单确认 (图4 of the
  guide's section 二), step 3 of the wizard: 商品信息 (CA补办 ×1, its price), CA补办详情 (持锁人,
  证书有效期至, 锁类型, 补办原因, 关联平台), 应付金额 and 提交订单.

  Input: <reissue step="3"> as in reissue-common.xsl, plus

    <item product="ca_reissue" quantity="1" price_fen="5000"
          price="50.00">CA补办</item>
    <total fen="5000">50.00</total>         应付金额, yuan
    <reason code="lost|damaged|other">text of 其他</reason>
    <upload id= size= type=>file name</upload>   the stamped statement
    <submit_key>32 hex digits</submit_key>  one order per draft

  Form: POST /reissue/confirm: csrf, cert, submit_key.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="reissue-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="r" select="reissue"/>
    <section class="card reissue reissue-confirm">
      <header class="card-header">
        <h1 class="card-title">订单确认</h1>
      </header>
      <div class="card-body">
        <xsl:call-template name="reissue-steps">
          <xsl:with-param name="step" select="3"/>
        </xsl:call-template>
        <h2 class="section-title">商品信息</h2>
        <table class="table order-items">
          <thead>
            <tr><th scope="col">商品</th><th scope="col">数量</th><th scope="col">单价</th></tr>
          </thead>
          <tbody>
            <tr>
              <td><xsl:value-of select="$r/item"/></td>
              <td>×<xsl:value-of select="$r/item/@quantity"/> (数量)</td>
              <td class="money"><xsl:value-of select="$r/item/@price"/>元</td>
            </tr>
          </tbody>
        </table>

        <h2 class="section-title">CA补办详情</h2>
        <dl class="info-grid reissue-detail">
          <div class="info-item"><dt class="info-label">持锁人</dt><dd class="info-value"><xsl:value-of select="$r/cert/holder"/></dd></div>
          <div class="info-item"><dt class="info-label">证书有效期至</dt><dd class="info-value"><xsl:value-of select="$r/cert/not_after"/></dd></div>
          <div class="info-item"><dt class="info-label">锁类型</dt><dd class="info-value">
            <xsl:call-template name="lock-type"><xsl:with-param name="code" select="$r/cert/@lock"/></xsl:call-template>
          </dd></div>
          <div class="info-item"><dt class="info-label">补办原因</dt><dd class="info-value">
            <xsl:choose>
              <xsl:when test="$r/reason/@code = 'lost'">证书丢失</xsl:when>
              <xsl:when test="$r/reason/@code = 'damaged'">证书损坏</xsl:when>
              <xsl:otherwise>
                <xsl:text>其他：</xsl:text>
                <xsl:value-of select="$r/reason"/>
              </xsl:otherwise>
            </xsl:choose>
          </dd></div>
          <div class="info-item info-item-wide"><dt class="info-label">关联平台</dt><dd class="info-value">
            <xsl:choose>
              <xsl:when test="$r/cert/platforms/platform">
                <xsl:for-each select="$r/cert/platforms/platform">
                  <span class="tag"><xsl:value-of select="."/></span>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise><span class="muted">暂未关联平台</span></xsl:otherwise>
            </xsl:choose>
          </dd></div>
          <xsl:if test="$r/upload">
            <div class="info-item info-item-wide"><dt class="info-label">情况说明书</dt><dd class="info-value">
              <a href="/uploads/view?id={$r/upload/@id}" target="_blank"
                  rel="noopener"><xsl:value-of select="$r/upload"/></a>
            </dd></div>
          </xsl:if>
        </dl>

        <form class="form reissue-form order-submit" method="post" action="/reissue/confirm">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="cert" value="{$r/cert/@id}"/>
          <input type="hidden" name="submit_key" value="{$r/submit_key}"/>
          <div class="actions actions-end">
            <span class="order-total">
              <xsl:text>应付金额：</xsl:text>
              <strong class="money"><xsl:value-of select="$r/total"/>元</strong>
            </span>
            <a class="btn btn-default" href="/reissue/step2?cert={$r/cert/@id}">上一步</a>
            <button class="btn btn-primary" type="submit">提交订单</button>
          </div>
        </form>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
