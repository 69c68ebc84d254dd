// journey.js: the whole CA补办 journey in Debian's chromium (headless),
// driven by playwright-core the way a person uses the pages: by the
// visible Chinese labels (getByRole / getByLabel / getByText), never by
// CSS selectors, ids or classes.  One place has no label to go by: the
// 领取码 on 查看订单 is a <dd> (no accessible name) found from its <dt>
// 领取码 through their parent (an XPath '..', said where it happens).
// Run by tests/integ/check_journey.c on a stack with the demo data:
//
//   node tests/browser/journey.js BASE_URL OUT_DIR STACK_DIR
//
// STACK_DIR holds what the suite prepared: t/new-W.csr (the new USB key's
// request for width W) and demo-certs/13900000101-1.crt/.key (钱办理's
// client certificate); the script writes t/statement.png there, the
// stamped scan it uploads (makeScan).
//
// The whole journey runs twice, once per width — 1280 (desktop) and 390
// (phone) — so there are two orders and two new certificates: at 1280 for
// 李演示's key FT2022050017 (证书厂商 CFCA, the first CA, P-256), at 390
// for 吴演示's key WQ2022110208 (BJCA, the SM2 CA, with an SM2 request),
// both of 辽宁演示建设工程有限公司.  Per width:
//   applicant 张演示 (13900000001, 管理员): 账号登录, 关联公司及身份选择,
//     CA管理, the holder's 操作 → CA补办, 下一步, 证书丢失, 生成情况说明书
//     (the .docx download, which must start with PK), 上传情况说明书,
//     下一步, 订单确认, 提交订单, 支付 (开具 电子普票 with the prefilled
//     header, 现场领取 at 沈阳办理点), 立即支付, the sandbox 收银台's
//     确认支付, and the return page until the order says 已支付 / 待审核;
//   operator 钱办理 (沈阳办理点), CA登录 with the client certificate: the
//     审核 queue, 处理, 审核通过, the CSR uploaded in 签发新证书 (the
//     download links appear), 生成领取码，通知领取;
//   applicant: 订单管理, 查看订单, reads the 领取码;
//   operator: types the code, ticks 已核对持锁人身份证件, 确认领取 → 已领取;
//   applicant: the order 已领取, CA管理 with the new certificate 有效 and
//     the old one 已注销.
// Every step leaves OUT_DIR/NN-step-W.png (full page; STEPS below is the
// list, which check_journey.c repeats), after layout.js's checkLayout
// (nothing wider than the screen, phone cards labelled by their own
// columns).  Nothing waits on a clock: every
// wait is for a text to become visible (the payment notification comes
// from webd's ticker within seconds; the return page reloads itself).
// Exit status 0 when both journeys completed; 1 otherwise (the step and
// reason on stderr, and where each side stood in
// OUT_DIR/failed-{applicant,operator}-W.png).  JOURNEY_TRACE=1 prints the
// time of every step.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { checkLayout } = require('./layout');

const [base, out, stackDir] = process.argv.slice(2);
if (!base || !out || !stackDir) {
	console.error('usage: journey.js BASE_URL OUT_DIR STACK_DIR');
	process.exit(2);
}

const APPLICANT = '13900000001';
const PASSWORD = 'Demo@2026';
const COMPANY = '辽宁演示建设工程有限公司';
const USCC = '91210105MA0YDEM15L';
const OPERATOR_CERT = path.join(stackDir, 'demo-certs', '13900000101-1');
// The certificate each width replaces: its holder and lock serial.
const HOLDERS = { 1280: ['李演示', 'FT2022050017'],
    390: ['吴演示', 'WQ2022110208'] };
const WAIT = 20000;		// ms for any one visible text
const PAID_WAIT = 45000;	// ms for the payment notification

// The screenshots, in order (check_journey.c checks the same list).
const STEPS = [
	'login', 'identity', 'certs', 'reissue', 'reason', 'uploaded',
	'confirm', 'checkout', 'cashier', 'paid', 'ops-login', 'ops-queue',
	'ops-order', 'ops-approved', 'ops-issued', 'ops-ready', 'orders',
	'order-code', 'ops-pickup', 'ops-picked-up', 'order-done',
	'certs-done',
];

let step = '';
const t0 = Date.now();
let stepAt = t0;

// Names the step now under way (for the failure message) and, with
// JOURNEY_TRACE=1, prints how long the previous one took.
function begin(name) {
	const now = Date.now();
	if (process.env.JOURNEY_TRACE && step)
		console.error(`  ${((now - stepAt) / 1000).toFixed(1)}s ${step}`);
	step = name;
	stepAt = now;
}

async function shot(page, name, width) {
	const n = STEPS.indexOf(name);
	if (n < 0)
		throw new Error(`no step ${name}`);
	await checkLayout(page, name, width);
	await page.screenshot({ path: path.join(out,
	    `${String(n + 1).padStart(2, '0')}-${name}-${width}.png`),
	    fullPage: true });
}

// Waits until text (a string: exact substring; or a RegExp) is visible
// somewhere in where (a page or locator).
async function see(where, text, timeout = WAIT) {
	await where.getByText(text).first().waitFor({ state: 'visible',
	    timeout });
}

// Clicks what and waits for the navigation it causes to finish loading.
async function go(page, what) {
	await Promise.all([page.waitForEvent('load'), what.click()]);
}

// A tab of the personal centre (the same words are also in the
// breadcrumb, which is another navigation).
function centreTab(page, name) {
	return page.getByRole('navigation', { name: '个人中心' })
	    .getByRole('link', { name, exact: true });
}

async function context(browser, width, extra) {
	const ctx = await browser.newContext({
		viewport: { width, height: width > 800 ? 900 : 844 },
		deviceScaleFactor: 1,
		isMobile: false,
		ignoreHTTPSErrors: true,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		acceptDownloads: true,
		...extra,
	});
	const page = await ctx.newPage();
	page.setDefaultTimeout(WAIT);
	return { ctx, page };
}

async function applicantOrders(a, width) {
	const [holder, key] = HOLDERS[width];

	begin('账号登录');
	await a.goto(`${base}/login`);
	await a.getByLabel('手机号').fill(APPLICANT);
	await a.getByLabel('密码').fill(PASSWORD);
	await a.getByLabel('我已阅读并同意').check();
	await shot(a, 'login', width);
	await go(a, a.getByRole('button', { name: '登录', exact: true }));

	begin('关联公司及身份选择');
	await see(a, '关联公司及身份选择');
	await a.getByRole('row').filter({ hasText: COMPANY })
	    .filter({ hasText: '管理员' }).getByRole('radio').check();
	await shot(a, 'identity', width);
	await go(a, a.getByRole('button', { name: '确认选择身份' }));

	begin('CA管理');
	await go(a, centreTab(a, 'CA管理'));
	await a.getByRole('searchbox', { name: '搜索' }).fill(key);
	await go(a, a.getByRole('button', { name: '搜索', exact: true }));
	const row = a.getByRole('row').filter({ hasText: holder });
	await see(row, '有效');
	// The 操作 menu is a <details>: its <summary> is found by its text.
	await row.getByText('操作', { exact: true }).click();
	await row.getByRole('link', { name: 'CA补办' }).waitFor();
	await shot(a, 'certs', width);
	await go(a, row.getByRole('link', { name: 'CA补办' }));

	begin('CA补办 step 1');
	await see(a, '数字证书(CA)信息');
	await see(a, key);
	await shot(a, 'reissue', width);
	await go(a, a.getByRole('link', { name: '下一步' }));

	begin('补办原因 and 生成情况说明书');
	await see(a, '补办原因');
	await a.getByLabel('证书丢失').check();
	const [dl] = await Promise.all([
		a.waitForEvent('download'),
		a.getByRole('button', { name: '生成情况说明书' }).click(),
	]);
	if (!/\.docx$/.test(dl.suggestedFilename()))
		throw new Error(`the statement is ${dl.suggestedFilename()}`);
	const docx = fs.readFileSync(await dl.path());
	if (docx.length < 100 || docx[0] !== 0x50 || docx[1] !== 0x4b)
		throw new Error('the statement is not a zip (.docx)');
	await shot(a, 'reason', width);

	begin('上传情况说明书');
	// Each control has its own name: 生成情况说明书 and 上传情况说明书 find
	// one button each, even by part of a name (the file field, itself a
	// button, is named for what it takes).
	for (const name of ['生成情况说明书', '上传情况说明书']) {
		const n = await a.getByRole('button', { name }).count();
		if (n !== 1)
			throw new Error(`${n} controls are named ${name}`);
	}
	await a.getByLabel('选择盖章后的扫描件', { exact: true })
	    .setInputFiles(path.join(stackDir, 't', 'statement.png'));
	await go(a, a.getByRole('button', { name: '上传情况说明书' }));
	await see(a, '情况说明书已上传');
	await see(a, '已上传');
	await shot(a, 'uploaded', width);
	await go(a, a.getByRole('button', { name: '下一步' }));

	begin('订单确认');
	await see(a, '订单确认');
	await see(a, '证书丢失');
	await see(a, holder);
	await shot(a, 'confirm', width);
	await go(a, a.getByRole('button', { name: '提交订单' }));

	begin('支付');
	await see(a, '发票抬头');
	const orderNo = (await a.getByText(/^订单号：/).first().textContent())
	    .replace(/^订单号：\s*/, '').trim();
	if (!orderNo)
		throw new Error('no 订单号 on the payment page');
	await a.getByLabel('开具', { exact: true }).check();
	await a.getByLabel('电子普票').check();
	const title = await a.getByLabel('单位名称').inputValue();
	const taxId = await a.getByLabel('纳税人识别号').inputValue();
	if (title !== COMPANY || taxId !== USCC)
		throw new Error(`the invoice header is not prefilled: ` +
		    `${title} / ${taxId}`);
	await a.getByLabel('现场领取').check();
	await a.getByLabel('沈阳办理点').check();
	await shot(a, 'checkout', width);
	await go(a, a.getByRole('button', { name: '立即支付' }));

	begin('收银台');
	await see(a, '收银台');
	await see(a, orderNo);
	await shot(a, 'cashier', width);
	await a.getByRole('button', { name: '确认支付' }).click();

	begin('支付结果');
	// /pay/return says 正在确认支付结果 and reloads itself every 3 s
	// until the gateway's notification arrives, then shows the order.
	await see(a, '待审核', PAID_WAIT);
	await see(a, '已支付');
	await see(a, orderNo);
	await shot(a, 'paid', width);
	return orderNo;
}

async function operatorLogin(o, width) {
	begin('CA登录');
	await o.goto(`${base}/login`);
	await go(o, o.getByRole('link', { name: 'CA登录' }));
	await o.getByLabel('我已阅读并同意').check();
	await shot(o, 'ops-login', width);
	await go(o, o.getByRole('button', { name: '使用CA证书登录' }));
	await see(o, '审核队列');
}

async function operatorIssues(o, width, orderNo) {
	begin('审核队列');
	const row = o.getByRole('row').filter({ hasText: orderNo });
	await see(row, '待审核');
	await shot(o, 'ops-queue', width);
	await go(o, row.getByRole('link', { name: '处理' }));

	begin('订单处理');
	await see(o, '订单处理');
	await see(o, orderNo);
	// The stamped scan, shown inline: it must have loaded.
	const scan = o.getByRole('img', { name: /^情况说明书：/ });
	await scan.waitFor();
	await o.waitForFunction((e) => e.complete && e.naturalWidth > 0,
	    await scan.elementHandle());
	await shot(o, 'ops-order', width);
	await go(o, o.getByRole('button', { name: '审核通过' }));

	begin('审核通过');
	await see(o, '审核已通过');
	await see(o, '签发新证书');
	await shot(o, 'ops-approved', width);

	begin('签发新证书');
	await o.getByLabel('证书请求文件(CSR)')
	    .setInputFiles(path.join(stackDir, 't', `new-${width}.csr`));
	await go(o, o.getByRole('button', { name: '上传CSR并签发' }));
	await see(o, '新证书已签发');
	await o.getByRole('link', { name: '下载证书(PEM)' }).waitFor();
	await o.getByRole('link', { name: '下载证书(DER)' }).waitFor();
	await o.getByRole('link', { name: '下载证书链(PEM)' }).waitFor();
	await shot(o, 'ops-issued', width);

	begin('生成领取码');
	await go(o, o.getByRole('button', { name: '生成领取码，通知领取' }));
	await see(o, '已生成领取码并通知申请人');
	await shot(o, 'ops-ready', width);
}

async function applicantReadsCode(a, width, orderNo) {
	begin('订单管理');
	await go(a, centreTab(a, '订单管理'));
	const group = a.getByRole('rowgroup').filter({ hasText: orderNo });
	await see(group, '待领取');
	await shot(a, 'orders', width);
	await go(a, group.getByRole('link', { name: '查看订单' }));

	begin('查看订单 (领取码)');
	await see(a, orderNo);
	// The code is the <dd> next to the <dt> 领取码; a <dd> has no
	// accessible name, so it is reached from its term's parent.
	const code = (await a.getByRole('term').filter({ hasText:
	    /^领取码$/ }).locator('xpath=..').getByRole('definition')
	    .textContent()).trim();
	if (!/^[2-9A-HJKMNP-Z]{8}$/.test(code))
		throw new Error(`the 领取码 reads "${code}"`);
	await shot(a, 'order-code', width);
	return code;
}

async function operatorHandsOver(o, width, code) {
	begin('确认领取');
	await o.getByLabel('领取码').fill(code);
	await o.getByLabel('已核对持锁人身份证件').check();
	await shot(o, 'ops-pickup', width);
	await go(o, o.getByRole('button', { name: '确认领取' }));
	await see(o, '领取码核验通过，已领取');
	await see(o, '已领取');
	await shot(o, 'ops-picked-up', width);
}

async function applicantSeesItDone(a, width) {
	const [holder] = HOLDERS[width];

	begin('订单已领取');
	await a.reload();
	await see(a, '已领取');
	if (await a.getByText('领取码', { exact: true }).count() !== 0)
		throw new Error('the 领取码 is still shown after pickup');
	await shot(a, 'order-done', width);

	begin('CA管理 after');
	await go(a, centreTab(a, 'CA管理'));
	await a.getByRole('searchbox', { name: '搜索' }).fill(holder);
	await go(a, a.getByRole('button', { name: '搜索', exact: true }));
	// Before, the holder's one 有效 certificate was the old one (the
	// demo fixture gives 李演示 also an expired and a 补办中 one).
	const rows = a.getByRole('row').filter({ hasText: holder });
	await see(rows.filter({ hasText: '已注销' }), '已注销');
	await see(rows.filter({ hasText: '有效' }), '有效');
	for (const state of ['已注销', '有效']) {
		const n = await rows.filter({ hasText: state }).count();
		if (n !== 1)
			throw new Error(`${holder} has ${n} rows ${state}`);
	}
	await shot(a, 'certs-done', width);
}

// The stamped 情况说明书 as a phone photo of it would be: the letter with
// the company's red seal, rendered by the same chromium into
// STACK_DIR/t/statement.png (check_journey.c compares its SHA-256 with
// the upload the orders keep).
async function makeScan(browser, file) {
	const ctx = await browser.newContext({ viewport: { width: 480,
	    height: 640 }, deviceScaleFactor: 1 });
	const page = await ctx.newPage();
	await page.setContent(`<!doctype html><html lang="zh-CN"><body style="
	    margin:0;background:#f4f1ea;font:16px/1.9 'Noto Serif CJK SC',serif;
	    color:#222"><div style="margin:28px;padding:28px 32px;background:#fff;
	    box-shadow:0 2px 8px #0003;height:520px;position:relative">
	    <h1 style="text-align:center;font-size:24px;margin:0 0 18px">情况说明书
	    </h1><p>辽宁省网联综合服务平台：</p><p style="text-indent:2em">我单位
	    ${COMPANY}的数字证书(CA)锁不慎丢失，现申请补办，并申请立即注销原证书。
	    特此说明。</p><p style="text-align:right;margin-top:60px">${COMPANY}
	    <br>2026年(盖章)</p><div style="position:absolute;right:60px;
	    bottom:70px;width:130px;height:130px;border:4px solid #d22;
	    border-radius:50%;color:#d22;opacity:.8;display:flex;
	    align-items:center;justify-content:center;font-size:15px;
	    text-align:center;transform:rotate(-12deg)">★<br>${COMPANY.slice(0, 6)}
	    <br>${COMPANY.slice(6)}</div></div></body></html>`);
	await page.screenshot({ path: file });
	await ctx.close();
}

async function journey(browser, width) {
	const ap = await context(browser, width);
	const op = await context(browser, width, {
		clientCertificates: [{ origin: base,
		    certPath: `${OPERATOR_CERT}.crt`,
		    keyPath: `${OPERATOR_CERT}.key` }],
	});
	const failed = async (e) => {
		console.error(`journey ${width}px: ${step}: ${e.message}`);
		for (const [who, p] of [['applicant', ap.page],
		    ['operator', op.page]]) {
			console.error(`  ${who} at ${p.url()}`);
			await p.screenshot({ path: path.join(out,
			    `failed-${who}-${width}.png`), fullPage: true })
			    .catch(() => {});
		}
	};
	try {
		const no = await applicantOrders(ap.page, width);
		await operatorLogin(op.page, width);
		await operatorIssues(op.page, width, no);
		const code = await applicantReadsCode(ap.page, width, no);
		await operatorHandsOver(op.page, width, code);
		await applicantSeesItDone(ap.page, width);
		console.log(`journey ${width}px: order ${no} picked up`);
		return true;
	} catch (e) {
		await failed(e);
		return false;
	} finally {
		await ap.ctx.close();
		await op.ctx.close();
	}
}

(async () => {
	fs.mkdirSync(out, { recursive: true });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
	let ok = true;
	try {
		await makeScan(browser, path.join(stackDir, 't',
		    'statement.png'));
		for (const w of [1280, 390])
			ok = await journey(browser, w) && ok;
	} finally {
		await browser.close();
	}
	process.exit(ok ? 0 : 1);
})();
