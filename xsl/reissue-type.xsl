<?xml version="1.0" encoding="UTF-8"?>
<!--
  reissue-type.xsl: /reissue/step2?cert=N, CA补办 step 2 补办类型及信息
  (图3): 补办原因 (证书丢失 / 证书损坏 / 其他 with a text), 生成情况说明书
  (the .docx), 上传情况说明书 (the stamped copy: JPG, PNG or PDF, at most
  10MB) and 下一步 to 订单确认.

  Input: <reissue step="2"> (see reissue-common.xsl) with

    <form reason="lost|damaged|other|">
      <reason_text>…</reason_text>              as typed (refill)
      <upload id="N" size="BYTES" type="image/png">name.png</upload>
                                                optional: the statement
                                                uploaded so far
      <error field="reason|reason_text|statement"
             code="required|empty|too_large|type|quota|pixels|
                   pdf_active|pdf_opaque|missing|nofile"/>
                                                zero or more
      <notice code="uploaded"/>                 optional
    </form>

  Form: POST /reissue/step2, multipart/form-data: csrf, cert, reason,
  reason_text, statement (file), action = statement | upload | next.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="reissue-common.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="centre">
    <xsl:variable name="r" select="reissue"/>
    <xsl:variable name="f" select="$r/form"/>
    <section class="card reissue">
      <header class="card-header">
        <h1 class="card-title">CA补办</h1>
      </header>
      <div class="card-body">
        <xsl:call-template name="reissue-steps">
          <xsl:with-param name="step" select="2"/>
        </xsl:call-template>
        <xsl:apply-templates select="$f/error"/>
        <xsl:if test="$f/notice/@code = 'uploaded'">
          <div class="alert alert-success" role="status">情况说明书已上传，请核对后点击“下一步”</div>
        </xsl:if>
        <p class="reissue-summary muted">
          <xsl:text>补办证书：</xsl:text>
          <xsl:value-of select="$r/cert/holder"/>
          <xsl:text> · </xsl:text>
          <xsl:call-template name="lock-type"><xsl:with-param name="code" select="$r/cert/@lock"/></xsl:call-template>
          <xsl:text> · 锁序列号 </xsl:text>
          <span class="mono"><xsl:value-of select="$r/cert/key_serial"/></span>
        </p>
        <form class="form reissue-form" method="post" action="/reissue/step2"
            enctype="multipart/form-data">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="cert" value="{$r/cert/@id}"/>
          <fieldset class="field reissue-reason">
            <xsl:if test="$f/error[@field = 'reason']">
              <xsl:attribute name="class">field reissue-reason is-invalid</xsl:attribute>
            </xsl:if>
            <legend class="field-label"><span class="req">*</span>补办原因</legend>
            <div class="radio-group">
              <xsl:call-template name="reason-radio">
                <xsl:with-param name="code" select="'lost'"/>
                <xsl:with-param name="label" select="'证书丢失'"/>
              </xsl:call-template>
              <xsl:call-template name="reason-radio">
                <xsl:with-param name="code" select="'damaged'"/>
                <xsl:with-param name="label" select="'证书损坏'"/>
              </xsl:call-template>
              <xsl:call-template name="reason-radio">
                <xsl:with-param name="code" select="'other'"/>
                <xsl:with-param name="label" select="'其他'"/>
              </xsl:call-template>
            </div>
            <xsl:if test="$f/error[@field = 'reason']">
              <p class="field-error">补办原因为必填项，请选择</p>
            </xsl:if>
          </fieldset>
          <div class="field">
            <xsl:if test="$f/error[@field = 'reason_text']">
              <xsl:attribute name="class">field is-invalid</xsl:attribute>
            </xsl:if>
            <label class="field-label" for="reason_text">其他补办原因</label>
            <input class="input" id="reason_text" name="reason_text" type="text"
                maxlength="200" placeholder="请输入补办原因(选择“其他”时必填，不超过200个字)"
                value="{$f/reason_text}"/>
            <xsl:if test="$f/error[@field = 'reason_text']">
              <p class="field-error">选择“其他”时请填写补办原因(1-200个字)</p>
            </xsl:if>
          </div>

          <div class="field statement">
            <xsl:if test="$f/error[@field = 'statement']">
              <xsl:attribute name="class">field statement is-invalid</xsl:attribute>
            </xsl:if>
            <!-- Every control has its own name: the step titles say what
                 the person does (not the buttons' words), and the file
                 field is named for what it takes, so 生成情况说明书 and
                 上传情况说明书 each name one button only. -->
            <span class="field-label" id="statement-title"><span class="req">*</span>加盖公章的情况说明书(JPG/PNG/PDF)</span>
            <div class="statement-box" role="group" aria-labelledby="statement-title">
              <div class="statement-step">
                <h2 class="statement-step-title">1. 打印并加盖公章</h2>
                <p class="field-help">按上面的补办原因生成Word文档(.docx)，打印后加盖公章。</p>
                <button class="btn btn-default" type="submit" name="action"
                    value="statement">生成情况说明书</button>
              </div>
              <div class="statement-step">
                <h2 class="statement-step-title">2. 拍照或扫描后上传</h2>
                <label class="statement-file-label" for="statement">选择盖章后的扫描件</label>
                <p class="field-help" id="statement-help">支持JPG、PNG、PDF格式，文件不超过10MB。</p>
                <input class="statement-file" id="statement" name="statement" type="file"
                    aria-describedby="statement-help"
                    accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"/>
                <button class="btn btn-default" type="submit" name="action"
                    value="upload" formnovalidate="formnovalidate">上传情况说明书</button>
                <xsl:choose>
                  <xsl:when test="$f/upload">
                    <p class="statement-current">
                      <span class="badge badge-success">已上传</span>
                      <xsl:text> </xsl:text>
                      <a href="/uploads/view?id={$f/upload/@id}" target="_blank"
                          rel="noopener"><xsl:value-of select="$f/upload"/></a>
                      <span class="muted">
                        <xsl:text> (</xsl:text>
                        <xsl:call-template name="file-size">
                          <xsl:with-param name="bytes" select="$f/upload/@size"/>
                        </xsl:call-template>
                        <xsl:text>)</xsl:text>
                      </span>
                    </p>
                  </xsl:when>
                  <xsl:otherwise>
                    <p class="statement-current muted">尚未上传情况说明书</p>
                  </xsl:otherwise>
                </xsl:choose>
              </div>
            </div>
          </div>

          <div class="actions actions-center">
            <a class="btn btn-default" href="/reissue?cert={$r/cert/@id}">上一步</a>
            <button class="btn btn-primary" type="submit" name="action"
                value="next">下一步</button>
          </div>
        </form>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="reason-radio">
    <xsl:param name="code"/>
    <xsl:param name="label"/>
    <label>
      <input type="radio" name="reason" value="{$code}" required="required">
        <xsl:if test="/page/reissue/form/@reason = $code">
          <xsl:attribute name="checked">checked</xsl:attribute>
        </xsl:if>
      </input>
      <xsl:value-of select="$label"/>
    </label>
  </xsl:template>

  <xsl:template name="file-size">
    <xsl:param name="bytes"/>
    <xsl:choose>
      <xsl:when test="$bytes &gt;= 1048576">
        <xsl:value-of select="format-number($bytes div 1048576, '0.0')"/>
        <xsl:text>MB</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="format-number($bytes div 1024, '0.0')"/>
        <xsl:text>KB</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="form/error">
    <div class="alert alert-error" role="alert">
      <xsl:choose>
        <xsl:when test="@field = 'reason'">请选择补办原因：证书丢失、证书损坏或其他</xsl:when>
        <xsl:when test="@field = 'reason_text'">补办原因为“其他”时，请填写具体原因(1-200个字)</xsl:when>
        <xsl:when test="@code = 'empty'">上传的文件是空文件(0字节)，请重新选择盖章后的情况说明书</xsl:when>
        <xsl:when test="@code = 'too_large'">上传的文件超过10MB，请压缩或降低扫描分辨率后重新上传</xsl:when>
        <xsl:when test="@code = 'type'">文件格式不正确：只能上传JPG、PNG或PDF格式的情况说明书(按文件内容识别，修改扩展名无效)</xsl:when>
        <xsl:when test="@code = 'quota'">今天上传的文件过多，请明天再试或联系办理点</xsl:when>
        <xsl:when test="@code = 'pixels'">图片尺寸过大(超过5000万像素)，请降低扫描分辨率后重新上传</xsl:when>
        <xsl:when test="@code = 'pdf_active'">PDF文件含有脚本(JavaScript)、自动执行的动作、启动程序或嵌入文件，不能上传：请上传扫描件，或另存为不含这些内容的PDF后重新上传</xsl:when>
        <xsl:when test="@code = 'pdf_opaque'">PDF文件含有无法检查的压缩或加密对象，不能上传：请上传扫描图片(JPG、PNG)，或另存为普通PDF后重新上传</xsl:when>
        <xsl:when test="@code = 'missing'">请先上传加盖公章的情况说明书</xsl:when>
        <xsl:when test="@code = 'nofile'">请选择要上传的情况说明书文件</xsl:when>
        <xsl:otherwise>操作未完成，请重试</xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

</xsl:stylesheet>
