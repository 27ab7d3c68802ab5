// Helpers shared by the console's browser test and its screenshot script: start Debian's chromium with
// playwright-core, open the console, log in, connect a dialect, place an order. Every wait is bounded.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const WAIT = 30_000; // a bound on each wait (a busy machine is slow), not a measurement

/** --name value pairs; every name in `required` must be there. */
function options(argv, required) {
  const out = {};
  for (let i = 2; i < argv.length; i += 2) {
    out[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  for (const key of required) {
    if (!out[key]) {
      throw new Error(`missing --${key}`);
    }
  }
  return out;
}

/** Debian's chromium, headless, with a fresh profile; close() also deletes the profile. */
async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradewire-console-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Everything a page reports that would mean a broken console: script errors, CSP refusals, failed loads. */
function watch(page, label, problems) {
  page.on('pageerror', (e) => problems.push(`${label}: page error ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      problems.push(`${label}: console error ${m.text()}`);
    }
  });
  page.on('requestfailed', (r) => problems.push(`${label}: request failed ${r.url()} ${r.failure() && r.failure().errorText}`));
}

async function open(context, url, label, problems) {
  const page = await context.newPage();
  watch(page, label, problems);
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(`${url}/console`, { waitUntil: 'domcontentloaded', timeout: WAIT });
  await page.waitForSelector('body[data-ready="true"]', { timeout: WAIT });
  return { page, response };
}

async function logIn(page, token, user) {
  await page.fill('#token', token);
  await page.click('#login-button');
  await page.waitForSelector(`#user[data-user="${user}"]`, { timeout: WAIT });
}

async function connect(page, dialect, authenticated) {
  await page.click(`#connect-${dialect}`);
  const auth = authenticated === undefined ? '' : `[data-authenticated="${authenticated}"]`;
  await page.waitForSelector(`.dialect[data-dialect="${dialect}"][data-state="open"]${auth}`, { timeout: WAIT });
}

/** Places an order through the ticket and returns its id once the exchange accepted it. */
async function order(page, side, price, volume) {
  await page.evaluate(() => {
    const result = document.getElementById('order-result');
    result.textContent = '';
    delete result.dataset.success;
  });
  await page.check(`input[name="side"][value="${side}"]`);
  await page.selectOption('#order-type', 'LIMIT');
  await page.fill('#order-price', String(price));
  await page.fill('#order-volume', String(volume));
  await page.click('#order-submit');
  await page.waitForSelector('#order-result[data-success]', { timeout: WAIT });
  const text = await page.textContent('#order-result');
  const match = /accepted (O\d{20})/.exec(text);
  assert(match, `order ${side} ${volume}@${price} was not accepted: ${text}`);
  return match[1];
}

async function logHas(page, dialect, fragment) {
  await page.waitForFunction(([d, f]) => [...document.querySelectorAll(`#log li[data-dialect="${d}"]`)]
    .some((li) => li.textContent.includes(f)), [dialect, fragment], { timeout: WAIT });
}

module.exports = { WAIT, options, launch, assert, open, logIn, connect, order, logHas };
