// End-to-end test of the hosted donation form in a real browser: Debian's
// headless Chromium driven by playwright-core (no browser download).
//
//   node tests/browser/e2e.mjs --prefill build/src/prefill --source . [--screenshots docs]
//
// Starts its own `prefill serve` on a free loopback port against a fresh
// database on $PREFILL_TEST_DB's server (migrated first, dropped at the end),
// then checks what a donor sees: values, locks, escaping, payments, and
// accessibility - axe-core (npm) run inside the page reports no violation of
// the WCAG 2.1 A/AA rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa) in every
// state; a donation made with the keyboard only; German and English pages;
// no horizontal scrolling at 360 px. Fails - never skips - when Chromium,
// node_modules or $PREFILL_TEST_DB are missing. Prints "N passed, M failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';

const CHROMIUM = '/usr/bin/chromium';
const SANDBOX_HASH = 'demo_sandbox_hash_0001';
const VALID_IBAN = 'DE89370400440532013000';

function argument(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

function fail(message) {
  console.error(`browser_e2e: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const prefillBinary = resolve(argument('--prefill', 'build/src/prefill'));
const sourceDir = resolve(argument('--source', '.'));
const screenshotDir = argument('--screenshots', '');
if (!existsSync(prefillBinary)) fail(`no prefill binary at ${prefillBinary}`);
if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing: run scripts/setup.sh (Debian package chromium)`);
const adminUrl = process.env.PREFILL_TEST_DB;
if (!adminUrl) fail('PREFILL_TEST_DB is not set: run the tests through scripts/test.sh');

let chromium;
let axeSource;
try {
  ({ chromium } = await import('playwright-core'));
  axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  fail(`playwright-core or axe-core is not installed (${e.message}): run scripts/setup.sh (npm ci --prefix tests/browser)`);
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Runs axe-core inside `target` (a Page or a Frame; for a page, also inside its
// frames) and fails on any violation of the WCAG 2.1 A/AA rules. axe is put
// into the page through the debugger protocol (evaluate), not as a <script>,
// so the page's strict CSP stays as it is.
async function expectAccessible(target, where) {
  const frames = typeof target.frames === 'function' ? target.frames() : [target];
  for (const frame of frames) await frame.evaluate(axeSource);
  const result = await target.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }), WCAG_TAGS);
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.slice(0, 4).map((n) => n.target.join(' > ')).join(' | '));
  assert.deepEqual(violations, [], `axe-core found WCAG 2.1 A/AA violations on ${where}`);
}

// Presses Tab (Shift+Tab when `back`) until the focused element matches `selector`.
async function tabTo(page, selector, { max = 80, back = false } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// No horizontal scrolling: the document is no wider than the viewport.
async function expectNoHorizontalScroll(target, where) {
  const { scroll, client } = await target.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${where}: ${scroll}px of content in ${client}px`);
}

// mysql://user@host/?socket=... -> the same server with database `name`.
function databaseUrl(admin, name) {
  const [head, query] = admin.split('?');
  const slash = head.indexOf('/', head.indexOf('//') + 2);
  const base = slash < 0 ? head : head.slice(0, slash);
  return `${base}/${name}${query ? '?' + query : ''}`;
}

// Drops the test database with the mariadb client (best effort).
function dropDatabase(admin, name) {
  const url = new URL(admin.replace(/^mysql:/, 'http:'));
  const args = ['-u', decodeURIComponent(url.username || 'root')];
  if (url.password) args.push(`-p${decodeURIComponent(url.password)}`);
  const socket = url.searchParams.get('socket');
  if (socket) args.push('--socket', socket);
  else args.push('-h', url.hostname, '-P', url.port || '3306', '--protocol=TCP');
  spawnSync('mariadb', [...args, '-e', `DROP DATABASE IF EXISTS \`${name}\``], { stdio: 'ignore' });
}

function freePort() {
  return new Promise((ok, ko) => {
    const server = createServer();
    server.on('error', ko);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const dbName = `prefill_e2e_${process.pid}_${Date.now()}`;
const dbUrl = databaseUrl(adminUrl, dbName);
const migrated = spawnSync(prefillBinary, ['migrate', '--db', dbUrl, '--migrations', join(sourceDir, 'sql')], {
  encoding: 'utf8',
});
if (migrated.status !== 0) fail(`prefill migrate failed: ${migrated.stderr || migrated.stdout}`);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let serverLog = '';
const server = spawn(prefillBinary, ['serve', '--db', dbUrl, '--listen', `127.0.0.1:${port}`,
  '--forms', join(sourceDir, 'forms'), '--threads', '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
server.stdout.on('data', (d) => { serverLog += d; });
server.stderr.on('data', (d) => { serverLog += d; });

const userDataDir = mkdtempSync(join(tmpdir(), 'prefill-e2e-chromium-'));
let context;

async function cleanup() {
  if (context) await context.close().catch(() => {});
  server.kill('SIGTERM');
  rmSync(userDataDir, { recursive: true, force: true });
  dropDatabase(adminUrl, dbName);
}

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    if (server.exitCode !== null) break;
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await sleep(100);
  }
  throw new Error(`prefill serve did not start:\n${serverLog}`);
}

async function createSession(payment) {
  const body = new URLSearchParams({ hash: SANDBOX_HASH });
  for (const [k, v] of Object.entries(payment)) body.append(`payment[${k}]`, v);
  const res = await fetch(`${base}/app/createSession`, { method: 'POST', body });
  const answer = await res.json();
  assert.equal(answer.status, 'success', JSON.stringify(answer));
  return answer.session;
}

async function readSession(hash) {
  const body = new URLSearchParams({ hash: SANDBOX_HASH, fbSessionHash: hash });
  return (await (await fetch(`${base}/app/updateSession`, { method: 'POST', body })).json());
}

const results = [];
async function check(name, fn) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  try {
    await fn(page, problems);
    results.push([name, null]);
    console.log(`ok   ${name}`);
  } catch (e) {
    results.push([name, e]);
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split('\n').join('\n     ')}`);
    if (problems.length) console.log(`     browser: ${problems.join('\n     browser: ')}`);
  } finally {
    await page.close().catch(() => {});
  }
}

const formUrl = (hash) => `${base}/form/${SANDBOX_HASH}?fbSessionHash=${encodeURIComponent(hash)}`;
const GERMAN_SANDBOX_HASH = 'spendenformular_sandbox_0001';

try {
  await waitForServer();
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

  await check('a page opened with a session shows the stored values, the fixed amount read-only', async (page) => {
    const session = await createSession({ amount_fix: '20.00', first_name: 'Beate', last_name: 'Muster',
      email: 'beate@example.org', payment_method: 'sepa_direct_debit', city: 'Köln' });
    const res = await page.goto(formUrl(session.hash));
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-security-policy'], /frame-ancestors 'self' /);
    assert.equal(await page.inputValue('#payment_first_name'), 'Beate');
    assert.equal(await page.inputValue('#payment_last_name'), 'Muster');
    assert.equal(await page.inputValue('#payment_email'), 'beate@example.org');
    assert.equal(await page.inputValue('#payment_city'), 'Köln');
    assert.equal(await page.isChecked('#payment_payment_method input[value=sepa_direct_debit]'), true);
    assert.equal(await page.inputValue('#payment_amount'), '20.00');
    assert.equal(await page.$eval('#payment_amount', (el) => el.readOnly), true);
    assert.equal(await page.isEditable('#payment_amount'), false);
    assert.equal(await page.isEditable('#payment_first_name'), true);
    // Card fields belong to another method and stay out of sight.
    assert.equal(await page.isVisible('#payment_credit_card_owner'), false);
    assert.equal(await page.isVisible('#payment_bank_iban'), true);
    // prefill.js announced itself with config and session.
    const label = await page.textContent('label[for=payment_amount]');
    assert.match(label, /Your donation/);
  });

  await check('an invalid e-mail shows its error beside the field', async (page) => {
    const session = await createSession({ amount_fix: '20.00', first_name: 'Beate' });
    await page.goto(formUrl(session.hash));
    assert.equal(await page.textContent('#payment_email_error'), '');
    await page.fill('#payment_email', 'not-an-e-mail');
    await page.press('#payment_email', 'Tab');  // change -> updateSession for this field
    await page.waitForFunction(() => document.querySelector('#payment_email_error').textContent !== '');
    const message = await page.textContent('#payment_email_error');
    assert.match(message, /e-mail|address/i);
    assert.equal(await page.getAttribute('#payment_email_wrapper', 'class').then((c) => c.includes('has-error')), true);
    // Only that field's error: the still-missing last name is not flagged yet.
    assert.equal(await page.textContent('#payment_last_name_error'), '');
    // Submitting flags everything that is missing, and says so globally.
    await page.click('#submit_button');
    await page.waitForFunction(() => document.querySelector('#payment_last_name_error').textContent !== '');
    assert.notEqual(await page.textContent('#global_error'), '');
    assert.equal(await page.textContent('#payment_email_error'), message);
  });

  await check('a locked value tampered with in the page is refused by the server', async (page) => {
    const session = await createSession({ amount_fix: '20.00' });
    await page.goto(formUrl(session.hash));
    await page.$eval('#payment_amount', (el) => { el.readOnly = false; el.removeAttribute('data-locked'); });
    await page.fill('#payment_amount', '1.00');
    // Unlock in prefill.js's view too, so it really sends the value.
    await page.evaluate(() => { Prefill.instances[0].session.fixed_values = {}; });
    await page.press('#payment_amount', 'Tab');
    await page.waitForFunction(() => document.querySelector('#payment_amount_error').textContent !== '');
    const stored = await readSession(session.hash);
    assert.equal(stored.session.values.amount, '20.00');
  });

  await check('a stored <script> value is shown as text and never runs', async (page) => {
    const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    const session = await createSession({ message: evil, first_name: '"><script>window.__pwned=3</script>' });
    await page.goto(formUrl(session.hash));
    assert.equal(await page.inputValue('#payment_message'), evil);
    assert.equal(await page.inputValue('#payment_first_name'), '"><script>window.__pwned=3</script>');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('script').count(), 2);  // the data block and prefill.js
    assert.equal(await page.locator('img').count(), 0);
  });

  await check('the demo shop embeds the form; a sandbox SEPA payment ends on the thank-you state', async (page) => {
    await page.goto(`${base}/sandbox/shop`);
    const frame = page.frameLocator('#donation_frame');
    await frame.locator('#payment_amount').waitFor();
    assert.equal(await frame.locator('#payment_amount').inputValue(), '35.00');
    assert.equal(await frame.locator('#payment_amount').isEditable(), false);
    assert.match(await frame.locator('#payment_basket').inputValue(), /"sku":"TREE-01"/);
    await expectAccessible(page, 'the demo shop with the embedded form');
    await frame.locator('#payment_salutation').selectOption('Mrs.');
    await frame.locator('#payment_first_name').fill('Beate');
    await frame.locator('#payment_last_name').fill('Muster');
    await frame.locator('#payment_email').fill('beate@example.org');
    await frame.locator('#payment_payment_method input[value=sepa_direct_debit]').check({ force: true });
    await frame.locator('#payment_bank_account_owner').fill('Beate Muster');
    await frame.locator('#payment_bank_iban').fill('DE89 3704 0044 0532 0130 00');
    await frame.locator('#payment_bank_iban').press('Tab');
    await frame.locator('#payment_bank_iban').evaluate((el) => new Promise((ok) => {
      const wait = () => (el.value === 'DE89370400440532013000' ? ok() : setTimeout(wait, 50));
      wait();
    }));
    if (screenshotDir) {
      await page.setViewportSize({ width: 1200, height: 1400 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(screenshotDir, 'screenshot-form.png') });
    }
    await frame.locator('#submit_button').click();
    await frame.locator('#thank_you').waitFor({ state: 'visible' });
    assert.equal(await frame.locator('#thank_you_amount').textContent(), '€35.00');
    assert.equal(await frame.locator('#prefill_form').isVisible(), false);
    // What the donor keeps: the details, the direct debit's account, a print button.
    await frame.locator('#thank_you_details [data-key=method]').waitFor();
    assert.match(await frame.locator('#thank_you_details').textContent(), /SEPA direct debit/);
    assert.match(await frame.locator('#thank_you_details [data-key=order_id]').textContent(), /DEMO-1001/);
    assert.match(await frame.locator('#thank_you_method_details').textContent(), /\*\*\*\*3000/);
    assert.equal(await frame.locator('#print_button').isVisible(), true);
    // The heading has the focus and the live region says it.
    assert.equal(await frame.locator('#thank_you_title').evaluate((el) => el === document.activeElement), true);
    await frame.locator('#prefill_status').evaluate((el) => new Promise((ok) => {
      const wait = () => (el.textContent.includes('€35.00') ? ok() : setTimeout(wait, 50));
      wait();
    }));
    await expectAccessible(page, 'the thank-you state in the demo shop');
    if (screenshotDir) {
      await page.setViewportSize({ width: 1200, height: 1000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(screenshotDir, 'screenshot-thank-you.png') });
    }
    // The server agrees: the session is paid, and reopening shows the thank-you state.
    const hash = await page.textContent('#session_hash');
    assert.equal((await readSession(hash)).error, 'error 202: session processed');
    await page.goto(formUrl(hash));
    assert.equal(await page.getAttribute('#prefill_root', 'data-state'), 'thank_you');
    assert.equal(await page.isVisible('#thank_you'), true);
  });


  await check('axe: the empty form, the form with field errors and each payment method pass WCAG 2.1 A/AA', async (page) => {
    await page.goto(`${base}/form/${SANDBOX_HASH}`);
    await expectAccessible(page, 'the empty form');
    // Submitting an empty form shows every error; the summary has the focus.
    await page.click('#submit_button');
    await page.waitForFunction(() => document.querySelector('#payment_last_name_error').textContent !== '');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'global_error');
    assert.equal(await page.getAttribute('#payment_last_name', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#payment_last_name', 'aria-describedby'), /payment_last_name_error/);
    assert.ok(await page.locator('#global_error a[href="#payment_last_name"]').count() === 1);
    await expectAccessible(page, 'the form showing field errors');
    for (const method of ['sepa_direct_debit', 'credit_card', 'paypal', 'bank_transfer']) {
      await page.locator(`#payment_payment_method input[value=${method}]`).check({ force: true });
      const shown = await page.$$eval('[data-method]', (ws) => ws.filter((w) => !w.hidden).map((w) => w.dataset.method));
      assert.ok(shown.every((m) => m === method), `${method}: fields of ${shown} shown`);
      await expectAccessible(page, `the form with ${method} chosen`);
    }
    assert.equal(await page.isVisible('#payment_bank_iban'), false);
    assert.equal(await page.isVisible('#payment_credit_card_owner'), false);
    // The notice of an unknown session and the error page of an unknown form.
    await page.goto(formUrl('nosuchsession'));
    assert.equal(await page.getAttribute('#prefill_root', 'data-state'), 'not_found');
    await expectAccessible(page, 'the page of an unknown session');
    await page.goto(`${base}/form/no_such_form_hash_01`);
    await expectAccessible(page, 'the error page of an unknown form');
  });

  await check('a keyboard-only donation: Tab, Space, Enter and arrow keys from the first field to the thank-you state', async (page) => {
    await page.goto(`${base}/form/${SANDBOX_HASH}`);
    // The first stop of the page is the first amount choice; an arrow key picks the next.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'amount_choice_0');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.isChecked('#amount_choice_1'), true);
    await tabTo(page, '#payment_interval input[type=radio]');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('#payment_interval_0'), true);
    await tabTo(page, '#payment_payment_method input[type=radio]');
    await page.keyboard.press('Space');  // the first method: SEPA direct debit
    assert.equal(await page.isChecked('#payment_payment_method_0'), true);
    for (const [id, text] of [['payment_first_name', 'Karl'], ['payment_last_name', 'Tastatur'],
      ['payment_email', 'karl@example.org'], ['payment_bank_account_owner', 'Karl Tastatur'],
      ['payment_bank_iban', VALID_IBAN]]) {
      await tabTo(page, `#${id}`);
      await page.keyboard.type(text);
    }
    // Card fields belong to another method: Tab never stops there.
    await tabTo(page, '#payment_wants_newsletter');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('#payment_wants_newsletter'), true);
    await tabTo(page, '#submit_button');
    await page.keyboard.press('Enter');
    await page.locator('#thank_you').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'thank_you_title');
    assert.equal(await page.textContent('#thank_you_amount'), '€25.00');
    await expectAccessible(page, 'the thank-you state');
  });

  await check('German and English pages: texts, messages, amounts, countries and the transfer instructions', async (page) => {
    await page.goto(`${base}/form/${GERMAN_SANDBOX_HASH}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'de-DE');
    assert.equal((await page.textContent('#submit_button')).trim(), 'Jetzt spenden');
    assert.equal(await page.textContent('label[for=amount_choice_0]'), '20,00\u00a0€');
    assert.equal(await page.$eval('#payment_country option:nth-child(2)', (o) => o.textContent), 'Deutschland');
    await expectAccessible(page, 'the German form');
    await page.fill('#payment_email', 'kaputt');
    await page.click('#submit_button');
    await page.waitForFunction(() => document.querySelector('#payment_email_error').textContent !== '');
    assert.doesNotMatch(await page.textContent('#payment_email_error'), /Invalid/);
    await expectAccessible(page, 'the German form showing field errors');

    // ?lang=en: the same form in English, validator messages included.
    await page.goto(`${base}/form/${GERMAN_SANDBOX_HASH}?lang=en`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en-GB');
    assert.equal((await page.textContent('#submit_button')).trim(), 'Donate now');
    assert.equal(await page.textContent('label[for=amount_choice_0]'), '€20.00');
    assert.equal(await page.$eval('#payment_country option:nth-child(2)', (o) => o.textContent), 'Germany');
    await page.fill('#payment_email', 'broken');
    await page.click('#submit_button');
    await page.waitForFunction(() => document.querySelector('#payment_email_error').textContent !== '');
    assert.match(await page.textContent('#payment_email_error'), /e-mail/i);
    await expectAccessible(page, 'the English form');

    // A German bank transfer ends on the instructions to keep.
    await page.goto(`${base}/form/${GERMAN_SANDBOX_HASH}`);
    await page.locator('label[for=amount_choice_1]').click();
    await page.locator('label[for=payment_interval_0]').click();
    await page.locator('#payment_payment_method input[value=bank_transfer]').check({ force: true });
    await page.fill('#payment_first_name', 'Beate');
    await page.fill('#payment_last_name', 'Muster');
    await page.fill('#payment_email', 'beate@example.org');
    await page.check('#payment_is_privacy_accepted');
    await page.click('#submit_button');
    await page.locator('#thank_you').waitFor({ state: 'visible' });
    await page.locator('#thank_you_method_details [data-key=iban]').waitFor();
    assert.equal(await page.textContent('#thank_you_amount'), '50,00\u00a0€');
    assert.match(await page.textContent('#thank_you_details [data-key=date]'), /^Datum\d{2}\.\d{2}\.\d{4}$/);
    assert.match(await page.textContent('#thank_you_method_title'), /überweisen/);
    assert.match(await page.textContent('#thank_you_method_details [data-key=transfer_reference]'), /\S/);
    await expectAccessible(page, 'the German thank-you state with transfer instructions');
    if (screenshotDir) {
      await page.setViewportSize({ width: 360, height: 900 });
      await page.screenshot({ path: join(screenshotDir, 'screenshot-thank-you-360.png'), fullPage: true });
    }
  });

  await check('without JavaScript: choices, the error summary and a donation by bank transfer', async (page) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(`${base}/form/${SANDBOX_HASH}`);
    // No script hides the other methods' fields: all are there to fill in.
    assert.equal(await page.isVisible('#payment_bank_iban'), true);
    assert.equal(await page.isVisible('#print_button'), false);
    await Promise.all([page.waitForNavigation(), page.click('#submit_button')]);
    assert.notEqual(await page.textContent('#payment_last_name_error'), '');
    assert.equal(await page.getAttribute('#payment_last_name', 'aria-invalid'), 'true');
    assert.equal(await page.locator('#global_error a[href="#payment_last_name"]').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'global_error');
    await page.locator('label[for=amount_choice_2]').click();
    await page.locator('label[for=payment_interval_0]').click();
    await page.locator('label[for=payment_payment_method_3]').click();
    await page.fill('#payment_first_name', 'Nora');
    await page.fill('#payment_last_name', 'Skript');
    await page.fill('#payment_email', 'nora@example.org');
    await Promise.all([page.waitForNavigation(), page.click('#submit_button')]);
    assert.equal(await page.getAttribute('#prefill_root', 'data-state'), 'thank_you');
    assert.equal(await page.textContent('#thank_you_amount'), '€50.00');
    assert.match(await page.textContent('#thank_you_method_details [data-key=iban]'), /^IBAN[A-Z]{2}\d{2}( \w{1,4})+$/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'thank_you_title');
    // Printed, the thank-you state is all there is.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.isVisible('#sandbox_banner'), false);
    assert.equal(await page.isVisible('#thank_you_method_details'), true);
  });

  await check('360 px phone and 400 px iframe: no horizontal scrolling', async (page) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/form/${SANDBOX_HASH}`);
    await expectNoHorizontalScroll(page, 'the form at 360 px');
    await page.click('#submit_button');
    await page.waitForFunction(() => document.querySelector('#payment_last_name_error').textContent !== '');
    await expectNoHorizontalScroll(page, 'the form with errors at 360 px');
    await expectAccessible(page, 'the form at 360 px');
    if (screenshotDir) {
      await page.goto(`${base}/form/${SANDBOX_HASH}`);
      await page.screenshot({ path: join(screenshotDir, 'screenshot-form-360.png') });
    }
    await page.goto(`${base}/sandbox/shop`);
    const frame = page.frames().find((f) => f.url().includes('/form/'));
    await page.frameLocator('#donation_frame').locator('#payment_amount').waitFor();
    await expectNoHorizontalScroll(page, 'the demo shop at 360 px');
    await expectNoHorizontalScroll(frame, 'the embedded form at 360 px');
    // A 400 px iframe on a wide page.
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.frameLocator('#donation_frame').locator('#payment_amount').waitFor();
    await page.$eval('#donation_frame', (f) => { f.style.width = '400px'; f.style.minWidth = '0'; });
    await page.waitForFunction(() => document.querySelector('#donation_frame').contentDocument.documentElement.clientWidth <= 400);
    await expectNoHorizontalScroll(frame, 'the form in a 400 px iframe');
  });

  await check('PayPal (awaiting) redirects to the approval page and back to the thank-you state', async (page) => {
    const session = await createSession({ amount_fix: '15.00', first_name: 'Beate', last_name: 'Muster',
      email: 'beate@example.org', payment_method: 'paypal' });
    await page.goto(formUrl(session.hash));
    await Promise.all([
      page.waitForURL(/\/sandbox\/paypal\//),
      page.click('#submit_button'),
    ]);
    await Promise.all([
      page.waitForURL(/\/form\/demo_sandbox_hash_0001\?fbSessionHash=/),
      page.click('#approve'),
    ]);
    assert.equal(await page.getAttribute('#prefill_root', 'data-state'), 'thank_you');
  });
} catch (e) {
  results.push(['set-up', e]);
  console.log(`FAIL set-up: ${e.stack || e}\n${serverLog.slice(-4000)}`);
} finally {
  await cleanup();
}

const failed = results.filter(([, e]) => e).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed || results.length === 0 ? 1 : 0);
