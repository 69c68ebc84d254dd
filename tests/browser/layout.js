// layout.js: what every page must be at every width, checked in the
// browser by shots.js and journey.js on each page they photograph
// (checkLayout below).  Tables: a page stylesheet that shows a table as
// cards on phones (class card-table or order-table) writes on each <td>
// data-label, its column's <th> words, and app.css draws that label.
'use strict';

const fs = require('fs');
const path = require('path');

// axe-core (npm axe-core, installed by setup.sh beside playwright-core),
// read once and evaluated in each page: through the DevTools protocol, so
// the pages' Content-Security-Policy, which allows no inline script, does
// not stop it.
let axeSource = null;
function axeScript() {
	if (axeSource === null)
		axeSource = fs.readFileSync(path.join(__dirname, 'node_modules',
		    'axe-core', 'axe.min.js'), 'utf8');
	return axeSource;
}

// The page as axe-core sees it, with the WCAG 2 A and AA rules: no
// "serious" or "critical" violation.  The message lists each one by rule,
// its help text and the first few elements it found.
async function checkAxe(page, what, width) {
	if (!await page.evaluate(() => typeof window.axe === 'object'))
		await page.evaluate(axeScript());
	const res = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: 'tag',
		    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
		resultTypes: ['violations'],
	}).then((r) => r.violations.map((v) => ({ id: v.id,
	    impact: v.impact, help: v.help,
	    targets: v.nodes.map((n) => n.target.join(' ')) }))));
	const bad = res.filter((v) => v.impact === 'serious' ||
	    v.impact === 'critical');
	if (!bad.length)
		return;
	const list = bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ` +
	    v.targets.slice(0, 3).join(', ') +
	    (v.targets.length > 3 ? ` and ${v.targets.length - 3} more` : ''));
	throw new Error(`${what} at ${width}px: axe-core found ` +
	    `${bad.length} serious or critical violation(s):\n  ` +
	    list.join('\n  '));
}

// The roles of controls in Chromium's accessibility tree: each must have
// a name, and no two the same one.
const CONTROLS = new Set(['button', 'link', 'textbox', 'searchbox',
    'combobox', 'checkbox', 'radio', 'spinbutton', 'slider', 'switch',
    'menuitem', 'tab', 'DisclosureTriangle']);

// The first string of a computed `content` value ('"申请时间" / ""'), or
// null for none.
function drawnText(content) {
	const m = /^"((?:[^"\\]|\\.)*)"/.exec(content || '');
	return m ? m[1].replace(/\\(.)/g, '$1') : null;
}

// The layout of a page at this width, as a person (and a screen reader)
// meets it:
// - the page is no wider than the viewport, and every visible control
//   (link, button, field, menu) lies within it, and within its table row
//   (on a phone, its card) when it is in one;
// - for each table, the words of its <th> columns: on a phone, a table
//   shown as cards must draw on each line its own column's name (its
//   cell's ::before) and keep its value inside the card, one shown
//   as a table must not need sideways
//   scrolling; at every width each cell of a card table carries that
//   name as data-label;
// - the column headers are in Chromium's accessibility tree (at phone
//   width too, where they are not drawn), so the label is not CSS-only;
// - every control (link, button, field, menu) in that tree has a name,
//   and no two the same one;
// - axe-core finds no serious or critical WCAG 2 A/AA violation
//   (checkAxe above).
async function checkLayout(page, what, width) {
	const r = await page.evaluate(() => {
		const view = document.documentElement.clientWidth;
		const res = { view, page: document.documentElement.scrollWidth,
		    off: [], tables: [] };
		for (const e of document.querySelectorAll(
		    'a[href], button, input:not([type=hidden]), select, ' +
		    'textarea, summary')) {
			const b = e.getBoundingClientRect();
			/* Not drawn (a closed menu's links): not met. */
			if (b.width < 2 || b.height < 2 ||
			    !e.checkVisibility({ visibilityProperty: true }))
				continue;
			/* Within the viewport, and a table's control within
			   its row (on a phone: its card). */
			const tr = e.closest('tr');
			const box = tr ? tr.getBoundingClientRect() :
			    { left: 0, right: view };
			const span = (r) => `${Math.round(r.left)}..` +
			    `${Math.round(r.right)}`;
			const text = (e.textContent || e.value || '').trim();
			if (b.left < Math.max(0, box.left) - 0.5 ||
			    b.right > Math.min(view, box.right) + 0.5)
				res.off.push(`${e.tagName} "${text.slice(0, 20)}" ` +
				    span(b) + (tr ? ` (its row ${span(box)})` :
				    ''));
		}
		for (const t of document.querySelectorAll('table')) {
			const ths = [...t.querySelectorAll('thead th')];
			const heads = ths.map((th) => th.textContent.trim());
			/* A column left out at this width (display: none,
			   header and cells) has nothing to check. */
			const shown = ths.map((th) =>
			    getComputedStyle(th).display !== 'none');
			const rows = [];
			for (const tr of t.querySelectorAll('tbody tr')) {
				const tds = [...tr.children]
				    .filter((c) => c.tagName === 'TD');
				if (tds.some((c) => c.colSpan > 1))
					continue;	/* a group's head */
				rows.push(tds.map((td) => ({
					attr: td.getAttribute('data-label'),
					drawn: getComputedStyle(td, '::before')
					    .content,
					cell: getComputedStyle(td).display ===
					    'table-cell',
					spill: td.scrollWidth - td.clientWidth,
				})));
			}
			const w = t.parentElement;
			res.tables.push({ cls: t.className, heads, shown, rows,
			    cards: /\b(card|order)-table\b/.test(t.className),
			    scroll: w.scrollWidth - w.clientWidth });
		}
		return res;
	});
	const fail = (m) => { throw new Error(`${what} at ${width}px: ${m}`); };
	if (r.page > r.view)
		fail(`the page is ${r.page}px wide`);
	if (r.off.length)
		fail(`off-screen: ${r.off.join('; ')}`);
	const cdp = await page.context().newCDPSession(page);
	const { nodes } = await cdp.send('Accessibility.getFullAXTree');
	await cdp.detach();
	const axHeads = new Set(nodes.filter((n) => !n.ignored && n.role &&
	    n.role.value === 'columnheader').map((n) => n.name &&
	    n.name.value));
	// Every control a person can reach has a name of its own: a
	// screen reader's list of links, buttons and fields tells each
	// one from the others.
	const names = new Map();
	for (const n of nodes) {
		if (n.ignored || !n.role || !CONTROLS.has(n.role.value))
			continue;
		const k = n.name ? String(n.name.value).trim() : '';
		names.set(k, (names.get(k) || 0) + 1);
	}
	const dup = [...names].filter(([k, c]) => c > 1 || k === '');
	if (dup.length)
		fail('controls without a name of their own: ' + dup.map(
		    ([k, c]) => `${c} named "${k}"`).join(', '));
	for (const t of r.tables) {
		const name = `table "${t.cls}"`;
		for (const h of t.heads.filter((h, i) => t.shown[i]))
			if (!axHeads.has(h))
				fail(`${name}: column header ${h} is not in ` +
				    'the accessibility tree');
		for (const row of t.rows) {
			if (row.length !== t.heads.length)
				fail(`${name}: a row of ${row.length} cells ` +
				    `under ${t.heads.length} headers`);
			row.forEach((c, i) => {
				const col = `${name}: column ${t.heads[i]}'s`;
				if (!t.shown[i])
					return;
				if (t.cards && c.attr !== t.heads[i])
					fail(`${col} cell is labelled ${c.attr}`);
				if (width > 800 || c.cell)
					return;
				const d = drawnText(c.drawn);
				if (d !== t.heads[i])
					fail(`${col} card line reads ${d}`);
				if (c.spill > 1)
					fail(`${col} card line spills ` +
					    `${c.spill}px out`);
			});
		}
		if (width <= 800 && t.rows.length && t.rows[0].every(
		    (c) => c.cell) && t.scroll > 0)
			fail(`${name} scrolls sideways by ${t.scroll}px`);
	}
	await checkAxe(page, what, width);
}

module.exports = { checkLayout };
