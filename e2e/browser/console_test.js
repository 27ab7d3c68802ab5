// The web console in a real browser: Debian's chromium driven by playwright-core. Two users, each in
// their own page, log in with a token, connect several dialects, trade with each other and cancel; every
// step waits for a DOM condition with a bounded timeout. Prints one line per check and ends with
// "N passed, M failed" (exit code 1 when anything failed).
//
//   node console_test.js --url http://127.0.0.1:PORT --token1 JWT --token2 JWT --screenshot FILE
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const {
  WAIT, options, launch, assert, open, logIn, connect, order, logHas,
} = require('./console_page.js');

let passed = 0;
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}: ${String(e && e.message || e).split('\n')[0]}`);
  }
}

async function main() {
  const args = options(process.argv, ['url', 'token1', 'token2', 'screenshot']);
  const problems = [];
  const browser = await launch();
  const { context } = browser;
  try {
    const { page: a, response } = await open(context, args.url, 'user001', problems);
    let buyId;
    let restingId;

    await check('GET /console redirects to /console/ and answers with a same-origin CSP', async () => {
      assert(a.url() === `${args.url}/console/`, `landed on ${a.url()}`);
      const csp = (await response.allHeaders())['content-security-policy'] || '';
      assert(csp.includes("default-src 'self'") && csp.includes("connect-src 'self'"), `CSP: ${csp}`);
    });

    await check('log in as user001 with a pasted token (the token is not shown afterwards)', async () => {
      await logIn(a, args.token1, 'user001');
      assert(await a.inputValue('#token') === '', 'the token field still holds the token');
    });

    await check('connect the exchange dialect: authenticated as user001', () => connect(a, 'exchange', true));
    await check('connect the topics dialect (public market data)', () => connect(a, 'topics'));
    await check('connect the ib dialect with the token: authenticated', () => connect(a, 'ib', true));
    await check('connect the socketio dialect (Socket.IO client): authenticated', () => connect(a, 'socketio', true));

    await check('the protocol log never shows the token', async () => {
      const log = await a.textContent('#log');
      assert(!log.includes(args.token1), 'the token appears in the log');
      assert(log.includes('"token":"…"'), 'the auth frame is not in the log');
    });

    await check('the account panel shows user001\'s account', async () => {
      await a.waitForFunction(() => document.querySelectorAll('#account dt').length > 0, null, { timeout: WAIT });
    });

    await check('place a limit buy 2 @ 120 on IX2301: accepted and listed in open orders', async () => {
      await a.selectOption('#instrument', 'IX2301');
      buyId = await order(a, 'BUY', '120', '2');
      await a.waitForSelector(`#orders tr[data-order-id="${buyId}"][data-status="Submitted"]`, { timeout: WAIT });
    });

    await check('the order reaches the ib connection as order_update', () => logHas(a, 'ib', buyId));

    await check('the bid shows in the book and the depth chart', async () => {
      await a.waitForFunction(() => Number(document.getElementById('depth-chart').dataset.levels) >= 1
        && document.querySelector('#book tbody').textContent.includes('120'), null, { timeout: WAIT });
    });

    const { page: b } = await open(context, args.url, 'user002', problems);
    await check('a second user logs in and connects in another page', async () => {
      await logIn(b, args.token2, 'user002');
      await connect(b, 'exchange', true);
    });

    await check('user002 does not see user001\'s order', async () => {
      await b.waitForSelector('.dialect[data-dialect="exchange"][data-authenticated="true"]', { timeout: WAIT });
      assert(await b.locator(`#orders tr[data-order-id="${buyId}"]`).count() === 0, 'user001\'s order is listed for user002');
    });

    await check('user002 sells 1 @ 120 against it: user001 sees the fill in recent trades', async () => {
      await b.selectOption('#instrument', 'IX2301');
      await order(b, 'SELL', '120', '1');
      await a.waitForSelector('#trades tr.own[data-symbol="IX2301"]', { timeout: WAIT });
      const text = await a.textContent('#trades tr.own');
      assert(text.includes('120') && text.includes('own buy'), `trade row: ${text}`);
    });

    await check('the partly filled order stays open with 1 filled', async () => {
      await a.waitForFunction((id) => {
        const tr = document.querySelector(`#orders tr[data-order-id="${id}"]`);
        return tr && tr.dataset.status === 'PartiallyFilled' && tr.children[5].textContent === '1';
      }, buyId, { timeout: WAIT });
    });

    await check('the public trade print, the candle and the long position appear', async () => {
      await a.waitForSelector('#trades tr.print[data-symbol="IX2301"]', { timeout: WAIT });
      await a.waitForFunction(() => Number(document.getElementById('candles').dataset.bars) >= 1, null, { timeout: WAIT });
      await a.waitForSelector('#positions tr[data-symbol="IX2301"]', { timeout: WAIT });
    });

    await check('user002 takes the rest: the order leaves open orders (filled)', async () => {
      await order(b, 'SELL', '120', '1');
      await a.waitForSelector(`#orders tr[data-order-id="${buyId}"]`, { state: 'detached', timeout: WAIT });
    });

    await check('a resting order is cancelled from the open-orders panel', async () => {
      restingId = await order(a, 'BUY', '119', '1');
      await a.waitForSelector(`#orders tr[data-order-id="${restingId}"]`, { timeout: WAIT });
      await a.click(`#orders button.cancel[data-order-id="${restingId}"]`);
      await a.waitForSelector(`#orders tr[data-order-id="${restingId}"]`, { state: 'detached', timeout: WAIT });
    });

    await check('the ib connection reports the cancel as order_update Cancelled', () => logHas(a, 'ib', '"status":"Cancelled"'));

    await check('socketio pushes the balance and the orders', async () => {
      await logHas(a, 'socketio', 'balance_update');
      await logHas(a, 'socketio', 'orders_update');
    });

    await check('send any frame: ping over exchange is answered with pong', async () => {
      await a.selectOption('#send-dialect', 'exchange');
      await a.fill('#send-frame', '{"type":"ping"}');
      await a.click('#send-button');
      await logHas(a, 'exchange', '"type":"pong"');
    });

    await check('a malformed frame gets the dialect\'s error and the connection stays open', async () => {
      await a.selectOption('#send-dialect', 'topics');
      await a.fill('#send-frame', '{not json');
      await a.click('#send-button');
      await logHas(a, 'topics', 'invalid_message');
      await a.waitForSelector('.dialect[data-dialect="topics"][data-state="open"]', { timeout: WAIT });
    });

    await check('disconnect and reconnect the topics dialect', async () => {
      await a.click('#connect-topics');
      await a.waitForSelector('.dialect[data-dialect="topics"][data-state="closed"]', { timeout: WAIT });
      await connect(a, 'topics');
      await logHas(a, 'topics', 'connection_ack');
    });

    await check('user002 quotes both sides: the depth chart draws several levels', async () => {
      await order(b, 'SELL', '121', '3');
      await order(b, 'SELL', '121.5', '5');
      await order(b, 'SELL', '122.4', '4');
      await order(b, 'BUY', '118.2', '4');
      await order(b, 'BUY', '118.9', '2');
      await order(a, 'BUY', '119.5', '3');
      await a.waitForFunction(() => Number(document.getElementById('depth-chart').dataset.levels) >= 6, null, { timeout: WAIT });
    });

    await check('no script error, CSP refusal or failed request in either page', async () => {
      for (const page of [a, b]) {
        const violations = await page.evaluate(() => window.cspViolations);
        violations.forEach((v) => problems.push(`CSP violation: ${v}`));
      }
      assert(problems.length === 0, problems.join('; '));
    });

    await check(`screenshot saved to ${args.screenshot}`, async () => {
      fs.mkdirSync(path.dirname(args.screenshot), { recursive: true });
      await a.screenshot({ path: args.screenshot });
      assert(fs.statSync(args.screenshot).size > 10_000, 'the screenshot is nearly empty');
    });
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

main().catch((e) => {
  console.log(`not ok - the browser test could not run: ${e.stack || e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
