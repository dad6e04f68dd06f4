#!/usr/bin/env node
/**
 * Screenshots of given admin paths against a running app, for looking at screens while developing:
 *   node e2e/shoot.mjs http://127.0.0.1:8000 /members /segments/new ...   (RAPPORT_E2E_LOCALE=en for English)
 * Logs in with RAPPORT_E2E_USER / RAPPORT_E2E_PASSWORD (the demo admin by default).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [base, ...paths] = process.argv.slice(2);
const out = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'e2e-artifacts', 'shots');
mkdirSync(out, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'rapport-shoot-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 900 },
});
const page = ctx.pages()[0];
page.on('pageerror', (e) => console.log('pageerror', e.message));
page.on('console', (m) => m.type() === 'error' && console.log('console', m.text().slice(0, 300)));
await page.goto(base);
if (process.env.RAPPORT_E2E_LOCALE === 'en') await page.evaluate(() => localStorage.setItem('rapport.locale', 'en'));
await page.reload();
await page.fill('#login-username', process.env.RAPPORT_E2E_USER ?? 'admin');
await page.fill('#login-password', process.env.RAPPORT_E2E_PASSWORD ?? 'rapport-demo');
await page.getByTestId('login-submit').click();
await page.getByTestId('viewer-name').waitFor();
for (const p of paths) {
  await page.goto(base + p, { waitUntil: 'networkidle' });
  await page.waitForTimeout(800);
  const file = join(out, `${p.replace(/[^a-z0-9]+/gi, '_') || 'root'}${process.env.RAPPORT_E2E_LOCALE === 'en' ? '-en' : ''}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
await ctx.close();
rmSync(profile, { recursive: true, force: true });
