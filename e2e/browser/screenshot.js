// Takes the README's picture of the console (docs/img/console.png) against a running mesh, e.g. the
// embedded demo with its simulated market:
//
//   ./tradewire run &                      (wait a few minutes for some bars)
//   node e2e/browser/screenshot.js --url http://localhost:8080 --token "$(./tradewire token --user user001)" \
//        --out docs/img/console.png [--instrument IX2301] [--price 120] [--bars 5]
//
// It logs in, connects exchange, topics, ib and socketio, waits for the book, trades and --bars bars of the
// 1m chart to show (the topics dialect sends the current bar, then live ones: five bars take about five
// minutes), rests one order so that the open-orders panel has a row, and saves the page.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const {
  WAIT, options, launch, open, logIn, connect, order,
} = require('./console_page.js');

async function main() {
  const args = options(process.argv, ['url', 'token', 'out']);
  const claims = JSON.parse(Buffer.from(args.token.split('.')[1], 'base64url').toString());
  const browser = await launch();
  try {
    const problems = [];
    const { page } = await open(browser.context, args.url, claims.sub, problems);
    await logIn(page, args.token, claims.sub);
    await connect(page, 'exchange', true);
    await connect(page, 'topics');
    await connect(page, 'ib', true);
    await connect(page, 'socketio', true);
    await page.selectOption('#instrument', args.instrument || 'IX2301');
    const bars = Number(args.bars || 1);
    await page.waitForFunction((n) => Number(document.getElementById('candles').dataset.bars) >= n
      && document.querySelectorAll('#trades tbody tr').length >= 3
      && Number(document.getElementById('depth-chart').dataset.levels) >= 2, bars, { timeout: (bars + 2) * 60_000 });
    // Last, so that the market has no time to reach it: one order resting a little below the best bid.
    const best = await page.evaluate(() => Number(document.querySelector('#book tbody tr td:nth-child(2)').textContent));
    const id = await order(page, 'BUY', args.price || (Math.floor(best * 10) / 10 - 1).toFixed(1), '2');
    await page.waitForSelector(`#orders tr[data-order-id="${id}"]`, { timeout: WAIT });
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    await page.screenshot({ path: args.out });
    console.log(`saved ${args.out}${problems.length ? ` (page reported: ${problems.join('; ')})` : ''}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exitCode = 1;
});
