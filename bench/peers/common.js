'use strict';
// Shared by the fan-out peers (no dependencies): the ticker message with the same fields as Tradewire's
// exchange dialect, the publish schedule of Tradewire's bench driver (R events/s, a late timer catches up),
// the loopback control endpoint the load generator and the harness use, and the READY line.
const { performance } = require('perf_hooks');

const epoch = Date.now();
// Epoch microseconds from the same wall clock as the load generator's (high-resolution since process start).
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

// timestamp: the instant the event was due by the schedule (epoch µs), so a late publisher's wait counts.
function ticker(symbol, seq, timestamp) {
  return { type: 'ticker', instrument_id: symbol, last_price: 120.5, volume: 1, timestamp,
    stream: `market.${symbol}.ticker`, epoch, seq };
}

// POST /publish?rate=R&seconds=S&symbol=X publishes through broadcast(tick) and answers when done;
// GET /memory reports V8's heap after a full GC (node --expose-gc) and the RSS.
function control(broadcast, clientCount) {
  let publishing = false;
  return (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/publish') {
      const rate = Number(url.searchParams.get('rate'));
      const seconds = Number(url.searchParams.get('seconds'));
      const symbol = url.searchParams.get('symbol');
      if (publishing || !(rate > 0) || !(seconds > 0) || !symbol) {
        res.writeHead(publishing ? 409 : 400).end('need rate, seconds and symbol, one publish at a time\n');
        return;
      }
      publishing = true;
      const total = Math.max(1, Math.round(rate * seconds));
      const start = process.hrtime.bigint();
      const startMicros = nowMicros();
      let sent = 0;
      let maxLag = 0; // ns an event waited past its scheduled instant (the event loop was busy)
      const timer = setInterval(() => {
        const elapsed = Number(process.hrtime.bigint() - start);
        const due = Math.min(total, 1 + Math.floor(elapsed * rate / 1e9));
        if (due > sent) maxLag = Math.max(maxLag, elapsed - Math.ceil(sent * 1e9 / rate));
        for (; sent < due; sent++) {
          broadcast(ticker(symbol, sent + 1, startMicros + Math.floor(Math.ceil(sent * 1e9 / rate) / 1000)));
        }
        if (sent >= total) {
          clearInterval(timer);
          publishing = false;
          res.writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ published: sent, max_lag_us: Math.round(maxLag / 1000) }));
        }
      }, 1);
    } else if (req.method === 'GET' && url.pathname === '/memory') {
      if (global.gc) global.gc();
      const memory = process.memoryUsage();
      res.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ heap_used: memory.heapUsed, rss: memory.rss, clients: clientCount(), pid: process.pid }));
    } else {
      res.writeHead(404).end();
    }
  };
}

function listen(server, wsPath, done) {
  server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
    const { port } = server.address();
    if (done) done(port);
    console.log('READY ' + JSON.stringify({ ws: `ws://127.0.0.1:${port}${wsPath}`, control: `http://127.0.0.1:${port}`,
      pid: process.pid }));
  });
  process.on('SIGTERM', () => process.exit(0));
}

module.exports = { control, listen };
