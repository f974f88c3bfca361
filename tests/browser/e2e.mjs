// End-to-end test of the hosted donation form in a real browser: Debian's
// headless Chromium driven by playwright-core (no browser download).
//
//   node tests/browser/e2e.mjs --prefill build/src/prefill --source . [--screenshots docs]
//
// Starts its own `prefill serve` on a free loopback port against a fresh
// database on $PREFILL_TEST_DB's server (migrated first, dropped at the end),
// then checks what a donor sees. Fails - never skips - when Chromium,
// node_modules or $PREFILL_TEST_DB are missing. Prints "N passed, M failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  fail(`playwright-core is not installed (${e.message}): run scripts/setup.sh (npm ci --prefix tests/browser)`);
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
    await frame.locator('#payment_salutation').selectOption('Mrs.');
    await frame.locator('#payment_first_name').fill('Beate');
    await frame.locator('#payment_last_name').fill('Muster');
    await frame.locator('#payment_email').fill('beate@example.org');
    await frame.locator('#payment_payment_method input[value=sepa_direct_debit]').check();
    await frame.locator('#payment_bank_account_owner').fill('Beate Muster');
    await frame.locator('#payment_bank_iban').fill('DE89 3704 0044 0532 0130 00');
    await frame.locator('#payment_bank_iban').press('Tab');
    await frame.locator('#payment_bank_iban').evaluate((el) => new Promise((ok) => {
      const wait = () => (el.value === 'DE89370400440532013000' ? ok() : setTimeout(wait, 50));
      wait();
    }));
    if (screenshotDir) {
      await page.setViewportSize({ width: 1280, height: 1400 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(screenshotDir, 'screenshot-form.png') });
    }
    await frame.locator('#submit_button').click();
    await frame.locator('#thank_you').waitFor({ state: 'visible' });
    assert.match(await frame.locator('#thank_you_amount').textContent(), /35\.00 EUR/);
    assert.equal(await frame.locator('#prefill_form').isVisible(), false);
    if (screenshotDir) {
      await page.setViewportSize({ width: 1280, height: 800 });
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
