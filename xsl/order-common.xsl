<?xml version="1.0" encoding="UTF-8"?>
<!--
  order-common.xsl: what the order pages share (orders.xsl, order-view.xsl,
  invoices.xsl): the Chinese labels of every order code, the 操作 links
  of an order (查看订单, 去支付, 取消订单) and the pager of a list.  Imports
  cert-common.xsl (and so centre.xsl), so order-view.xsl can show the
  certificate being replaced with its "info" block.

  Labels (each template takes param "code" unless said otherwise):
    pay-state       未支付 / 已支付 / 已退款 / 已关闭 / 已取消   (badges)
    review-state    — / 待审核 / 审核通过 / 审核驳回            (badges)
    delivery-state  params code, pay:
                    none: — , but 待发货 for a paid order (the guide's word,
                    however it is collected); awaiting_issue 待签发, issued
                    已签发, ready 待领取, picked_up 已领取, shipped 已发货,
                    delivered 已签收
    order-kind      订单类别: CA补办 / 商品 / 课程 / 其他
    kind-tab        tab name: 数字证书(CA)订单 / 商品订单 / 课程订单 / 其他订单
    reason          param node: 证书丢失 / 证书损坏 / 其他：text
    pickup-method   邮寄(顺丰到付) / 现场领取
    invoice-kind    电子普票 / 纸质专票
    invoice-title   企业发票
    invoice-state   待支付 / 已取消 / 待开具 / 已开具 (badges)
    crl-reason-zh   param name (keyCompromise, superseded): 密钥泄露 / 已被取代
                    / 未指定
    event-name      提交订单, 支付成功, 取消订单, 超时关闭, 审核通过, …
    actor           param node <actor kind="…">text</actor>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="cert-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template name="pay-state">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'unpaid'"><span class="badge badge-warning">未支付</span></xsl:when>
      <xsl:when test="$code = 'paid'"><span class="badge badge-success">已支付</span></xsl:when>
      <xsl:when test="$code = 'refunded'"><span class="badge badge-info">已退款</span></xsl:when>
      <xsl:when test="$code = 'closed'"><span class="badge badge-muted">已关闭</span></xsl:when>
      <xsl:when test="$code = 'cancelled'"><span class="badge badge-muted">已取消</span></xsl:when>
      <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="review-state">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'pending'"><span class="badge badge-warning">待审核</span></xsl:when>
      <xsl:when test="$code = 'approved'"><span class="badge badge-success">审核通过</span></xsl:when>
      <xsl:when test="$code = 'rejected'"><span class="badge badge-danger">审核驳回</span></xsl:when>
      <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="delivery-state">
    <xsl:param name="code"/>
    <xsl:param name="pay"/>
    <xsl:choose>
      <xsl:when test="$code = 'none' and $pay = 'paid'"><span class="badge badge-info">待发货</span></xsl:when>
      <xsl:when test="$code = 'awaiting_issue'"><span class="badge badge-info">待签发</span></xsl:when>
      <xsl:when test="$code = 'issued'"><span class="badge badge-info">已签发</span></xsl:when>
      <xsl:when test="$code = 'ready'"><span class="badge badge-warning">待领取</span></xsl:when>
      <xsl:when test="$code = 'picked_up'"><span class="badge badge-success">已领取</span></xsl:when>
      <xsl:when test="$code = 'shipped'"><span class="badge badge-warning">已发货</span></xsl:when>
      <xsl:when test="$code = 'delivered'"><span class="badge badge-success">已签收</span></xsl:when>
      <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="order-kind">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'ca_reissue'">CA补办</xsl:when>
      <xsl:when test="$code = 'goods'">商品</xsl:when>
      <xsl:when test="$code = 'course'">课程</xsl:when>
      <xsl:otherwise>其他</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="kind-tab">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'ca_reissue'">数字证书(CA)订单</xsl:when>
      <xsl:when test="$code = 'goods'">商品订单</xsl:when>
      <xsl:when test="$code = 'course'">课程订单</xsl:when>
      <xsl:otherwise>其他订单</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="reason">
    <xsl:param name="node"/>
    <xsl:choose>
      <xsl:when test="$node/@code = 'lost'">证书丢失</xsl:when>
      <xsl:when test="$node/@code = 'damaged'">证书损坏</xsl:when>
      <xsl:when test="$node/@code = 'other'">其他：<xsl:value-of select="$node"/></xsl:when>
      <xsl:otherwise>—</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pickup-method">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'mail'">邮寄(顺丰到付)</xsl:when>
      <xsl:when test="$code = 'onsite'">现场领取</xsl:when>
      <xsl:otherwise>—</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="invoice-kind">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'e_normal'">电子普票</xsl:when>
      <xsl:when test="$code = 'paper_special'">纸质专票</xsl:when>
      <xsl:otherwise>—</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="invoice-title">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'company'">企业发票</xsl:when>
      <xsl:otherwise>—</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="invoice-state">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'awaiting_payment'"><span class="badge badge-warning">待支付</span></xsl:when>
      <xsl:when test="$code = 'cancelled'"><span class="badge badge-muted">已取消</span></xsl:when>
      <xsl:when test="$code = 'requested'"><span class="badge badge-info">待开具</span></xsl:when>
      <xsl:when test="$code = 'issued'"><span class="badge badge-success">已开具</span></xsl:when>
      <xsl:otherwise><span class="muted">—</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A CRL reason's technical name (keyCompromise) in Chinese. -->
  <xsl:template name="crl-reason-zh">
    <xsl:param name="name"/>
    <xsl:choose>
      <xsl:when test="$name = 'keyCompromise'">密钥泄露</xsl:when>
      <xsl:when test="$name = 'superseded'">已被取代</xsl:when>
      <xsl:otherwise>未指定</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="event-name">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'create'">提交订单</xsl:when>
      <xsl:when test="$code = 'pay'">支付成功</xsl:when>
      <xsl:when test="$code = 'cancel'">取消订单</xsl:when>
      <xsl:when test="$code = 'expire'">超时未支付，订单关闭</xsl:when>
      <xsl:when test="$code = 'approve'">审核通过</xsl:when>
      <xsl:when test="$code = 'reject'">审核驳回，原路退款</xsl:when>
      <xsl:when test="$code = 'issue'">新证书已签发</xsl:when>
      <xsl:when test="$code = 'ready'">可到办理点领取</xsl:when>
      <xsl:when test="$code = 'pickup'">已现场领取</xsl:when>
      <xsl:when test="$code = 'ship'">已发货</xsl:when>
      <xsl:when test="$code = 'deliver'">已签收</xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="actor">
    <xsl:param name="node"/>
    <xsl:choose>
      <xsl:when test="$node/@kind = 'applicant'">申请人 <xsl:value-of select="$node"/></xsl:when>
      <xsl:when test="$node/@kind = 'person'"><xsl:value-of select="$node"/></xsl:when>
      <xsl:when test="$node/@kind = 'system'">系统</xsl:when>
      <xsl:when test="$node/@kind = 'payment'">
        <xsl:text>支付平台</xsl:text>
        <xsl:if test="$node = 'sandbox'">(沙箱)</xsl:if>
      </xsl:when>
      <xsl:when test="$node/@kind = 'operator'">办理点审核员</xsl:when>
      <xsl:otherwise><xsl:value-of select="$node"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 操作 of an order element: 查看订单, and for an unpaid one 去支付
       and 取消订单 (a POST form with the session's CSRF token); each
       named with the order's number too, so that a list's controls
       differ. -->
  <xsl:template match="order" mode="order-ops">
    <xsl:param name="view" select="1"/>
    <xsl:if test="$view = 1">
      <a href="/orders/view?id={@id}" aria-label="查看订单 {no}">查看订单</a>
    </xsl:if>
    <xsl:if test="@payable = '1'">
      <a class="text-primary" href="/orders/pay?id={@id}" aria-label="去支付 {no}">去支付</a>
    </xsl:if>
    <xsl:if test="@cancellable = '1'">
      <form class="inline-form" method="post" action="/orders/cancel">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="id" value="{@id}"/>
        <button class="btn-link text-danger" type="submit" aria-label="取消订单 {no}">取消订单</button>
      </form>
    </xsl:if>
  </xsl:template>

  <!-- 共 N 条 · N 条/页 · ‹ pages › · 前往 N 页, for the list at path
       (with the order kind, if any, kept in every link). -->
  <xsl:template match="pager" mode="list">
    <xsl:param name="path"/>
    <xsl:param name="kind" select="''"/>
    <xsl:variable name="k">
      <xsl:if test="$kind != ''">kind=<xsl:value-of select="$kind"/>&amp;</xsl:if>
    </xsl:variable>
    <xsl:variable name="base" select="concat($path, '?', $k, @qs, '&amp;page=')"/>
    <form class="pager" method="get" action="{$path}" aria-label="分页">
      <xsl:if test="$kind != ''">
        <input type="hidden" name="kind" value="{$kind}"/>
      </xsl:if>
      <span class="pager-total">共 <xsl:value-of select="@total"/> 条</span>
      <label class="sr-only" for="pager-size">每页条数</label>
      <select class="select pager-size" id="pager-size" name="size">
        <xsl:call-template name="list-size"><xsl:with-param name="n" select="10"/></xsl:call-template>
        <xsl:call-template name="list-size"><xsl:with-param name="n" select="20"/></xsl:call-template>
        <xsl:call-template name="list-size"><xsl:with-param name="n" select="50"/></xsl:call-template>
      </select>
      <xsl:choose>
        <xsl:when test="@page &gt; 1">
          <a class="pager-link" href="{$base}{@page - 1}" rel="prev" aria-label="上一页">‹</a>
        </xsl:when>
        <xsl:otherwise>
          <span class="pager-link is-disabled" aria-hidden="true">‹</span>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:for-each select="n | gap">
        <xsl:choose>
          <xsl:when test="self::gap"><span class="pager-gap">…</span></xsl:when>
          <xsl:when test=". = ../@page">
            <span class="pager-link is-active" aria-current="page"><xsl:value-of select="."/></span>
          </xsl:when>
          <xsl:otherwise>
            <a class="pager-link" href="{$base}{.}"><xsl:value-of select="."/></a>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:choose>
        <xsl:when test="@page &lt; @pages">
          <a class="pager-link" href="{$base}{@page + 1}" rel="next" aria-label="下一页">›</a>
        </xsl:when>
        <xsl:otherwise>
          <span class="pager-link is-disabled" aria-hidden="true">›</span>
        </xsl:otherwise>
      </xsl:choose>
      <label class="pager-jump">
        <xsl:text>前往 </xsl:text>
        <input class="input" name="page" type="number" min="1" max="{@pages}"
            inputmode="numeric" value="{@page}"/>
        <xsl:text> 页</xsl:text>
      </label>
      <button class="btn btn-default btn-sm" type="submit">确定</button>
    </form>
  </xsl:template>

  <!-- An <option> of the page-size select; the context is the pager. -->
  <xsl:template name="list-size">
    <xsl:param name="n"/>
    <option value="{$n}">
      <xsl:if test="@size = $n">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:value-of select="$n"/>
      <xsl:text>条/页</xsl:text>
    </option>
  </xsl:template>

</xsl:stylesheet>
