<?xml version="1.0" encoding="UTF-8"?>
<!--
  doc.xsl: the two documents the login and register pages ask people to
  accept: /terms 《用户服务协议》 and /privacy 《隐私政策》.

  Input:
    <page name="doc"> <doc name="terms|privacy"/> </page>
  The text lives here, like every page text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="page" mode="title">
    <xsl:choose>
      <xsl:when test="doc/@name = 'privacy'">隐私政策</xsl:when>
      <xsl:otherwise>用户服务协议</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="body">
    <div class="narrow narrow-wide">
      <section class="card">
        <div class="card-header">
          <h1 class="card-title"><xsl:apply-templates select="." mode="title"/></h1>
        </div>
        <div class="card-body doc">
          <xsl:choose>
            <xsl:when test="doc/@name = 'privacy'"><xsl:call-template name="privacy"/></xsl:when>
            <xsl:otherwise><xsl:call-template name="terms"/></xsl:otherwise>
          </xsl:choose>
          <p class="actions">
            <xsl:choose>
              <xsl:when test="user"><a class="btn btn-default" href="/">返回首页</a></xsl:when>
              <xsl:otherwise><a class="btn btn-default" href="/login">返回登录</a></xsl:otherwise>
            </xsl:choose>
          </p>
        </div>
      </section>
    </div>
  </xsl:template>

  <xsl:template name="terms">
    <p>欢迎使用辽宁省网联综合服务平台（以下简称“本平台”）的数字证书（CA）服务。请您在注册、登录和办理业务前仔细阅读本协议。</p>
    <h2>一、服务内容</h2>
    <p>本平台为单位（机构）及个人提供数字证书的申请、补办、注销、平台关联及相关订单、发票服务。数字证书用于在招标投标等业务系统中进行身份认证、电子签名和文件加密。</p>
    <h2>二、账号与证书的保管</h2>
    <p>您应妥善保管账号密码及数字证书（USB Key）。证书丢失或损坏时，应立即通过“CA管理”申请补办；补办申请审核通过后，原证书将被立即注销，且无法恢复。</p>
    <h2>三、补办的后果</h2>
    <p>原证书注销后，使用原证书加密的招投标文件将无法解密。如必须补办，请对原招投标文件重新生成（或重新投标）、加密并上传至招投标业务系统。</p>
    <h2>四、真实信息</h2>
    <p>您提交的单位信息、持锁人信息及加盖公章的情况说明书应真实、准确、完整。因信息不实造成的损失由提交方承担。</p>
    <h2>五、费用与发票</h2>
    <p>补办等业务按页面公示的价格收费；发票类型一经选择不可更改，变更办理点需重新提交申请。</p>
    <h2>六、其他</h2>
    <p>本协议适用中华人民共和国法律。如有疑问，请联系沈阳办理点或大连办理点。</p>
  </xsl:template>

  <xsl:template name="privacy">
    <p>本平台重视您的个人信息保护。本政策说明我们收集哪些信息、如何使用以及您享有的权利。</p>
    <h2>一、我们收集的信息</h2>
    <p>手机号（作为登录账号）、姓名、所在单位及身份、数字证书信息（序列号、持锁人、有效期、已关联平台）、订单与发票信息，以及为安全目的记录的登录时间和访问地址。</p>
    <h2>二、信息的使用</h2>
    <p>上述信息仅用于身份认证、办理证书业务、向已关联的招投标平台通报证书状态（注销、补办），以及履行法定义务。我们不会将您的信息用于与服务无关的用途。</p>
    <h2>三、信息的保存与保护</h2>
    <p>密码经不可逆的加密算法处理后保存；会话标识仅以摘要形式保存；全部业务操作记录在防篡改的审计日志中。证书私钥由您自行保管，本平台不保存您的私钥。</p>
    <h2>四、信息的共享</h2>
    <p>仅在证书状态变更时，向该证书已关联的平台通报证书序列号、持有单位及状态；除法律法规要求外，不向其他第三方提供您的个人信息。</p>
    <h2>五、您的权利</h2>
    <p>您可以在“个人信息”中查看和更正您的信息，可以注销不再使用的证书；如需注销账号，请联系办理点。</p>
  </xsl:template>

</xsl:stylesheet>
