<?xml version="1.0" encoding="UTF-8"?>
<!--
  ops-issue.xsl: the issue part of the operator's order page (xsl/ops-order.xsl
  imports it and applies <opsorder> in mode="issue"): the card 签发新证书.

  Input (fcgi/opsissue.c, opsissue_xml), under <opsorder id="N" …>:

    <issue legal="1|0" mine="1|0" chain="1|0" [error="CODE"]>
      <request kind="csr|keygen" by="NAME" at="YYYY-MM-DD HH:MM:SS"
          mine="1|0" [key_serial="…"]/>    (dual control: waiting for 复核)
      <newcert serial="HEX" not_before="YYYY-MM-DD HH:MM:SS"
          not_after="…">SUBJECT</newcert>            (once issued)
    </issue>

  legal: issuing is allowed now (审核通过, 待签发); mine: the order is of the
  operator's office; chain: the chain download exists; error: why the last
  POST /ops/issue was refused (codes below).  request: the signing daemon
  wants a second operator to confirm (dual control, 单位(机构)主锁 by
  default); request/@mine: this operator asked, so may withdraw it but not
  confirm it.

  Forms (multipart): POST /ops/issue  id, csrf, csr (file), key_serial;
                     POST /ops/issue  id, csrf, keygen=1, password, password2.
  Forms (urlencoded): POST /ops/confirm id, csrf [, password, password2];
                      POST /ops/issue/cancel id, csrf.
  Downloads: GET /ops/cert?id=N&fmt=pem|der|chain.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="opsorder" mode="issue">
    <xsl:variable name="i" select="issue"/>
    <xsl:if test="$i/newcert or $i/request or ($i/@legal = '1' and $i/@mine = '1') or $i/@error">
      <section class="card ops-issue" id="issue">
        <header class="card-header">
          <h2 class="card-title">签发新证书</h2>
        </header>
        <div class="card-body">
          <xsl:if test="$i/@error">
            <div class="alert alert-error" role="alert">
              <xsl:call-template name="issue-error">
                <xsl:with-param name="code" select="$i/@error"/>
              </xsl:call-template>
            </div>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="$i/newcert">
              <xsl:apply-templates select="$i/newcert">
                <xsl:with-param name="id" select="@id"/>
                <xsl:with-param name="chain" select="$i/@chain"/>
              </xsl:apply-templates>
            </xsl:when>
            <xsl:when test="$i/request">
              <xsl:apply-templates select="$i/request">
                <xsl:with-param name="id" select="@id"/>
                <xsl:with-param name="office" select="$i/@mine"/>
              </xsl:apply-templates>
            </xsl:when>
            <xsl:when test="$i/@legal = '1' and $i/@mine = '1'">
              <xsl:call-template name="issue-forms">
                <xsl:with-param name="id" select="@id"/>
              </xsl:call-template>
            </xsl:when>
          </xsl:choose>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="newcert">
    <xsl:param name="id"/>
    <xsl:param name="chain"/>
    <div class="alert alert-success" role="status">新证书已签发：主题、有效期和已关联平台与旧证书相同，旧证书已注销。</div>
    <dl class="kv">
      <dt>新证书序列号</dt>
      <dd class="mono"><xsl:value-of select="@serial"/></dd>
      <xsl:if test="@not_before">
        <dt>有效期</dt>
        <dd>
          <xsl:value-of select="@not_before"/>
          <xsl:text> 至 </xsl:text>
          <xsl:value-of select="@not_after"/>
        </dd>
      </xsl:if>
      <xsl:if test="normalize-space(.) != ''">
        <dt>证书主题</dt>
        <dd class="mono"><xsl:value-of select="."/></dd>
      </xsl:if>
    </dl>
    <p class="field-help">下载证书并用厂商工具写入新USB锁：</p>
    <div class="actions">
      <a class="btn btn-default" href="/ops/cert?id={$id}&amp;fmt=pem">下载证书(PEM)</a>
      <a class="btn btn-default" href="/ops/cert?id={$id}&amp;fmt=der">下载证书(DER)</a>
      <xsl:if test="$chain = '1'">
        <a class="btn btn-default" href="/ops/cert?id={$id}&amp;fmt=chain">下载证书链(PEM)</a>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="request">
    <xsl:param name="id"/>
    <xsl:param name="office"/>
    <div class="alert alert-warning" role="status">待复核：已由 <xsl:value-of select="@by"/> 提交签发申请，需另一位操作员复核后签发。</div>
    <dl class="kv">
      <dt>申请人(操作员)</dt>
      <dd><xsl:value-of select="@by"/></dd>
      <dt>提交时间</dt>
      <dd><xsl:value-of select="@at"/></dd>
      <dt>签发方式</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="@kind = 'keygen'">软证书(复核时由服务器生成密钥，复核人设置PKCS#12密码并下载)</xsl:when>
          <xsl:otherwise>上传的证书请求(CSR)</xsl:otherwise>
        </xsl:choose>
      </dd>
      <xsl:if test="@key_serial">
        <dt>新锁序列号</dt>
        <dd class="mono"><xsl:value-of select="@key_serial"/></dd>
      </xsl:if>
    </dl>
    <p class="field-help">该证书实行双人复核：CA只在两位不同操作员(各自使用CA证书登录)确认后才签发。</p>
    <xsl:choose>
      <xsl:when test="@mine = '1'">
        <p class="field-help">您提交了该申请，不能由您本人复核。请本办理点另一位操作员登录后复核。</p>
        <form class="form ops-issue-cancel" method="post" action="/ops/issue/cancel">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="id" value="{$id}"/>
          <div class="actions">
            <button class="btn btn-default" type="submit">撤回签发申请</button>
          </div>
        </form>
      </xsl:when>
      <xsl:when test="$office = '1'">
        <form class="form ops-issue-confirm" method="post" action="/ops/confirm">
          <xsl:call-template name="csrf-field"/>
          <input type="hidden" name="id" value="{$id}"/>
          <xsl:if test="@kind = 'keygen'">
            <div class="field">
              <label class="field-label" for="password"><span class="req">*</span>PKCS#12密码</label>
              <input class="input" id="password" name="password" type="password"
                  minlength="8" maxlength="64" required="required" autocomplete="new-password"/>
              <p class="field-help">8至64个字符，请交给申请人妥善保管。复核后将生成软证书并下载，只能下载这一次。</p>
            </div>
            <div class="field">
              <label class="field-label" for="password2"><span class="req">*</span>再次输入密码</label>
              <input class="input" id="password2" name="password2" type="password"
                  minlength="8" maxlength="64" required="required" autocomplete="new-password"/>
            </div>
          </xsl:if>
          <div class="actions">
            <button class="btn btn-primary" type="submit">复核并签发</button>
          </div>
        </form>
      </xsl:when>
      <xsl:otherwise>
        <p class="field-help">只有该订单所属办理点的操作员可以复核。</p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="issue-forms">
    <xsl:param name="id"/>
    <p class="field-help">用证书厂商的工具在新USB锁上生成密钥和证书请求(CSR)，上传后由CA签发新证书：主题、到期时间和已关联平台沿用旧证书。</p>
    <form class="form ops-issue-csr" method="post" action="/ops/issue"
        enctype="multipart/form-data">
      <xsl:call-template name="csrf-field"/>
      <input type="hidden" name="id" value="{$id}"/>
      <div class="field">
        <label class="field-label" for="csr"><span class="req">*</span>证书请求文件(CSR)</label>
        <input id="csr" name="csr" type="file" required="required"
            accept=".csr,.pem,.der,.req,application/pkcs10"/>
        <p class="field-help">PKCS#10格式，PEM或DER编码，不超过64KB；密钥须为RSA 2048位及以上或ECC P-256/P-384，且不能是旧证书的密钥。</p>
      </div>
      <div class="field">
        <label class="field-label" for="key_serial">新锁序列号(选填)</label>
        <input class="input" id="key_serial" name="key_serial" type="text"
            maxlength="64" placeholder="新USB锁的序列号，不填则以证书序列号登记"/>
      </div>
      <div class="actions">
        <button class="btn btn-primary" type="submit">上传CSR并签发</button>
      </div>
    </form>
    <details class="ops-issue-soft">
      <summary>申请人使用软证书(不使用USB锁)</summary>
      <p class="field-help">由服务器生成密钥对(ECC P-256)并签发证书，打包为带密码的PKCS#12文件(.p12)，连同证书链和说明放在一个zip文件中，只能下载这一次。服务器不保存私钥和密码。需双人复核的证书(如单位(机构)主锁)此时只提交申请，不生成密钥、不保存密码；复核的操作员重新设置密码并下载。</p>
      <form class="form ops-issue-keygen" method="post" action="/ops/issue"
          enctype="multipart/form-data">
        <xsl:call-template name="csrf-field"/>
        <input type="hidden" name="id" value="{$id}"/>
        <input type="hidden" name="keygen" value="1"/>
        <div class="field">
          <label class="field-label" for="password"><span class="req">*</span>PKCS#12密码</label>
          <input class="input" id="password" name="password" type="password"
              minlength="8" maxlength="64" required="required" autocomplete="new-password"/>
          <p class="field-help">8至64个字符，请交给申请人妥善保管。</p>
        </div>
        <div class="field">
          <label class="field-label" for="password2"><span class="req">*</span>再次输入密码</label>
          <input class="input" id="password2" name="password2" type="password"
              minlength="8" maxlength="64" required="required" autocomplete="new-password"/>
        </div>
        <div class="actions">
          <button class="btn btn-primary" type="submit">生成软证书并下载</button>
        </div>
      </form>
    </details>
  </xsl:template>

  <xsl:template name="issue-error">
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$code = 'empty'">请选择新USB锁生成的证书请求文件(CSR)。</xsl:when>
      <xsl:when test="$code = 'too_large'">文件过大：证书请求文件不能超过64KB。</xsl:when>
      <xsl:when test="$code = 'format'">文件格式不正确：请上传PEM或DER编码的PKCS#10证书请求(CSR)。</xsl:when>
      <xsl:when test="$code = 'signature'">证书请求的签名无效，无法证明持有私钥，请在新USB锁上重新生成证书请求。</xsl:when>
      <xsl:when test="$code = 'weak_key'">密钥强度不足：只接受RSA 2048位及以上、ECC P-256/P-384或SM2密钥。</xsl:when>
      <xsl:when test="$code = 'same_key'">证书请求使用的是旧证书的密钥；补办必须在新USB锁上生成新的密钥。</xsl:when>
      <xsl:when test="$code = 'key_type'">旧证书是SM2(国密)证书，补办的新证书也必须是SM2：请在新USB锁上生成SM2密钥的证书请求。</xsl:when>
      <xsl:when test="$code = 'key_serial'">新锁序列号格式不正确：最多64个字母、数字、“-”或“_”。</xsl:when>
      <xsl:when test="$code = 'pw_length'">密码须为8至64个字符。</xsl:when>
      <xsl:when test="$code = 'pw_mismatch'">两次输入的密码不一致。</xsl:when>
      <xsl:when test="$code = 'not_approved'">订单尚未审核通过(或不在待签发状态)，不能签发新证书。</xsl:when>
      <xsl:when test="$code = 'already'">该订单的新证书已签发，不能再次签发。</xsl:when>
      <xsl:when test="$code = 'soft_once'">该订单的新证书已签发。软证书只能在签发时下载一次，不能再次生成。</xsl:when>
      <xsl:when test="$code = 'other_key'">该订单此前已为另一个密钥签发了新证书，本次没有签发。请下载已签发的证书。</xsl:when>
      <xsl:when test="$code = 'no_operator_cert'">您没有原证书的签发CA(证书厂商)为您签发的有效操作员证书，该CA无法核实您的审批；订单未作任何改动。请CA管理员为您签发该CA的操作员证书后重试。</xsl:when>
      <xsl:when test="$code = 'ca_stopped'">原证书的签发CA(证书厂商)已停止签发新证书，无法为其补办；订单未作任何改动。请联系CA管理员核实(恢复签发后即可重试)。</xsl:when>
      <xsl:when test="$code = 'refused'">CA拒绝签发，请检查证书请求后重试，或联系系统管理员。</xsl:when>
      <xsl:when test="$code = 'pending'">该订单已有待复核的签发申请：请复核该申请，或由提交人撤回后再重新提交。</xsl:when>
      <xsl:when test="$code = 'no_request'">该订单没有待复核的签发申请(可能已被撤回或已签发)。</xsl:when>
      <xsl:when test="$code = 'same_operator'">不能复核自己提交的签发申请：须由另一位操作员使用其本人的CA证书登录后复核。未签发任何证书。</xsl:when>
      <xsl:when test="$code = 'not_requester'">只有提交该签发申请的操作员可以撤回。</xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
