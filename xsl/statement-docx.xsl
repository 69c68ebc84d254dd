<?xml version="1.0" encoding="UTF-8"?>
<!--
  statement-docx.xsl: the 情况说明书 of a CA补办 as WordprocessingML, the
  word/document.xml part of the .docx that fcgi/docx.c packs.  Not an
  HTML page: it does not import layout.xsl, and its output is XML.

  Input (fcgi/reissue.c):

    <page name="statement">
      <site><name>…</name></site>
      <cert id= type="company|personal" lock= …>     fcgi/certs.h certs_xml
        <applied/> <holder/> <vendor/> <not_after/> <serial/>
        <person/> <company/> <uscc/> <media_vendor/> <key_serial/>
      </cert>
      <reason code="lost|damaged|other">text for other</reason>
      <date>2025年06月17日</date>                    today, Asia/Shanghai
    </page>

  A company's statement ends with a box for the company seal (加盖公章);
  a personal certificate's with a line for the holder's signature.  Element
  order inside w:pPr, w:rPr, w:tblPr and w:tcPr follows the schema
  (ECMA-376 Part 1), which Word enforces.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">

  <xsl:output method="xml" encoding="UTF-8" standalone="yes" indent="no"/>

  <xsl:variable name="c" select="/page/cert"/>
  <xsl:variable name="is-company" select="normalize-space($c/company) != ''"/>

  <xsl:template match="/">
    <w:document>
      <w:body>
        <xsl:call-template name="para">
          <xsl:with-param name="text" select="'情况说明书'"/>
          <xsl:with-param name="jc" select="'center'"/>
          <xsl:with-param name="size" select="44"/>
          <xsl:with-param name="bold" select="1"/>
          <xsl:with-param name="after" select="360"/>
        </xsl:call-template>
        <xsl:call-template name="para">
          <xsl:with-param name="text" select="concat(normalize-space(/page/site/name), '：')"/>
        </xsl:call-template>
        <xsl:call-template name="para">
          <xsl:with-param name="indent" select="1"/>
          <xsl:with-param name="text">
            <xsl:choose>
              <xsl:when test="$is-company">
                <xsl:text>我单位</xsl:text>
                <xsl:value-of select="$c/company"/>
                <xsl:text>（统一社会信用代码：</xsl:text>
                <xsl:value-of select="$c/uscc"/>
                <xsl:text>）</xsl:text>
              </xsl:when>
              <xsl:otherwise>
                <xsl:text>本人</xsl:text>
                <xsl:value-of select="$c/person"/>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:text>持有的数字证书（CA）</xsl:text>
            <xsl:call-template name="lock-name"/>
            <xsl:text>（持锁人：</xsl:text>
            <xsl:value-of select="$c/holder"/>
            <xsl:text>，证书厂商：</xsl:text>
            <xsl:value-of select="$c/vendor"/>
            <xsl:text>，数字证书(CA)锁序列号：</xsl:text>
            <xsl:value-of select="$c/key_serial"/>
            <xsl:text>），因</xsl:text>
            <xsl:call-template name="reason-name"/>
            <xsl:text>，现申请补办该数字证书。</xsl:text>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="para">
          <xsl:with-param name="indent" select="1"/>
          <xsl:with-param name="text">
            <xsl:choose>
              <xsl:when test="$is-company">我单位</xsl:when>
              <xsl:otherwise>本人</xsl:otherwise>
            </xsl:choose>
            <xsl:text>已知悉：补办后原数字证书将被注销，不能再使用；如必须进行补办，则应对原招投标文件进行重新生成（或重新投标）、加密、上传至招投标业务系统。因补办产生的一切后果由</xsl:text>
            <xsl:choose>
              <xsl:when test="$is-company">我单位</xsl:when>
              <xsl:otherwise>本人</xsl:otherwise>
            </xsl:choose>
            <xsl:text>承担。</xsl:text>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="para">
          <xsl:with-param name="indent" select="1"/>
          <xsl:with-param name="text" select="'特此说明。'"/>
          <xsl:with-param name="after" select="240"/>
        </xsl:call-template>

        <w:tbl>
          <w:tblPr>
            <w:tblW w:w="9000" w:type="dxa"/>
            <w:jc w:val="center"/>
            <w:tblBorders>
              <w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>
              <w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>
              <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>
              <w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>
              <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>
              <w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>
            </w:tblBorders>
            <w:tblLayout w:type="fixed"/>
          </w:tblPr>
          <w:tblGrid>
            <w:gridCol w:w="3000"/>
            <w:gridCol w:w="6000"/>
          </w:tblGrid>
          <xsl:if test="$is-company">
            <xsl:call-template name="row">
              <xsl:with-param name="label" select="'单位名称'"/>
              <xsl:with-param name="value" select="string($c/company)"/>
            </xsl:call-template>
            <xsl:call-template name="row">
              <xsl:with-param name="label" select="'统一社会信用代码'"/>
              <xsl:with-param name="value" select="string($c/uscc)"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:call-template name="row">
            <xsl:with-param name="label" select="'持锁人'"/>
            <xsl:with-param name="value" select="string($c/holder)"/>
          </xsl:call-template>
          <xsl:if test="string($c/person) != string($c/holder)">
            <xsl:call-template name="row">
              <xsl:with-param name="label" select="'证书使用人'"/>
              <xsl:with-param name="value" select="string($c/person)"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:call-template name="row">
            <xsl:with-param name="label" select="'锁类型'"/>
            <xsl:with-param name="value">
              <xsl:call-template name="lock-name"/>
            </xsl:with-param>
          </xsl:call-template>
          <xsl:call-template name="row">
            <xsl:with-param name="label" select="'证书厂商'"/>
            <xsl:with-param name="value" select="string($c/vendor)"/>
          </xsl:call-template>
          <xsl:call-template name="row">
            <xsl:with-param name="label" select="'介质服务商'"/>
            <xsl:with-param name="value" select="string($c/media_vendor)"/>
          </xsl:call-template>
          <xsl:call-template name="row">
            <xsl:with-param name="label" select="'数字证书(CA)锁序列号'"/>
            <xsl:with-param name="value" select="string($c/key_serial)"/>
          </xsl:call-template>
          <xsl:call-template name="row">
            <xsl:with-param name="label" select="'证书有效期至'"/>
            <xsl:with-param name="value" select="string($c/not_after)"/>
          </xsl:call-template>
          <xsl:call-template name="row">
            <xsl:with-param name="label" select="'补办原因'"/>
            <xsl:with-param name="value">
              <xsl:call-template name="reason-name"/>
            </xsl:with-param>
          </xsl:call-template>
        </w:tbl>

        <xsl:call-template name="para">
          <xsl:with-param name="text" select="''"/>
          <xsl:with-param name="after" select="0"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="$is-company">
            <xsl:call-template name="para">
              <xsl:with-param name="jc" select="'right'"/>
              <xsl:with-param name="text" select="concat('单位名称（加盖公章）：', $c/company)"/>
            </xsl:call-template>
            <!-- The seal box: one fixed-size cell at the right. -->
            <w:tbl>
              <w:tblPr>
                <w:tblW w:w="2600" w:type="dxa"/>
                <w:jc w:val="right"/>
                <w:tblBorders>
                  <w:top w:val="dashed" w:sz="8" w:space="0" w:color="C00000"/>
                  <w:left w:val="dashed" w:sz="8" w:space="0" w:color="C00000"/>
                  <w:bottom w:val="dashed" w:sz="8" w:space="0" w:color="C00000"/>
                  <w:right w:val="dashed" w:sz="8" w:space="0" w:color="C00000"/>
                </w:tblBorders>
                <w:tblLayout w:type="fixed"/>
              </w:tblPr>
              <w:tblGrid>
                <w:gridCol w:w="2600"/>
              </w:tblGrid>
              <w:tr>
                <w:trPr>
                  <w:cantSplit/>
                  <w:trHeight w:val="2400" w:hRule="exact"/>
                </w:trPr>
                <w:tc>
                  <w:tcPr>
                    <w:tcW w:w="2600" w:type="dxa"/>
                    <w:vAlign w:val="center"/>
                  </w:tcPr>
                  <xsl:call-template name="para">
                    <xsl:with-param name="jc" select="'center'"/>
                    <xsl:with-param name="text" select="'加盖公章处'"/>
                    <xsl:with-param name="color" select="'A0A0A0'"/>
                    <xsl:with-param name="after" select="0"/>
                  </xsl:call-template>
                </w:tc>
              </w:tr>
            </w:tbl>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="para">
              <xsl:with-param name="jc" select="'right'"/>
              <xsl:with-param name="text" select="'申请人（签字）：____________________'"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="para">
          <xsl:with-param name="jc" select="'right'"/>
          <xsl:with-param name="text" select="concat('日期：', /page/date)"/>
        </xsl:call-template>

        <w:sectPr>
          <w:pgSz w:w="11906" w:h="16838"/>
          <w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"
              w:header="720" w:footer="720" w:gutter="0"/>
        </w:sectPr>
      </w:body>
    </w:document>
  </xsl:template>

  <!-- One paragraph of text in 宋体 (SimSun), 12 pt unless told. -->
  <xsl:template name="para">
    <xsl:param name="text"/>
    <xsl:param name="jc" select="'left'"/>
    <xsl:param name="size" select="24"/>
    <xsl:param name="bold" select="0"/>
    <xsl:param name="indent" select="0"/>
    <xsl:param name="color" select="''"/>
    <xsl:param name="after" select="120"/>
    <xsl:param name="line" select="340"/>
    <w:p>
      <w:pPr>
        <w:spacing w:after="{$after}" w:line="{$line}" w:lineRule="auto"/>
        <xsl:if test="$indent = 1">
          <w:ind w:firstLineChars="200" w:firstLine="480"/>
        </xsl:if>
        <w:jc w:val="{$jc}"/>
      </w:pPr>
      <xsl:if test="string($text) != ''">
        <w:r>
          <w:rPr>
            <w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="宋体"/>
            <xsl:if test="$bold = 1">
              <w:b/>
            </xsl:if>
            <xsl:if test="$color != ''">
              <w:color w:val="{$color}"/>
            </xsl:if>
            <w:sz w:val="{$size}"/>
            <w:szCs w:val="{$size}"/>
          </w:rPr>
          <w:t xml:space="preserve"><xsl:value-of select="$text"/></w:t>
        </w:r>
      </xsl:if>
    </w:p>
  </xsl:template>

  <!-- A row of the summary table. -->
  <xsl:template name="row">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <w:tr>
      <w:tc>
        <w:tcPr>
          <w:tcW w:w="3000" w:type="dxa"/>
          <w:vAlign w:val="center"/>
        </w:tcPr>
        <xsl:call-template name="para">
          <xsl:with-param name="text" select="$label"/>
          <xsl:with-param name="bold" select="1"/>
          <xsl:with-param name="after" select="0"/>
          <xsl:with-param name="line" select="264"/>
        </xsl:call-template>
      </w:tc>
      <w:tc>
        <w:tcPr>
          <w:tcW w:w="6000" w:type="dxa"/>
          <w:vAlign w:val="center"/>
        </w:tcPr>
        <xsl:call-template name="para">
          <xsl:with-param name="text" select="$value"/>
          <xsl:with-param name="after" select="0"/>
          <xsl:with-param name="line" select="264"/>
        </xsl:call-template>
      </w:tc>
    </w:tr>
  </xsl:template>

  <xsl:template name="lock-name">
    <xsl:choose>
      <xsl:when test="$c/@lock = 'company_master'">单位(机构)主锁</xsl:when>
      <xsl:when test="$c/@lock = 'project_lead'">项目负责人锁</xsl:when>
      <xsl:when test="$c/@lock = 'cost_engineer'">造价师锁</xsl:when>
      <xsl:otherwise>个人锁</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="reason-name">
    <xsl:variable name="r" select="/page/reason"/>
    <xsl:choose>
      <xsl:when test="$r/@code = 'lost'">证书丢失</xsl:when>
      <xsl:when test="$r/@code = 'damaged'">证书损坏</xsl:when>
      <xsl:otherwise>
        <xsl:text>其他原因：</xsl:text>
        <xsl:value-of select="$r"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
