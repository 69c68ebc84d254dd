<?xml version="1.0" encoding="UTF-8"?>
<!--
  ops-handover.xsl: 交付, the hand-over part of the operator's order page
  (xsl/ops-order.xsl imports it and applies <opsorder> in
  mode="handover").  Forms of fcgi/opshandover.c:

    现场领取  issued:  POST /ops/ready   (id)          生成领取码，通知领取
              ready:   POST /ops/pickup  (id, code, holder_checked=1)
    邮寄      issued:  POST /ops/ship    (id, tracking_no)
              shipped: POST /ops/deliver (id)

  Reads <opsorder delivery= method=> with <actions><action name=…/>,
  <mine/> (the order is this operator's office's), <tracking_no/>; and
  <notice> (the code a hand-over step came back with).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="opsorder" mode="handover">
    <xsl:variable name="o" select="."/>
    <xsl:variable name="n" select="notice"/>
    <xsl:if test="@delivery != 'none' and @delivery != 'awaiting_issue'">
      <section class="card handover">
        <header class="card-header">
          <h2 class="card-title">交付</h2>
          <span class="muted">
            <xsl:choose>
              <xsl:when test="@method = 'onsite'">现场领取</xsl:when>
              <xsl:otherwise>邮寄(顺丰到付)</xsl:otherwise>
            </xsl:choose>
          </span>
        </header>
        <div class="card-body">
          <xsl:choose>
            <xsl:when test="$n = 'ready'"><div class="alert alert-success" role="status">已生成领取码并通知申请人，申请人可在“订单管理”中查看领取码。</div></xsl:when>
            <xsl:when test="$n = 'picked_up'"><div class="alert alert-success" role="status">领取码核验通过，已领取，订单完成。</div></xsl:when>
            <xsl:when test="$n = 'shipped'"><div class="alert alert-success" role="status">已登记运单号，订单已发货。</div></xsl:when>
            <xsl:when test="$n = 'delivered'"><div class="alert alert-success" role="status">已确认签收，订单完成。</div></xsl:when>
            <xsl:when test="$n = 'code_wrong'"><div class="alert alert-error" role="alert">领取码不正确，请核对后重新输入。</div></xsl:when>
            <xsl:when test="$n = 'code_used'"><div class="alert alert-error" role="alert">该领取码已使用，证书已被领取，不能重复领取。</div></xsl:when>
            <xsl:when test="$n = 'holder_unchecked'"><div class="alert alert-error" role="alert">请先核对持锁人身份证件，并勾选“已核对持锁人身份”。</div></xsl:when>
            <xsl:when test="$n = 'tracking_bad'"><div class="alert alert-error" role="alert">运单号格式不正确(8-32位字母或数字)，请核对。</div></xsl:when>
            <xsl:when test="$n = 'already'"><div class="alert alert-info" role="status">该步骤已完成，无需重复操作。</div></xsl:when>
            <xsl:when test="$n = 'not_now'"><div class="alert alert-error" role="alert">订单当前状态不能进行该操作。</div></xsl:when>
          </xsl:choose>
          <xsl:choose>
            <xsl:when test="not($o/mine)">
              <p class="muted">该订单由其他办理点交付。</p>
            </xsl:when>
            <xsl:when test="$o/actions/action[@name = 'ready']">
              <form class="form" method="post" action="/ops/ready">
                <xsl:call-template name="csrf-field"/>
                <input type="hidden" name="id" value="{$o/@id}"/>
                <p>新证书写入介质后，生成领取码并通知申请人到办理点领取。</p>
                <div class="actions">
                  <button class="btn btn-primary" type="submit">生成领取码，通知领取</button>
                </div>
              </form>
            </xsl:when>
            <xsl:when test="$o/actions/action[@name = 'pickup']">
              <form class="form form-narrow" method="post" action="/ops/pickup">
                <xsl:call-template name="csrf-field"/>
                <input type="hidden" name="id" value="{$o/@id}"/>
                <div class="field">
                  <label class="field-label" for="f-code"><span class="req">*</span>领取码</label>
                  <input class="input mono" id="f-code" name="code" type="text"
                      maxlength="16" autocomplete="off" required="required"
                      placeholder="申请人出示的8位领取码"/>
                </div>
                <div class="check">
                  <input class="check-input" type="checkbox" id="f-holder" name="holder_checked" value="1" required="required"/>
                  <label class="check-label" for="f-holder">已核对持锁人身份证件</label>
                </div>
                <div class="actions">
                  <button class="btn btn-primary" type="submit">确认领取</button>
                </div>
              </form>
            </xsl:when>
            <xsl:when test="$o/actions/action[@name = 'ship']">
              <form class="form form-narrow" method="post" action="/ops/ship">
                <xsl:call-template name="csrf-field"/>
                <input type="hidden" name="id" value="{$o/@id}"/>
                <div class="field">
                  <label class="field-label" for="f-track"><span class="req">*</span>顺丰运单号</label>
                  <input class="input mono" id="f-track" name="tracking_no" type="text"
                      maxlength="40" autocomplete="off" required="required"/>
                </div>
                <div class="actions">
                  <button class="btn btn-primary" type="submit">确认发货</button>
                </div>
              </form>
            </xsl:when>
            <xsl:when test="$o/actions/action[@name = 'deliver']">
              <form class="form" method="post" action="/ops/deliver">
                <xsl:call-template name="csrf-field"/>
                <input type="hidden" name="id" value="{$o/@id}"/>
                <p>运单号 <span class="mono"><xsl:value-of select="$o/tracking_no"/></span> (顺丰速运)，申请人签收后确认。</p>
                <div class="actions">
                  <button class="btn btn-primary" type="submit">确认签收</button>
                </div>
              </form>
            </xsl:when>
            <xsl:when test="@delivery = 'picked_up'"><p>已领取，订单完成。</p></xsl:when>
            <xsl:when test="@delivery = 'delivered'"><p>已签收，订单完成。</p></xsl:when>
          </xsl:choose>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
