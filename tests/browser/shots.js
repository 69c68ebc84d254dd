// shots.js: screenshots of ca-reissue pages in Debian's chromium, headless,
// driven by playwright-core (no browser download: executablePath is the
// system chromium).  It logs in through the real forms, like a person:
//
//   node tests/browser/shots.js BASE_URL OUT_DIR [MOBILE] [PASSWORD]
//
// and writes, for each width W in 1280 (desktop) and 390 (phone):
//   OUT_DIR/register-W.png, reset-W.png, terms-W.png, privacy-W.png
//                            注册账号, 找回密码 and the two documents,
//                            before logging in
//   OUT_DIR/error-404-W.png  the styled error page (HTTP 404)
//   OUT_DIR/login-W.png      账号登录
//   OUT_DIR/identity-W.png   关联公司及身份选择 (the default account,
//                            13900000005, has three identities)
//   OUT_DIR/certs-W.png      CA管理 as its 管理员 identity (the first one
//                            if it has none), 操作 menu of row 2 open
//                            (opened by a click on it while row 1's was
//                            open: that one closed, nothing covered it)
//   OUT_DIR/apply-W.png      CA主锁申请, reached by its button on CA管理:
//                            where that application is made
//   OUT_DIR/staff-W.png      人员管理 (when that identity is 管理员)
//   OUT_DIR/me-W.png         个人信息
//   OUT_DIR/company-W.png    企业信息
//   OUT_DIR/cert-view-W.png, cert-platform-W.png, cert-revoke-W.png
//                            查看详情, 新增平台 and 注销 of CA管理's first
//                            certificate (注销 is a confirmation page:
//                            nothing changes on GET)
// With SHOTS=orders in the environment it writes, instead of those three
// (tests/integ/check_orders.c, whose stack has orders in many states):
//   OUT_DIR/orders-W.png     订单管理, first tab
//   OUT_DIR/order-view-W.png 查看订单 of a shipped order (else the first)
//   OUT_DIR/invoices-W.png   发票管理
// With SHOTS=ops and OPS_CERT=PATH (a demo operator's client certificate,
// PATH.crt and PATH.key) it logs in by CA登录 instead and writes
// (tests/integ/check_ops.c):
//   OUT_DIR/ops-W.png        审核队列 of the operator's office
//   OUT_DIR/ops-order-W.png  the order page of the first order listed
// With SHOTS=invoicedesk and OPS_CERT=PATH, the same login, then
// (tests/integ/check_invoicedesk.c):
//   OUT_DIR/ops-invoices-W.png 发票队列 of the operator's office
//   OUT_DIR/ops-invoice-W.png  the first invoice listed, with its form
// With SHOTS=join and ADMIN_MOBILE (a demo 管理员, password Demo@2026), for
// MOBILE, a person with 加入申请 decided and waiting (check_join.c):
//   OUT_DIR/identity-join-W.png 关联公司及身份选择 with the decisions told,
//                            the waiting requests and "+ 新增"
//   OUT_DIR/join-W.png       新增关联公司及身份, reached by "+ 新增"
//   OUT_DIR/join-error-W.png the same form refused (a wrong check
//                            character), the message beside the field
//   OUT_DIR/staff-join-W.png 人员管理 of ADMIN_MOBILE's company with the
//                            加入申请 to approve or refuse
// On every page it shoots, it checks the layout (checkLayout): nothing is
// wider than the viewport, no control is off-screen, and each table's
// cells are labelled with their own column's name.
// Exit status 0 when every page loaded with HTTP 200, showed its key
// label and passed those checks; 1 otherwise (the reason on stderr).
'use strict';

const path = require('path');
const { chromium } = require('playwright-core');
const { checkLayout } = require('./layout');

const [base, out, mobile = '13900000005', password = 'Demo@2026'] =
    process.argv.slice(2);
if (!base || !out) {
	console.error('usage: shots.js BASE_URL OUT_DIR [MOBILE] [PASSWORD]');
	process.exit(2);
}

const widths = [1280, 390];
const ordersOnly = process.env.SHOTS === 'orders';
const joinOnly = process.env.SHOTS === 'join';
const adminMobile = process.env.ADMIN_MOBILE;
if (joinOnly && !adminMobile) {
	console.error('shots: SHOTS=join needs ADMIN_MOBILE');
	process.exit(2);
}
const deskOnly = process.env.SHOTS === 'invoicedesk';
const opsCert = process.env.SHOTS === 'ops' || deskOnly ?
    process.env.OPS_CERT : null;
if ((process.env.SHOTS === 'ops' || deskOnly) && !opsCert) {
	console.error('shots: SHOTS=ops and SHOTS=invoicedesk need OPS_CERT');
	process.exit(2);
}

// The operators' pages, logged in by CA登录 with the client certificate.
async function shootOps(browser, width) {
	const ctx = await browser.newContext({
		viewport: { width, height: width > 800 ? 900 : 844 },
		deviceScaleFactor: 1,
		ignoreHTTPSErrors: true,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		clientCertificates: [{ origin: base,
		    certPath: `${opsCert}.crt`, keyPath: `${opsCert}.key` }],
	});
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	try {
		let resp = await page.goto(`${base}/login?tab=ca`);
		await expectPage(page, resp, 'CA登录', 'login');
		await page.check('form[action="/login/ca"] #agree');
		[resp] = await Promise.all([
			page.waitForNavigation(),
			page.click('form[action="/login/ca"] button[type="submit"]'),
		]);
		if (!page.url().endsWith('/ops'))
			throw new Error(`CA登录: ended on ${page.url()}`);
		await expectPage(page, resp, '审核队列', 'ops');
		if (deskOnly)
			return await shootDesk(page, width);
		await checkLayout(page, 'ops', width);
		await page.screenshot({ path: path.join(out, `ops-${width}.png`),
		    fullPage: true });
		const href = await page.locator('a', { hasText: '处理' }).first()
		    .getAttribute('href');
		resp = await page.goto(`${base}${href}`);
		await expectPage(page, resp, '情况说明书', 'ops-order');
		// The statement is served to the browser as an image.
		const img = page.locator('img.ops-statement-img');
		if (await img.count() > 0 && await img.evaluate(
		    (e) => e.complete && e.naturalWidth > 0) !== true)
			throw new Error('ops-order: the statement image did not load');
		await checkLayout(page, 'ops-order', width);
		await page.screenshot({ path: path.join(out,
		    `ops-order-${width}.png`), fullPage: true });
	} finally {
		await ctx.close();
	}
}

// 发票队列 and its first invoice, from the operators' navigation.
async function shootDesk(page, width) {
	let [resp] = await Promise.all([
		page.waitForNavigation(),
		page.click('nav.ops-bar-nav a[href="/ops/invoices"]'),
	]);
	await expectPage(page, resp, '发票队列', 'ops-invoices');
	await checkLayout(page, 'ops-invoices', width);
	await page.screenshot({ path: path.join(out,
	    `ops-invoices-${width}.png`), fullPage: true });
	const href = await page.locator('table.desk-table a').first()
	    .getAttribute('href');
	resp = await page.goto(`${base}${href}`);
	await expectPage(page, resp, '发票抬头', 'ops-invoice');
	await checkLayout(page, 'ops-invoice', width);
	await page.screenshot({ path: path.join(out,
	    `ops-invoice-${width}.png`), fullPage: true });
}

// A screenshot of the page as name-W.png after checkLayout, unless this
// run is for other pages.
async function snap(page, name, width, orderPage) {
	if (ordersOnly !== !!orderPage)
		return;
	await checkLayout(page, name, width);
	await page.screenshot({ path: path.join(out, `${name}-${width}.png`),
	    fullPage: true });
}

async function expectPage(page, resp, label, what, status = 200) {
	if (!resp || resp.status() !== status)
		throw new Error(`${what}: HTTP ${resp ? resp.status() : 'none'}`);
	const body = await page.textContent('body');
	if (!body.includes(label))
		throw new Error(`${what}: "${label}" not on the page`);
}

// CA管理's 操作 menus (<details>): open row 1's, then click row 2's 操作
// where it is drawn, as a person would.  The click must reach row 2's
// menu (not a link of row 1's menu lying over it: no navigation), open
// it, and close row 1's.
async function menus(page) {
	const m = page.locator('details.opmenu');
	if (await m.count() < 2)
		throw new Error('certs: fewer than two 操作 menus');
	await m.nth(0).locator('summary').click();
	if (!await m.nth(0).evaluate((d) => d.open))
		throw new Error('certs: row 1\'s 操作 did not open');
	const next = m.nth(1).locator('summary');
	await next.scrollIntoViewIfNeeded();
	const b = await next.boundingBox();
	await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
	await page.waitForTimeout(500);
	if (!page.url().endsWith('/certs'))
		throw new Error(`certs: the click on row 2's 操作 went to ` +
		    `${page.url()}`);
	const open = await m.evaluateAll((ds) => ds.map((d) => d.open));
	if (!open[1] || open[0])
		throw new Error(`certs: after clicking row 2's 操作 the open ` +
		    `menus are ${open}`);
}

// A browser context as a person at this width sees the site.
function newContext(browser, width) {
	return browser.newContext({
		viewport: { width, height: width > 800 ? 900 : 844 },
		deviceScaleFactor: 1,
		ignoreHTTPSErrors: true,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
	});
}

// 账号登录 through the form; the response of 关联公司及身份选择.
async function loginForm(page, who, pw) {
	let resp = await page.goto(`${base}/login`);
	await expectPage(page, resp, '账号登录', 'login');
	await page.fill('#mobile', who);
	await page.fill('#password', pw);
	await page.check('#agree');
	[resp] = await Promise.all([
		page.waitForNavigation(),
		page.click('form[action="/login"] button[type="submit"]'),
	]);
	if (!page.url().endsWith('/identity'))
		throw new Error(`login of ${who}: ended on ${page.url()}`);
	return resp;
}

// 加入申请: the person's pages, then the administrator's 人员管理.
async function shootJoin(browser, width) {
	let ctx = await newContext(browser, width);
	let page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	try {
		let resp = await loginForm(page, mobile, password);
		await expectPage(page, resp, '加入申请审核结果', 'identity-join');
		await snap(page, 'identity-join', width);
		[resp] = await Promise.all([
			page.waitForNavigation(),
			page.getByRole('link', { name: '+ 新增', exact: true })
			    .click(),
		]);
		await expectPage(page, resp, '新增关联公司及身份', 'join');
		await snap(page, 'join', width);
		await page.fill('#join-uscc', '91210105MA0YDEM15K');
		await page.selectOption('#join-role', 'project_lead');
		[resp] = await Promise.all([
			page.waitForNavigation(),
			page.click('form[action="/identity/join"] ' +
			    'button[type="submit"]'),
		]);
		if (!resp || resp.status() !== 400)
			throw new Error('join-error: HTTP ' +
			    (resp ? resp.status() : 'none'));
		if (await page.inputValue('#join-uscc') !==
		    '91210105MA0YDEM15K')
			throw new Error('join-error: the typed code was not kept');
		if (!(await page.textContent('#join-uscc-msg'))
		    .includes('统一社会信用代码不正确'))
			throw new Error('join-error: no message beside the field');
		await snap(page, 'join-error', width);
	} finally {
		await ctx.close();
	}
	ctx = await newContext(browser, width);
	page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	try {
		let resp = await loginForm(page, adminMobile, 'Demo@2026');
		await page.locator('tr', { hasText: '管理员' })
		    .locator('input[name="membership"]').first().check();
		await Promise.all([
			page.waitForNavigation(),
			page.click('form[action="/identity"] button[type="submit"]'),
		]);
		resp = await page.goto(`${base}/staff`);
		await expectPage(page, resp, '加入申请 (', 'staff-join');
		await snap(page, 'staff-join', width);
	} finally {
		await ctx.close();
	}
}

async function shoot(browser, width) {
	const ctx = await browser.newContext({
		viewport: { width, height: width > 800 ? 900 : 844 },
		deviceScaleFactor: 1,
		ignoreHTTPSErrors: true,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
	});
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	try {
		let resp;
		if (!ordersOnly) {
			// What a person meets before logging in, and the
			// styled error page.
			for (const [p, label, name] of [
			    ['/register', '注册账号', 'register'],
			    ['/password/reset', '找回密码', 'reset'],
			    ['/terms', '用户服务协议', 'terms'],
			    ['/privacy', '隐私政策', 'privacy']]) {
				resp = await page.goto(`${base}${p}`);
				await expectPage(page, resp, label, name);
				await snap(page, name, width);
			}
			resp = await page.goto(`${base}/no-such-page`);
			await expectPage(page, resp, '页面不存在', 'error-404',
			    404);
			await snap(page, 'error-404', width);

		}
		resp = await page.goto(`${base}/login`);
		await expectPage(page, resp, '账号登录', 'login');
		await snap(page, 'login', width);

		await page.fill('#mobile', mobile);
		await page.fill('#password', password);
		await page.check('#agree');
		[resp] = await Promise.all([
			page.waitForNavigation(),
			page.click('form[action="/login"] button[type="submit"]'),
		]);
		if (!page.url().endsWith('/identity'))
			throw new Error(`login: ended on ${page.url()}`);
		await expectPage(page, resp, '身份', 'identity');
		await snap(page, 'identity', width);

		const admin = page.locator('tr', { hasText: '管理员' })
		    .locator('input[name="membership"]');
		if (await admin.count() > 0)
			await admin.first().check();
		else
			await page.check('input[name="membership"] >> nth=0');
		[resp] = await Promise.all([
			page.waitForNavigation(),
			page.click('form[action="/identity"] button[type="submit"]'),
		]);
		if (!page.url().includes('/certs'))
			resp = await page.goto(`${base}/certs`);
		await expectPage(page, resp, 'CA锁类别', 'certs');
		// Home (the logo) leads back here, to the personal centre.
		[resp] = await Promise.all([
			page.waitForNavigation(),
			page.click('a.brand'),
		]);
		if (!page.url().endsWith('/certs'))
			throw new Error(`home: ended on ${page.url()}`);
		await expectPage(page, resp, 'CA锁类别', 'certs');
		if (!ordersOnly)
			await menus(page);
		await snap(page, 'certs', width);
		if (!ordersOnly) {
			// The guide's four buttons above the table; the first
			// leads to where that application is made.
			for (const b of ['CA主锁申请', 'CA个人锁申请', 'CA延期年检',
			    '更新数字证书']) {
				const l = page.getByRole('link', { name: b,
				    exact: true });
				if (!await l.isVisible())
					throw new Error(`certs: no ${b}`);
			}
			[resp] = await Promise.all([
				page.waitForNavigation(),
				page.getByRole('link', { name: 'CA主锁申请',
				    exact: true }).click(),
			]);
			await expectPage(page, resp, '本平台只办理CA数字证书补办',
			    'apply');
			await snap(page, 'apply', width);
			const staff = page.locator('a[href="/staff"]');
			if (await staff.count() > 0) {
				resp = await page.goto(`${base}/staff`);
				await expectPage(page, resp, '加入时间', 'staff');
				await snap(page, 'staff', width);
			}
			resp = await page.goto(`${base}/me`);
			await expectPage(page, resp, '关联公司及身份', 'me');
			await snap(page, 'me', width);
			if (await page.locator('a[href="/company"]').count() >
			    0) {
				resp = await page.goto(`${base}/company`);
				await expectPage(page, resp, '企业信息', 'company');
				await snap(page, 'company', width);
			}
			// The 操作 menu's pages of the first certificate.
			resp = await page.goto(`${base}/certs`);
			for (const [sel, label, name] of [
			    ['a[href^="/certs/view?"]', '数字证书(CA)信息',
			    'cert-view'],
			    ['a[href^="/certs/platform?"]', '新增平台',
			    'cert-platform'],
			    ['a[href^="/certs/revoke?"]', '注销证书',
			    'cert-revoke']]) {
				const href = await page.locator(sel).first()
				    .getAttribute('href');
				const p2 = await page.context().newPage();
				try {
					resp = await p2.goto(`${base}${href}`);
					await expectPage(p2, resp, label, name);
					await snap(p2, name, width);
				} finally {
					await p2.close();
				}
			}
			return;
		}

		resp = await page.goto(`${base}/orders`);
		await expectPage(page, resp, '收货状态', 'orders');
		await snap(page, 'orders', width, true);
		let view = page.locator('tbody.order-group', { hasText: '已发货' })
		    .locator('a', { hasText: '查看订单' });
		if (await view.count() === 0)
			view = page.locator('a', { hasText: '查看订单' });
		const href = await view.first().getAttribute('href');
		resp = await page.goto(`${base}${href}`);
		await expectPage(page, resp, '订单记录', 'order-view');
		await snap(page, 'order-view', width, true);
		resp = await page.goto(`${base}/invoices`);
		await expectPage(page, resp, '纳税人识别号', 'invoices');
		await snap(page, 'invoices', width, true);
	} finally {
		await ctx.close();
	}
}

(async () => {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
	});
	let failed = 0;
	try {
		for (const w of widths) {
			try {
				await (opsCert ? shootOps(browser, w) :
				    joinOnly ? shootJoin(browser, w) :
				    shoot(browser, w));
				console.log(`shots: ${w}px ok`);
			} catch (e) {
				failed++;
				console.error(`shots: ${w}px: ${e.message}`);
			}
		}
	} finally {
		await browser.close();
	}
	process.exit(failed ? 1 : 0);
})();
