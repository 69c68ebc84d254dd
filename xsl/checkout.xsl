<?xml version="1.0" encoding="UTF-8"?>
<!--
  checkout.xsl: /orders/pay?id=N, 支付 (图5 of the guide's section 二):
  发票抬头 (单位名称, 地址, 纳税人识别号, 电话, 开户行, 开户行账号), 开具发票,
  发票类型, 抬头类型, 领取方式 and 办理点 or 收货地址, the notices, 支付方式,
  应付金额 and 立即支付; for a CA补办 order, the wizard's stepper at step 4.

  Input (frame: layout.xsl; <centre>: centre.xsl):

    <checkout order="N" online="1|0">        online 0: no gateway set up
      <order_no>CR…</order_no> <kind>ca_reissue</kind>
      <amount fen="5000">50.00</amount>
      <notice>offline|refused</notice>         optional
      <fields>                                 values to show; bad="1"
        <invoice>yes|no</invoice>              marks a refused field
        <invoice_kind>e_normal|paper_special</invoice_kind>
        <title/> <tax_id/> <address/> <phone/> <bank/> <bank_account/>
        <method>mail|onsite</method> <ship_address/>
      </fields>
      <offices bad="1"?>
        <office code="shenyang" chosen="1"?><name/><address/></office>
      </offices>
    </checkout>

  Form: POST /orders/pay: csrf, id, invoice, invoice_kind, title, tax_id,
  address, phone, bank, bank_account, method, office, ship_address.
  Without script, CSS (:has) hides the parts that do not apply; the
  server ignores them too.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="centre.xsl"/>
  <xsl:import href="reissue-steps.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">支付</xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="k" select="checkout"/>
    <xsl:variable name="f" select="$k/fields"/>
    <xsl:if test="$k/notice = 'offline'">
      <div class="alert alert-error" role="alert">
        <span class="alert-title">暂不能在线支付</span>
        在线支付尚未开通，请稍后再试，或联系办理点工作人员。您填写的内容已保留。
      </div>
    </xsl:if>
    <xsl:if test="$k/notice = 'refused'">
      <div class="alert alert-error" role="alert">
        <span class="alert-title">订单未能提交支付</span>
        订单状态已变化或已超过24小时支付期限，请在“订单管理”中查看该订单。
      </div>
    </xsl:if>
    <xsl:if test="$f/*[@bad = '1'] or $k/offices/@bad = '1'">
      <div class="alert alert-error" role="alert">
        <span class="alert-title">请检查填写的内容</span>
        请按提示修改标红的项目后，再点击“立即支付”。
      </div>
    </xsl:if>
    <section class="card checkout">
      <header class="card-header">
        <h1 class="card-title">支付</h1>
        <span class="muted">订单号：<span class="mono"><xsl:value-of select="$k/order_no"/></span></span>
      </header>
      <div class="card-body">
        <!-- A CA补办 order's payment is the wizard's last step. -->
        <xsl:if test="$k/kind = 'ca_reissue'">
          <xsl:call-template name="reissue-steps">
            <xsl:with-param name="step" select="4"/>
          </xsl:call-template>
        </xsl:if>
        <form class="form pay-form" method="post" action="/orders/pay">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="id" value="{$k/@order}"/>

          <h2 class="section-title">发票抬头</h2>
          <div class="field field-wide">
            <span class="field-label">开具发票</span>
            <div class="radio-group">
              <label><input type="radio" name="invoice" value="yes" id="inv-yes">
                <xsl:if test="not($f/invoice = 'no')"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>开具</label>
              <label><input type="radio" name="invoice" value="no" id="inv-no">
                <xsl:if test="$f/invoice = 'no'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>不开具</label>
            </div>
          </div>
          <div class="invoice-fields">
            <div class="field field-wide">
              <span class="field-label">发票类型</span>
              <div class="radio-group">
                <label><input type="radio" name="invoice_kind" value="e_normal">
                  <xsl:if test="not($f/invoice_kind = 'paper_special')"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input>电子普票</label>
                <label><input type="radio" name="invoice_kind" value="paper_special" id="inv-special">
                  <xsl:if test="$f/invoice_kind = 'paper_special'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                </input>纸质专票</label>
              </div>
              <p class="field-help">发票类型选择后，支付完成即不可更改。</p>
              <ol class="notice-list">
                <li>纸质专票由“沈阳办理点”统一发出快递，请耐心等待，邮费自理！</li>
                <li>纸质专票将寄往下方发票抬头中的地址，请填写完整的地址和电话。</li>
              </ol>
            </div>
            <div class="field field-wide">
              <span class="field-label">抬头类型</span>
              <span class="field-static">企业发票</span>
            </div>
            <div class="form-grid">
              <xsl:call-template name="field">
                <xsl:with-param name="f" select="$f/title"/>
                <xsl:with-param name="label" select="'单位名称'"/>
                <xsl:with-param name="max" select="128"/>
                <xsl:with-param name="msg" select="'请输入单位名称(1-128个字)'"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="f" select="$f/tax_id"/>
                <xsl:with-param name="label" select="'纳税人识别号'"/>
                <xsl:with-param name="max" select="18"/>
                <xsl:with-param name="help" select="'即统一社会信用代码，18位'"/>
                <xsl:with-param name="msg" select="'纳税人识别号不正确，请核对18位统一社会信用代码(含最后一位校验码)'"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="f" select="$f/address"/>
                <xsl:with-param name="label" select="'地址'"/>
                <xsl:with-param name="max" select="256"/>
                <xsl:with-param name="wide" select="1"/>
                <xsl:with-param name="msg" select="'请输入地址(纸质专票必填，不超过256个字)'"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="f" select="$f/phone"/>
                <xsl:with-param name="label" select="'电话'"/>
                <xsl:with-param name="max" select="32"/>
                <xsl:with-param name="type" select="'tel'"/>
                <xsl:with-param name="msg" select="'请输入正确的电话(纸质专票必填；5-32位数字，可含 + - 空格 括号)'"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="f" select="$f/bank"/>
                <xsl:with-param name="label" select="'开户行'"/>
                <xsl:with-param name="max" select="128"/>
                <xsl:with-param name="msg" select="'请输入开户行(纸质专票必填，不超过128个字)'"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="f" select="$f/bank_account"/>
                <xsl:with-param name="label" select="'开户行账号'"/>
                <xsl:with-param name="max" select="64"/>
                <xsl:with-param name="msg" select="'请输入正确的开户行账号(纸质专票必填；6-64位数字，可含空格和-)'"/>
              </xsl:call-template>
            </div>
          </div>

          <h2 class="section-title">领取方式</h2>
          <div class="field field-wide">
            <xsl:if test="$f/method/@bad = '1'"><xsl:attribute name="class">field field-wide is-invalid</xsl:attribute></xsl:if>
            <span class="field-label">领取方式</span>
            <div class="radio-group">
              <label><input type="radio" name="method" value="mail" id="m-mail">
                <xsl:if test="$f/method = 'mail'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>邮寄(顺丰到付)</label>
              <label><input type="radio" name="method" value="onsite" id="m-onsite">
                <xsl:if test="not($f/method = 'mail')"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>现场领取</label>
            </div>
            <xsl:if test="$f/method/@bad = '1'">
              <p class="field-error">请选择领取方式</p>
            </xsl:if>
          </div>
          <div class="onsite-fields field field-wide">
            <xsl:if test="$k/offices/@bad = '1'"><xsl:attribute name="class">onsite-fields field field-wide is-invalid</xsl:attribute></xsl:if>
            <span class="field-label">办理点</span>
            <div class="radio-group office-choice">
              <xsl:for-each select="$k/offices/office">
                <label><input type="radio" name="office" value="{@code}">
                  <xsl:if test="@chosen = '1' or (not(../office[@chosen = '1']) and position() = 1)">
                    <xsl:attribute name="checked">checked</xsl:attribute>
                  </xsl:if>
                </input><xsl:value-of select="name"/></label>
              </xsl:for-each>
            </div>
            <xsl:if test="$k/offices/@bad = '1'">
              <p class="field-error">请选择办理点</p>
            </xsl:if>
            <dl class="office-addresses">
              <xsl:for-each select="$k/offices/office">
                <div><dt><xsl:value-of select="name"/></dt><dd>领取地址：<xsl:value-of select="address"/></dd></div>
              </xsl:for-each>
            </dl>
            <p class="field-help">缴费后变更办理点，需重新提交CA锁补办申请。</p>
            <p class="field-help">温馨提示：请在下单并审核通过后，在“订单管理”页面查看领取码，凭领取码前往所选办理点领取。</p>
          </div>
          <div class="mail-fields form-grid">
            <xsl:call-template name="field">
              <xsl:with-param name="f" select="$f/ship_address"/>
              <xsl:with-param name="label" select="'收货地址'"/>
              <xsl:with-param name="max" select="256"/>
              <xsl:with-param name="wide" select="1"/>
              <xsl:with-param name="help" select="'请填写省、市、区、详细地址、收件人和手机号；顺丰快递到付'"/>
              <xsl:with-param name="msg" select="'请填写收货地址(1-256个字)'"/>
            </xsl:call-template>
          </div>

          <h2 class="section-title">支付方式</h2>
          <div class="radio-group">
            <label><input type="radio" name="pay_method" value="online" checked="checked"/>在线支付</label>
          </div>

          <div class="actions actions-end">
            <span class="order-total">
              <xsl:text>应付金额：</xsl:text>
              <strong class="money"><xsl:value-of select="$k/amount"/>元</strong>
            </span>
            <a class="btn btn-default" href="/orders/view?id={$k/@order}">查看订单</a>
            <button class="btn btn-primary" type="submit">
              <xsl:if test="$k/@online = '0'"><xsl:attribute name="disabled">disabled</xsl:attribute></xsl:if>
              <xsl:text>立即支付</xsl:text>
            </button>
          </div>
          <xsl:if test="$k/@online = '0'">
            <p class="field-help">在线支付尚未开通。</p>
          </xsl:if>
        </form>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
