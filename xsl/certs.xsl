<?xml version="1.0" encoding="UTF-8"?>
<!--
  certs.xsl: /certs, CA管理 as in 图1 of the guide: search, the table
  申请时间 | 证书类型 | 持锁人 | 证书厂商 | CA锁类别 | 到期时间 | 状态 | 操作, and
  the pager "共 N 条 · 10 条/页 · ‹ 1 2 › · 前往 N 页".  The 操作 menu is a
  <details> element: it opens without JavaScript.

  Input (frame: layout.xsl; <centre>: centre.xsl):

    <certs q="search text" q_bad="1">       q_bad: the search was refused
      <pager total="2" page="1" pages="1" size="10" qs="q=..&amp;size=10">
        <n>1</n> <gap/> <n>7</n> …            page links to show
      </pager>
      <notice code="revoked|ordered"/>       optional
      <cert id="7" type="personal|company"
            lock="company_master|project_lead|cost_engineer|personal"
            status="valid|reissuing|revoked|expired" active="0|1">
        <applied>2021-03-04</applied> <holder/> <vendor/>
        <not_after>2026-03-03</not_after> <serial/>
      </cert> …
    </certs>

  Links: the guide's buttons above the table, CA主锁申请, CA个人锁申请,
  CA延期年检 and 更新数字证书, to /certs/apply?service=master|personal|
  renewal|update (where those applications are made: not here);
  /certs/view?id=, /certs/platform?id=, /reissue?cert=,
  /certs/revoke?id= (a confirm page; nothing changes on GET).
  Forms: GET /certs (q, size) and GET /certs (q, size, page) for 前往.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="centre.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">CA管理</xsl:template>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="cs" select="certs"/>
    <xsl:if test="$cs/notice/@code = 'revoked'">
      <div class="alert alert-success" role="status">证书已注销，CA系统已将其列入证书吊销列表(CRL)。</div>
    </xsl:if>
    <xsl:if test="$cs/notice/@code = 'ordered'">
      <div class="alert alert-success" role="status">补办订单已提交，请在“订单管理”中完成支付。</div>
    </xsl:if>
    <xsl:if test="$cs/@q_bad = '1'">
      <div class="alert alert-error" role="alert">搜索内容不能超过32个字，已显示全部证书</div>
    </xsl:if>
    <section class="card">
      <header class="card-header">
        <h1 class="card-title">CA管理</h1>
      </header>
      <div class="card-body">
        <div class="toolbar">
          <form class="form" method="get" action="/certs" role="search">
            <label class="sr-only" for="q">搜索证书</label>
            <input class="input" id="q" name="q" type="search" maxlength="32"
                placeholder="持锁人 / 证书序列号 / 证书类型" value="{$cs/@q}"/>
            <input type="hidden" name="size" value="{$cs/pager/@size}"/>
            <button class="btn btn-primary" type="submit">搜索</button>
            <xsl:if test="normalize-space($cs/@q) != ''">
              <a class="btn btn-default" href="/certs">清除</a>
            </xsl:if>
          </form>
          <nav class="apply-links" aria-label="其他CA业务">
            <a class="btn btn-default" href="/certs/apply?service=master">CA主锁申请</a>
            <a class="btn btn-default" href="/certs/apply?service=personal">CA个人锁申请</a>
            <a class="btn btn-default" href="/certs/apply?service=renewal">CA延期年检</a>
            <a class="btn btn-default" href="/certs/apply?service=update">更新数字证书</a>
          </nav>
        </div>

        <xsl:choose>
          <xsl:when test="$cs/cert">
            <div class="table-wrap card-wrap">
              <table class="table cert-table card-table">
                <thead>
                  <tr>
                    <th scope="col">申请时间</th>
                    <th scope="col">证书类型</th>
                    <th scope="col">持锁人</th>
                    <th scope="col">证书厂商</th>
                    <th scope="col">CA锁类别</th>
                    <th scope="col">到期时间</th>
                    <th scope="col">状态</th>
                    <th scope="col">操作</th>
                  </tr>
                </thead>
                <tbody>
                  <xsl:apply-templates select="$cs/cert"/>
                </tbody>
              </table>
            </div>
          </xsl:when>
          <xsl:otherwise>
            <div class="empty">
              <xsl:choose>
                <xsl:when test="normalize-space($cs/@q) != ''">没有符合条件的证书</xsl:when>
                <xsl:otherwise>暂无证书</xsl:otherwise>
              </xsl:choose>
            </div>
          </xsl:otherwise>
        </xsl:choose>

        <xsl:apply-templates select="$cs/pager"/>
      </div>
    </section>
  </xsl:template>

  <!-- One row; at phone widths app.css shows each cell under its
       data-label, the words of its column's <th> above (.card-table).
       The 操作 menus share one name: opening one closes the others. -->
  <xsl:template match="cert">
    <tr>
      <td class="nowrap" data-label="申请时间"><xsl:value-of select="applied"/></td>
      <td data-label="证书类型">
        <xsl:call-template name="cert-type">
          <xsl:with-param name="code" select="@type"/>
        </xsl:call-template>
      </td>
      <td class="cert-holder" data-label="持锁人"><xsl:value-of select="holder"/></td>
      <td data-label="证书厂商"><xsl:value-of select="vendor"/></td>
      <td data-label="CA锁类别">
        <xsl:call-template name="lock-type">
          <xsl:with-param name="code" select="@lock"/>
        </xsl:call-template>
      </td>
      <td class="nowrap" data-label="到期时间"><xsl:value-of select="not_after"/></td>
      <td class="nowrap" data-label="状态">
        <xsl:call-template name="cert-status">
          <xsl:with-param name="code" select="@status"/>
        </xsl:call-template>
      </td>
      <td class="ops" data-label="操作">
        <details class="opmenu" name="cert-ops">
          <summary class="opmenu-toggle">操作</summary>
          <ul class="opmenu-list">
            <li><a href="/certs/view?id={@id}">查看详情</a></li>
            <xsl:choose>
              <xsl:when test="@active = '1'">
                <li><a href="/certs/platform?id={@id}">新增平台</a></li>
                <li><a href="/reissue?cert={@id}">CA补办</a></li>
                <li><a class="text-danger" href="/certs/revoke?id={@id}">注销</a></li>
              </xsl:when>
              <xsl:otherwise>
                <li><span class="is-disabled" title="仅有效证书可操作">新增平台</span></li>
                <li><span class="is-disabled" title="仅有效证书可操作">CA补办</span></li>
                <li><span class="is-disabled" title="仅有效证书可操作">注销</span></li>
              </xsl:otherwise>
            </xsl:choose>
          </ul>
        </details>
      </td>
    </tr>
  </xsl:template>

  <!-- 共 N 条 · N 条/页 · ‹ pages › · 前往 N 页 -->
  <xsl:template match="pager">
    <xsl:variable name="base" select="concat('/certs?', @qs, '&amp;page=')"/>
    <form class="pager" method="get" action="/certs" aria-label="分页">
      <xsl:if test="normalize-space(/page/certs/@q) != ''">
        <input type="hidden" name="q" value="{/page/certs/@q}"/>
      </xsl:if>
      <span class="pager-total">共 <xsl:value-of select="@total"/> 条</span>
      <label class="sr-only" for="pager-size">每页条数</label>
      <select class="select pager-size" id="pager-size" name="size">
        <xsl:choose>
          <xsl:when test="@size = 10"><option value="10" selected="selected">10条/页</option></xsl:when>
          <xsl:otherwise><option value="10">10条/页</option></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="@size = 20"><option value="20" selected="selected">20条/页</option></xsl:when>
          <xsl:otherwise><option value="20">20条/页</option></xsl:otherwise>
        </xsl:choose>
        <xsl:choose>
          <xsl:when test="@size = 50"><option value="50" selected="selected">50条/页</option></xsl:when>
          <xsl:otherwise><option value="50">50条/页</option></xsl:otherwise>
        </xsl:choose>
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
