<?xml version="1.0" encoding="UTF-8"?>
<!--
  ops.xsl: /ops, 审核 — the operators' queue of paid CA补办 orders, oldest
  payment first, filtered by office (the operator's own by default, or
  全部办理点) and by status (tabs with counts).  Each row: 订单号, 支付时间,
  单位/购买人, 持锁人, 锁类型, 补办原因, 领取方式/办理点, 状态, 操作 (处理).

  Input (frame: layout.xsl + ops-common.xsl):

    <queue office="shenyang|dalian|…|all" status="pending|approved|
           delivering|done|rejected|all" mail_office="shenyang">
      <office code="shenyang">沈阳办理点</office> …      every office
      <tab status="pending" count="3"/> …                all six, in order
      <pager total= page= pages= size= qs="size=10"> <n/> <gap/> </pager>
      <order id="7" pay= review= delivery= method="mail|onsite"
             lock="company_master|…" mine="0|1" confirm="0|1">
                                                         mine: of the
                                                         operator's office;
                                                         confirm: an issuance
                                                         awaits a second
                                                         operator (待复核)
        <no/> <paid>2025-06-17 10:30</paid>
        <company/> <buyer/> <holder/>                    company "" for 个人
        <reason code="lost|damaged|other">text</reason>
        <office code="shenyang">沈阳办理点</office>     the office it
                                                         belongs to
      </order> …
    </queue>

  Links: /ops?office=&status=&size=&page=, /ops/order?id=.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="ops-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">审核队列</xsl:template>

  <xsl:template match="page" mode="body">
    <xsl:call-template name="ops-frame"/>
  </xsl:template>

  <xsl:template name="status-name">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'pending'">待审核</xsl:when>
      <xsl:when test="$code = 'approved'">待签发</xsl:when>
      <xsl:when test="$code = 'delivering'">待交付</xsl:when>
      <xsl:when test="$code = 'done'">已完成</xsl:when>
      <xsl:when test="$code = 'rejected'">已驳回</xsl:when>
      <xsl:otherwise>全部</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="ops">
    <xsl:variable name="q" select="queue"/>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">审核队列</h1>
      </header>
      <div class="card-body">
        <form class="ops-filter" method="get" action="/ops">
          <input type="hidden" name="status" value="{$q/@status}"/>
          <label class="ops-filter-label" for="office">办理点</label>
          <select class="select select-sm" id="office" name="office">
            <xsl:for-each select="$q/office">
              <option value="{@code}">
                <xsl:if test="@code = $q/@office">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="."/>
                <xsl:if test="@code = /page/operator/@office">(本办理点)</xsl:if>
              </option>
            </xsl:for-each>
            <option value="all">
              <xsl:if test="$q/@office = 'all'">
                <xsl:attribute name="selected">selected</xsl:attribute>
              </xsl:if>
              <xsl:text>全部办理点</xsl:text>
            </option>
          </select>
          <button class="btn btn-default btn-sm" type="submit">筛选</button>
          <span class="muted ops-filter-help">邮寄订单由<xsl:value-of select="$q/office[@code = $q/@mail_office]"/>办理</span>
        </form>

        <nav class="tabs order-tabs ops-tabs" aria-label="订单状态">
          <xsl:for-each select="$q/tab">
            <a href="/ops?office={$q/@office}&amp;status={@status}">
              <xsl:attribute name="class">
                <xsl:text>tab</xsl:text>
                <xsl:if test="@status = $q/@status"> is-active</xsl:if>
              </xsl:attribute>
              <xsl:if test="@status = $q/@status">
                <xsl:attribute name="aria-current">page</xsl:attribute>
              </xsl:if>
              <xsl:call-template name="status-name">
                <xsl:with-param name="code" select="@status"/>
              </xsl:call-template>
              <span class="tab-count"><xsl:value-of select="@count"/></span>
            </a>
          </xsl:for-each>
        </nav>

        <xsl:choose>
          <xsl:when test="$q/order">
            <div class="table-wrap card-wrap">
              <table class="table card-table ops-table">
                <thead>
                  <tr>
                    <th scope="col">订单号</th>
                    <th scope="col">支付时间</th>
                    <th scope="col">单位/购买人</th>
                    <th scope="col">持锁人</th>
                    <th scope="col">锁类型</th>
                    <th scope="col">补办原因</th>
                    <th scope="col">领取方式/办理点</th>
                    <th scope="col">状态</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:apply-templates select="$q/order"/>
                </tbody>
              </table>
            </div>
          </xsl:when>
          <xsl:otherwise>
            <div class="empty">
              <xsl:text>暂无</xsl:text>
              <xsl:call-template name="status-name">
                <xsl:with-param name="code" select="$q/@status"/>
              </xsl:call-template>
              <xsl:text>的订单</xsl:text>
            </div>
          </xsl:otherwise>
        </xsl:choose>

        <xsl:apply-templates select="$q/pager" mode="ops"/>
      </div>
    </section>
  </xsl:template>

  <xsl:template match="queue/order">
    <tr>
      <td class="nowrap" data-label="订单号"><span class="mono"><xsl:value-of select="no"/></span></td>
      <td class="nowrap" data-label="支付时间"><xsl:value-of select="paid"/></td>
      <td data-label="单位/购买人">
        <span class="cell">
          <xsl:choose>
            <xsl:when test="normalize-space(company) != ''"><xsl:value-of select="company"/></xsl:when>
            <xsl:otherwise>个人</xsl:otherwise>
          </xsl:choose>
          <span class="order-goods-sub">购买人：<xsl:value-of select="buyer"/></span>
        </span>
      </td>
      <td data-label="持锁人"><xsl:value-of select="holder"/></td>
      <td class="nowrap" data-label="锁类型">
        <xsl:call-template name="lock-type"><xsl:with-param name="code" select="@lock"/></xsl:call-template>
      </td>
      <td data-label="补办原因">
        <xsl:call-template name="reason"><xsl:with-param name="node" select="reason"/></xsl:call-template>
      </td>
      <td data-label="领取方式/办理点">
        <span class="cell">
          <xsl:call-template name="pickup-method"><xsl:with-param name="code" select="@method"/></xsl:call-template>
          <span class="order-goods-sub">
            <xsl:value-of select="office"/>
            <xsl:if test="@mine = '1'">(本办理点)</xsl:if>
          </span>
        </span>
      </td>
      <td class="nowrap" data-label="状态">
        <xsl:call-template name="ops-status"><xsl:with-param name="order" select="."/></xsl:call-template>
        <xsl:if test="@confirm = '1'"> <span class="badge badge-warning">待复核</span></xsl:if>
      </td>
      <td class="nowrap" data-label="操作">
        <a class="btn btn-primary btn-sm" href="/ops/order?id={@id}" aria-label="处理 {no}">处理</a>
      </td>
    </tr>
  </xsl:template>

  <!-- 共 N 条 · N 条/页 · ‹ pages › · 前往 N 页, keeping office and
       status in every link. -->
  <xsl:template match="pager" mode="ops">
    <xsl:variable name="q" select=".."/>
    <xsl:variable name="base" select="concat('/ops?office=', $q/@office, '&amp;status=', $q/@status, '&amp;', @qs, '&amp;page=')"/>
    <form class="pager" method="get" action="/ops" aria-label="分页">
      <input type="hidden" name="office" value="{$q/@office}"/>
      <input type="hidden" name="status" value="{$q/@status}"/>
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

</xsl:stylesheet>
