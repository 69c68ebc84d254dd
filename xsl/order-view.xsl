<?xml version="1.0" encoding="UTF-8"?>
<!--
  order-view.xsl: /orders/view?id=N, 查看订单: every field of one order,
  the certificate it replaces, 领取方式, the invoice request, the payment,
  and the order's history (each state change with its time, who made it
  and the three states before → after).

  Input (frame: layout.xsl; <centre>: centre.xsl; labels: order-common.xsl):

    <notice>paid|cancelled|paying|not_cancellable</notice>   optional:
                 what 支付 or 取消订单 sent the buyer back to say
    <order id="7" kind= pay= review= delivery= method= payable= cancellable=>
      <no/> <created/> <updated/> <paid/>        times: Shanghai, minutes
      <buyer/> <company/> <uscc/>                 company "" for 个人
      <quantity>1</quantity> <amount fen="5000">50.00</amount>
      <reason code="lost|damaged|other">text</reason>        reissue only
      <cert …>…<platforms>…</platforms></cert>   as in cert-common.xsl
      <statement id="12">盖章.png</statement>    the stamped 情况说明书
      <pickup method="onsite|mail"> <office/> <address/> </pickup>
      <pickup_code>…</pickup_code>   the 领取码, while 待领取
      <tracking_no>SF…</tracking_no>              once shipped (顺丰)
      <reject_reason/>                             when rejected
      <invoice kind="e_normal|paper_special" title_type="company"
               state="awaiting_payment|cancelled|requested|issued">
        <title/> <tax_id/> <address/> <phone/> <bank/> <bank_account/>
        <created/>
      </invoice>                                   absent: 不开具
      <payment provider="sandbox" state="started|paid|closed|refunded">
        <trade_no/> <started/> <paid/>
      </payment>                                   absent: not started
      <history>
        <event code="create|pay|…" from_pay= from_review= from_delivery=
               to_pay= to_review= to_delivery=>   from_* "" for create
          <at>2025-06-17 10:30:05</at>
          <actor kind="applicant|person|system|payment|operator|other">…</actor>
          <detail/>
        </event> …
      </history>
    </order>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="order-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">订单详情</xsl:template>

  <xsl:template match="page" mode="crumbs">
    <a href="/orders?kind={order/@kind}" aria-label="上一级 订单管理">订单管理</a>
    <span class="sep">&gt;</span>
    <span>查看订单</span>
  </xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:choose>
      <xsl:when test="notice = 'paid'">
        <div class="alert alert-success" role="status">支付成功，订单已进入审核，请留意审核结果。</div>
      </xsl:when>
      <xsl:when test="notice = 'cancelled'">
        <div class="alert alert-success" role="status">订单已取消，未产生扣款。</div>
      </xsl:when>
      <xsl:when test="notice = 'paying'">
        <div class="alert alert-warning" role="status">该订单已在支付平台付款，正在确认到账，不能取消。</div>
      </xsl:when>
      <xsl:when test="notice = 'not_cancellable'">
        <div class="alert alert-error" role="alert">该订单已不能取消（仅未支付的订单可以取消）。</div>
      </xsl:when>
    </xsl:choose>
    <xsl:apply-templates select="order" mode="view"/>
  </xsl:template>

  <xsl:template match="order" mode="view">
    <xsl:if test="@review = 'rejected'">
      <div class="alert alert-error" role="alert">
        <span class="alert-title">审核驳回，款项已原路退回</span>
        <xsl:text>驳回原因：</xsl:text><xsl:value-of select="reject_reason"/>
      </div>
    </xsl:if>
    <xsl:if test="@payable = '1'">
      <div class="alert alert-warning" role="status">订单尚未支付：下单后24小时内未支付，订单将自动关闭。</div>
    </xsl:if>
    <xsl:if test="pickup_code">
      <div class="alert alert-success pickup-callout" role="status">
        <span class="alert-title">新证书已可领取</span>
        <xsl:text>请持本人有效身份证件到</xsl:text>
        <xsl:value-of select="pickup/office"/>
        <xsl:text>领取，向工作人员出示领取码 </xsl:text>
        <strong class="mono pickup-code"><xsl:value-of select="pickup_code"/></strong>
        <xsl:text>（仅可使用一次）。</xsl:text>
      </div>
    </xsl:if>

    <section class="card">
      <header class="card-header">
        <h1 class="card-title">订单信息</h1>
      </header>
      <div class="card-body">
        <dl class="info-grid order-info">
          <div class="info-item"><dt class="info-label">订单号</dt><dd class="info-value mono"><xsl:value-of select="no"/></dd></div>
          <div class="info-item"><dt class="info-label">订单类别</dt><dd class="info-value">
            <xsl:call-template name="order-kind"><xsl:with-param name="code" select="@kind"/></xsl:call-template>
          </dd></div>
          <div class="info-item"><dt class="info-label">下单时间</dt><dd class="info-value"><xsl:value-of select="created"/></dd></div>
          <div class="info-item"><dt class="info-label">购买人</dt><dd class="info-value"><xsl:value-of select="buyer"/></dd></div>
          <div class="info-item"><dt class="info-label">所属单位</dt><dd class="info-value">
            <xsl:choose>
              <xsl:when test="normalize-space(company) != ''"><xsl:value-of select="company"/></xsl:when>
              <xsl:otherwise>个人</xsl:otherwise>
            </xsl:choose>
          </dd></div>
          <xsl:if test="normalize-space(uscc) != ''">
            <div class="info-item"><dt class="info-label">统一社会信用代码</dt><dd class="info-value mono"><xsl:value-of select="uscc"/></dd></div>
          </xsl:if>
          <div class="info-item"><dt class="info-label">商品</dt><dd class="info-value">
            <xsl:call-template name="order-kind"><xsl:with-param name="code" select="@kind"/></xsl:call-template>
            <xsl:text> ×</xsl:text><xsl:value-of select="quantity"/>
          </dd></div>
          <div class="info-item"><dt class="info-label">订单金额</dt><dd class="info-value"><span class="money">¥<xsl:value-of select="amount"/></span></dd></div>
          <xsl:if test="reason">
            <div class="info-item info-item-wide"><dt class="info-label">补办原因</dt><dd class="info-value">
              <xsl:call-template name="reason"><xsl:with-param name="node" select="reason"/></xsl:call-template>
            </dd></div>
          </xsl:if>
          <div class="info-item"><dt class="info-label">支付状态</dt><dd class="info-value">
            <xsl:call-template name="pay-state"><xsl:with-param name="code" select="@pay"/></xsl:call-template>
          </dd></div>
          <div class="info-item"><dt class="info-label">审核状态</dt><dd class="info-value">
            <xsl:call-template name="review-state"><xsl:with-param name="code" select="@review"/></xsl:call-template>
          </dd></div>
          <div class="info-item"><dt class="info-label">收货状态</dt><dd class="info-value">
            <xsl:call-template name="delivery-state">
              <xsl:with-param name="code" select="@delivery"/>
              <xsl:with-param name="pay" select="@pay"/>
            </xsl:call-template>
          </dd></div>
          <xsl:if test="paid">
            <div class="info-item"><dt class="info-label">支付时间</dt><dd class="info-value"><xsl:value-of select="paid"/></dd></div>
          </xsl:if>
          <div class="info-item"><dt class="info-label">最近更新</dt><dd class="info-value"><xsl:value-of select="updated"/></dd></div>
          <xsl:if test="reject_reason">
            <div class="info-item info-item-wide"><dt class="info-label">驳回原因</dt><dd class="info-value text-danger"><xsl:value-of select="reject_reason"/></dd></div>
          </xsl:if>
          <xsl:if test="pickup_code">
            <div class="info-item"><dt class="info-label">领取码</dt><dd class="info-value mono"><xsl:value-of select="pickup_code"/></dd></div>
          </xsl:if>
          <xsl:if test="tracking_no">
            <div class="info-item"><dt class="info-label">运单号</dt><dd class="info-value"><span class="mono"><xsl:value-of select="tracking_no"/></span> (顺丰速运)</dd></div>
          </xsl:if>
        </dl>
        <div class="actions">
          <a class="btn btn-default" href="/orders?kind={@kind}">返回订单列表</a>
          <xsl:if test="@payable = '1'">
            <a class="btn btn-primary" href="/orders/pay?id={@id}">去支付</a>
          </xsl:if>
          <xsl:if test="@cancellable = '1'">
            <form class="inline-form" method="post" action="/orders/cancel">
              <xsl:call-template name="csrf-field"/>
              <input type="hidden" name="id" value="{@id}"/>
              <button class="btn btn-danger" type="submit">取消订单</button>
            </form>
          </xsl:if>
        </div>
      </div>
    </section>

    <xsl:if test="cert or statement">
      <section class="card">
        <header class="card-header">
          <h2 class="card-title">补办证书</h2>
        </header>
        <div class="card-body">
          <xsl:apply-templates select="cert" mode="info"/>
          <xsl:if test="statement">
            <dl class="info-grid cert-info order-statement">
              <div class="info-item info-item-wide"><dt class="info-label">情况说明书</dt><dd class="info-value">
                <a href="/uploads/view?id={statement/@id}" target="_blank" rel="noopener"><xsl:value-of select="statement"/></a>
                <span class="muted">(加盖公章)</span>
              </dd></div>
            </dl>
          </xsl:if>
        </div>
      </section>
    </xsl:if>

    <xsl:apply-templates select="." mode="card-pickup"/>
    <xsl:apply-templates select="." mode="card-invoice"/>
    <xsl:apply-templates select="." mode="card-payment"/>
    <xsl:apply-templates select="." mode="card-history"/>
  </xsl:template>

  <!-- 领取方式: also on the operators' order page (xsl/ops-order.xsl). -->
  <xsl:template match="order" mode="card-pickup">
    <section class="card">
      <header class="card-header">
        <h2 class="card-title">领取方式</h2>
      </header>
      <div class="card-body">
        <dl class="info-grid order-info">
          <xsl:choose>
            <xsl:when test="pickup/@method = 'onsite'">
              <div class="info-item"><dt class="info-label">领取方式</dt><dd class="info-value">现场领取</dd></div>
              <div class="info-item"><dt class="info-label">办理点</dt><dd class="info-value"><xsl:value-of select="pickup/office"/></dd></div>
              <div class="info-item info-item-wide"><dt class="info-label">领取地址</dt><dd class="info-value"><xsl:value-of select="pickup/address"/></dd></div>
            </xsl:when>
            <xsl:when test="pickup/@method = 'mail'">
              <div class="info-item"><dt class="info-label">领取方式</dt><dd class="info-value">邮寄(顺丰到付)</dd></div>
              <div class="info-item info-item-wide"><dt class="info-label">收货地址</dt><dd class="info-value"><xsl:value-of select="pickup/address"/></dd></div>
            </xsl:when>
            <xsl:otherwise>
              <div class="info-item info-item-wide"><dt class="info-label">领取方式</dt><dd class="info-value muted">尚未选择(支付时选择)</dd></div>
            </xsl:otherwise>
          </xsl:choose>
        </dl>
      </div>
    </section>
  </xsl:template>

  <!-- 发票信息: also on the operators' order page (xsl/ops-order.xsl). -->
  <xsl:template match="order" mode="card-invoice">
    <section class="card">
      <header class="card-header">
        <h2 class="card-title">发票信息</h2>
      </header>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="invoice">
            <xsl:variable name="v" select="invoice"/>
            <dl class="info-grid order-info">
              <div class="info-item"><dt class="info-label">开具发票</dt><dd class="info-value">开具</dd></div>
              <div class="info-item"><dt class="info-label">发票状态</dt><dd class="info-value">
                <xsl:call-template name="invoice-state"><xsl:with-param name="code" select="$v/@state"/></xsl:call-template>
              </dd></div>
              <div class="info-item"><dt class="info-label">发票类型</dt><dd class="info-value">
                <xsl:call-template name="invoice-kind"><xsl:with-param name="code" select="$v/@kind"/></xsl:call-template>
              </dd></div>
              <div class="info-item"><dt class="info-label">抬头类型</dt><dd class="info-value">
                <xsl:call-template name="invoice-title"><xsl:with-param name="code" select="$v/@title_type"/></xsl:call-template>
              </dd></div>
              <div class="info-item"><dt class="info-label">单位名称</dt><dd class="info-value"><xsl:value-of select="$v/title"/></dd></div>
              <div class="info-item"><dt class="info-label">纳税人识别号</dt><dd class="info-value mono"><xsl:value-of select="$v/tax_id"/></dd></div>
              <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'地址'"/><xsl:with-param name="v" select="$v/address"/></xsl:call-template>
              <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'电话'"/><xsl:with-param name="v" select="$v/phone"/></xsl:call-template>
              <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'开户行'"/><xsl:with-param name="v" select="$v/bank"/></xsl:call-template>
              <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'开户行账号'"/><xsl:with-param name="v" select="$v/bank_account"/></xsl:call-template>
              <div class="info-item"><dt class="info-label">申请时间</dt><dd class="info-value"><xsl:value-of select="$v/created"/></dd></div>
              <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'发票号码'"/><xsl:with-param name="v" select="$v/invoice_no"/></xsl:call-template>
              <xsl:call-template name="optional-item"><xsl:with-param name="label" select="'快递单号'"/><xsl:with-param name="v" select="$v/tracking_no"/></xsl:call-template>
              <xsl:if test="$v/@file = '1' and $v/@state = 'issued' and not(/page/operator)">
                <div class="info-item"><dt class="info-label">电子发票</dt><dd class="info-value"><a href="/invoices/file?id={@id}">下载PDF</a></dd></div>
              </xsl:if>
            </dl>
          </xsl:when>
          <xsl:otherwise>
            <dl class="info-grid order-info">
              <div class="info-item"><dt class="info-label">开具发票</dt><dd class="info-value">不开具</dd></div>
            </dl>
          </xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

  <!-- 支付信息: also on the operators' order page (xsl/ops-order.xsl). -->
  <xsl:template match="order" mode="card-payment">
    <section class="card">
      <header class="card-header">
        <h2 class="card-title">支付信息</h2>
      </header>
      <div class="card-body">
        <dl class="info-grid order-info">
          <xsl:choose>
            <xsl:when test="payment">
              <div class="info-item"><dt class="info-label">支付方式</dt><dd class="info-value">
                <xsl:choose>
                  <xsl:when test="payment/@provider = 'sandbox'">沙箱支付(测试)</xsl:when>
                  <xsl:otherwise><xsl:value-of select="payment/@provider"/></xsl:otherwise>
                </xsl:choose>
              </dd></div>
              <div class="info-item"><dt class="info-label">交易状态</dt><dd class="info-value">
                <xsl:choose>
                  <xsl:when test="payment/@state = 'started'">待支付</xsl:when>
                  <xsl:when test="payment/@state = 'paid'">支付成功</xsl:when>
                  <xsl:when test="payment/@state = 'closed'">交易关闭</xsl:when>
                  <xsl:when test="payment/@state = 'refunded'">已退款</xsl:when>
                  <xsl:otherwise>—</xsl:otherwise>
                </xsl:choose>
              </dd></div>
              <xsl:if test="normalize-space(payment/trade_no) != ''">
                <div class="info-item"><dt class="info-label">交易号</dt><dd class="info-value mono"><xsl:value-of select="payment/trade_no"/></dd></div>
              </xsl:if>
              <xsl:if test="payment/paid">
                <div class="info-item"><dt class="info-label">支付时间</dt><dd class="info-value"><xsl:value-of select="payment/paid"/></dd></div>
              </xsl:if>
            </xsl:when>
            <xsl:otherwise>
              <div class="info-item info-item-wide"><dt class="info-label">支付方式</dt><dd class="info-value muted">尚未发起支付</dd></div>
            </xsl:otherwise>
          </xsl:choose>
        </dl>
      </div>
    </section>
  </xsl:template>

  <!-- 订单记录: also on the operators' order page (xsl/ops-order.xsl). -->
  <xsl:template match="order" mode="card-history">
    <section class="card">
      <header class="card-header">
        <h2 class="card-title">订单记录</h2>
      </header>
      <div class="card-body">
        <div class="table-wrap card-wrap">
          <table class="table card-table history-table">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">事项</th>
                <th scope="col">操作人</th>
                <th scope="col">支付状态</th>
                <th scope="col">审核状态</th>
                <th scope="col">收货状态</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="history/event">
                <tr>
                  <td class="nowrap" data-label="时间"><xsl:value-of select="at"/></td>
                  <td data-label="事项">
                    <xsl:call-template name="event-name"><xsl:with-param name="code" select="@code"/></xsl:call-template>
                  </td>
                  <td data-label="操作人">
                    <xsl:call-template name="actor"><xsl:with-param name="node" select="actor"/></xsl:call-template>
                  </td>
                  <td class="nowrap" data-label="支付状态">
                    <span class="cell">
                    <xsl:if test="@from_pay != '' and @from_pay != @to_pay">
                      <xsl:call-template name="pay-state"><xsl:with-param name="code" select="@from_pay"/></xsl:call-template>
                      <span class="arrow">→</span>
                    </xsl:if>
                    <xsl:call-template name="pay-state"><xsl:with-param name="code" select="@to_pay"/></xsl:call-template>
                    </span>
                  </td>
                  <td class="nowrap" data-label="审核状态">
                    <span class="cell">
                    <xsl:if test="@from_review != '' and @from_review != @to_review">
                      <xsl:call-template name="review-state"><xsl:with-param name="code" select="@from_review"/></xsl:call-template>
                      <span class="arrow">→</span>
                    </xsl:if>
                    <xsl:call-template name="review-state"><xsl:with-param name="code" select="@to_review"/></xsl:call-template>
                    </span>
                  </td>
                  <td class="nowrap" data-label="收货状态">
                    <span class="cell">
                    <xsl:if test="@from_pay != '' and (@from_delivery != @to_delivery or @from_pay != @to_pay)">
                      <xsl:call-template name="delivery-state">
                        <xsl:with-param name="code" select="@from_delivery"/>
                        <xsl:with-param name="pay" select="@from_pay"/>
                      </xsl:call-template>
                      <span class="arrow">→</span>
                    </xsl:if>
                    <xsl:call-template name="delivery-state">
                      <xsl:with-param name="code" select="@to_delivery"/>
                      <xsl:with-param name="pay" select="@to_pay"/>
                    </xsl:call-template>
                    </span>
                  </td>
                  <td data-label="说明">
                    <span class="cell">
                    <xsl:choose>
                      <xsl:when test="normalize-space(detail) != '' and @code = 'ship'">运单号 <span class="mono"><xsl:value-of select="detail"/></span></xsl:when>
                      <xsl:when test="normalize-space(detail) != '' and @code = 'reject'">驳回原因：<xsl:value-of select="detail"/></xsl:when>
                      <xsl:when test="@code = 'pay' and starts-with(detail, 'trade ')">交易号 <span class="mono"><xsl:value-of select="substring-after(detail, 'trade ')"/></span></xsl:when>
                      <!-- Approvals recorded before the history was in
                           Chinese only: "原证书 … 已注销(superseded)". -->
                      <xsl:when test="@code = 'approve' and contains(detail, '已注销(')">
                        <xsl:value-of select="substring-before(detail, '(')"/>
                        <xsl:text>，注销原因：</xsl:text>
                        <xsl:call-template name="crl-reason-zh">
                          <xsl:with-param name="name" select="substring-before(substring-after(detail, '已注销('), ')')"/>
                        </xsl:call-template>
                      </xsl:when>
                      <xsl:when test="normalize-space(detail) != ''"><xsl:value-of select="detail"/></xsl:when>
                      <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
                    </xsl:choose>
                    </span>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="optional-item">
    <xsl:param name="label"/>
    <xsl:param name="v"/>
    <xsl:if test="normalize-space($v) != ''">
      <div class="info-item"><dt class="info-label"><xsl:value-of select="$label"/></dt><dd class="info-value"><xsl:value-of select="$v"/></dd></div>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
