#!/usr/bin/env node
/*
 * The `socketio` dialect driven by the npm socket.io-client 4.8 (Engine.IO 4 / Socket.IO 5), either with
 * its default transports (HTTP long-polling, then the upgrade to WebSocket) or with
 * transports: ['websocket'] only.
 *
 *   node socketio_client.js --url http://127.0.0.1:PORT --exchange-url ws://127.0.0.1:PORT/ws \
 *       --token1 T1 --token2 T2 --bad-token B [--transports default|websocket]
 *
 * Checks: the three token placements (auth payload, Authorization header via extraHeaders, ?token= via
 * query) connect and get `connected`; a bad or missing token gets connect_error; subscribe_trading with an
 * ack (ids from 0) answers `subscribed` and pushes balance/positions/pnl/orders at once; an order placed over
 * the `exchange` dialect (with the `ws` package) shows up in orders_update and balance_update, a fill in
 * positions_update; unchanged data is never sent again over two push intervals. The gateway must run with
 * every gateway.socketio.intervals.* equal to --interval in seconds (the test uses 300ms). Prints one line per
 * check and finally
 * `N passed, M failed`; exits 1 when a check failed.
 */
'use strict';

const { io } = require('socket.io-client');
const WebSocket = require('ws');
const { CheckFailed, check, parseArgs, Report } = require('./harness');

const INSTRUMENT = 'IX2301';
const PRICE = 100;
const STARTING_BALANCE = 1000000;
const MARGIN = 3600; // 100 * 1 lot * 300 multiplier * 0.12 margin rate
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
const PUSHES = ['balance_update', 'positions_update', 'pnl_update', 'orders_update'];

function sameNumber(value, expected) {
  return typeof value === 'number' && Math.abs(value - expected) < 1e-9;
}

function arguments_(argv) {
  const args = parseArgs(argv, { transports: 'default', user1: 'user001', user2: 'user002', timeout: 10, interval: 0.3 },
    ['url', 'exchangeUrl', 'token1', 'token2', 'badToken']);
  args.timeout = Number(args.timeout) * 1000;
  args.interval = Number(args.interval) * 1000;
  return args;
}

/** Things received in arrival order, and a wait for the first one (at or after an index) that matches. */
class Inbox {
  constructor(name) {
    this.name = name;
    this.items = [];
    this.listeners = new Set();
  }

  add(name, data) {
    this.items.push([name, data]);
    for (const listener of [...this.listeners]) {
      listener();
    }
  }

  count(name) {
    return this.items.filter(([n]) => n === name).length;
  }

  waitFor(predicate, timeoutMs, what, after = 0) {
    return new Promise((resolve, reject) => {
      const scan = () => {
        for (let i = after; i < this.items.length; i++) {
          const [name, data] = this.items[i];
          let hit = false;
          try {
            hit = predicate(name, data);
          } catch (e) {
            hit = false;
          }
          if (hit) {
            done();
            resolve([i, data]);
            return true;
          }
        }
        return false;
      };
      // A failure guard, not a timing: nothing is decided by how long it took.
      const timer = setTimeout(() => {
        done();
        const recent = this.items.slice(-40).map(([n, d]) => '    ' + n + ' ' + JSON.stringify(d)).join('\n');
        reject(new CheckFailed(`[${this.name}] timed out after ${timeoutMs / 1000} s waiting for ${what}; received:\n${recent}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(scan);
      };
      if (!scan()) {
        this.listeners.add(scan);
      }
    });
  }
}

class Client {
  constructor(name, url, options) {
    this.inbox = new Inbox(name);
    this.name = name;
    this.socket = io(url, { reconnection: false, forceNew: true, ...options });
    this.socket.onAny((event, data) => this.inbox.add(event, data));
    this.socket.on('connect_error', (error) => this.inbox.add('connect_error', { message: error.message, data: error.data }));
  }

  waitFor(predicate, timeoutMs, what, after) {
    return this.inbox.waitFor(predicate, timeoutMs, what, after);
  }

  close() {
    this.socket.close();
  }
}

/** The exchange dialect over a plain WebSocket: auth, then one order. */
async function submitOrder(url, user, token, direction, timeoutMs) {
  const inbox = new Inbox('exchange-' + user);
  const ws = new WebSocket(url);
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    inbox.add(message.type, message);
  });
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'auth', user_id: user, token }));
    const [, auth] = await inbox.waitFor((t) => t === 'auth_response', timeoutMs, 'auth_response');
    check(auth.success === true, 'auth_response ' + JSON.stringify(auth));
    ws.send(JSON.stringify({
      type: 'submit_order', instrument_id: INSTRUMENT, direction, offset: 'OPEN', volume: 1, price: PRICE,
      order_type: 'LIMIT',
    }));
    const [, reply] = await inbox.waitFor((t) => t === 'order_response' || t === 'error', timeoutMs, 'order_response');
    check(reply.type === 'order_response' && reply.success === true, 'order_response ' + JSON.stringify(reply));
    return reply.order_id;
  } finally {
    ws.close();
  }
}

async function main() {
  const args = arguments_(process.argv);
  const t = args.timeout;
  const u1 = args.user1;
  const base = args.transports === 'websocket' ? { transports: ['websocket'] } : {};
  const report = new Report();
  const opened = [];

  const step = (name, fn) => report.step(name, fn);

  const client = (name, options) => {
    const c = new Client(name, args.url, { ...base, ...options });
    opened.push(c);
    return c;
  };

  const connectedEvent = async (c) => {
    const [, data] = await c.waitFor((e) => e === 'connected', t, 'the connected event');
    check(data.user_id === u1 && data.message, `[${c.name}] connected event ${JSON.stringify(data)}`);
    check(TIMESTAMP.test(data.timestamp), `[${c.name}] timestamp ${data.timestamp}`);
    check(c.socket.connected && c.socket.id === data.sid, `[${c.name}] socket id ${c.socket.id} vs ${data.sid}`);
    return data;
  };

  const refused = async (name, options) => {
    const c = client(name, options);
    const [, error] = await c.waitFor((e) => e === 'connect_error', t, 'connect_error');
    check(!c.socket.connected, `[${name}] the socket says it is connected`);
    check(typeof error.message === 'string' && error.message, `[${name}] connect_error ${JSON.stringify(error)}`);
    c.close();
    return error;
  };

  try {
    const bad = await step('a bad token in the auth payload gets connect_error',
      () => refused('bad-token', { auth: { token: args.badToken } }));
    await step('... "Invalid credentials", code 401 in err.data', () => check(
      bad.message === 'Invalid credentials' && bad.data && bad.data.code === 401, JSON.stringify(bad)));
    const none = await step('no token at all gets connect_error', () => refused('no-token', {}));
    await step('... asking for authentication', () => check(none.message.startsWith('Authentication required'),
      none.message));

    const via = async (name, options) => {
      const c = client(name, options);
      await connectedEvent(c);
      c.close();
    };
    await step('the token in the Authorization header (extraHeaders) connects',
      () => via('header', { extraHeaders: { Authorization: 'Bearer ' + args.token1 } }));
    await step('the token as a ?token= URL parameter (query) connects', () => via('query', { query: { token: args.token1 } }));

    const main = client('main', { auth: { token: args.token1 } });
    await step('the token in the CONNECT auth payload connects', () => connectedEvent(main));
    if (args.transports === 'websocket') {
      await step('the client speaks WebSocket only', () => check(
        main.socket.io.engine.transport.name === 'websocket', main.socket.io.engine.transport.name));
    } else {
      await step('the client upgraded from polling to websocket', () => new Promise((resolve, reject) => {
        const engine = main.socket.io.engine;
        if (engine.transport.name === 'websocket') {
          resolve();
          return;
        }
        const timer = setTimeout(() => reject(new CheckFailed('no upgrade; transport ' + engine.transport.name)), t);
        engine.once('upgrade', () => {
          clearTimeout(timer);
          resolve();
        });
      }));
    }

    await step('subscribe_trading is acknowledged (ack id from 0) and answered with subscribed', async () => {
      const ack = await main.socket.timeout(t).emitWithAck('subscribe_trading',
        { types: ['balance', 'positions', 'pnl', 'orders'] });
      check(JSON.stringify(ack.types) === JSON.stringify(['balance', 'positions', 'pnl', 'orders']), JSON.stringify(ack));
      const [, data] = await main.waitFor((e) => e === 'subscribed', t, 'subscribed');
      check(JSON.stringify(data.types) === JSON.stringify(ack.types), JSON.stringify(data));
    });

    const first = async (event) => {
      const [, data] = await main.waitFor((e) => e === event, t, 'the first ' + event);
      check(data.type === event && data.user_id === u1 && TIMESTAMP.test(data.timestamp),
        `${event} envelope ${JSON.stringify(data)}`);
      return data.data;
    };
    await step('balance_update arrives at once: 1000000 total and available, no margin', async () => {
      const b = await first('balance_update');
      check(sameNumber(b.total_balance, STARTING_BALANCE) && sameNumber(b.available_balance, STARTING_BALANCE)
        && sameNumber(b.used_margin, 0), JSON.stringify(b));
    });
    await step('positions_update arrives at once: no positions', async () => {
      const p = await first('positions_update');
      check(Array.isArray(p) && p.length === 0, JSON.stringify(p));
    });
    await step('pnl_update arrives at once: all zero', async () => {
      const p = await first('pnl_update');
      check(JSON.stringify(Object.keys(p).sort()) === JSON.stringify(['realized_pnl', 'today_pnl', 'total_pnl', 'unrealized_pnl'])
        && Object.values(p).every((v) => sameNumber(v, 0)), JSON.stringify(p));
    });
    await step('orders_update arrives at once: no working orders', async () => {
      const o = await first('orders_update');
      check(Array.isArray(o) && o.length === 0, JSON.stringify(o));
    });

    const orderId = await step(`${u1} places BUY 1 ${INSTRUMENT} @100 over the exchange dialect`,
      () => submitOrder(args.exchangeUrl, u1, args.token1, 'BUY', t));
    const working = (e, d) => e === 'orders_update' && d.data.length === 1 && d.data[0].order_id === orderId;
    await step('the next orders_update lists the working order (Buy 1 @100, New)', async () => {
      const [, d] = await main.waitFor(working, t, 'orders_update listing ' + orderId);
      const o = d.data[0];
      check(o.symbol === INSTRUMENT && o.side === 'Buy' && o.status === 'New' && sameNumber(o.quantity, 1)
        && sameNumber(o.price, PRICE), JSON.stringify(o));
    });
    await step('the next balance_update holds 3600 margin (available 996400)', async () => {
      const [, d] = await main.waitFor((e, x) => e === 'balance_update' && sameNumber(x.data.used_margin, MARGIN), t,
        'balance_update with used_margin 3600');
      check(sameNumber(d.data.total_balance, STARTING_BALANCE)
        && sameNumber(d.data.available_balance, STARTING_BALANCE - MARGIN), JSON.stringify(d.data));
    });
    await step(`${args.user2} sells 1 @100: the orders cross`,
      () => submitOrder(args.exchangeUrl, args.user2, args.token2, 'SELL', t));
    await step('the next positions_update shows the long position (1 @100, mark 100, PnL 0)', async () => {
      const [, d] = await main.waitFor((e, x) => e === 'positions_update' && x.data.length === 1, t, 'the new position');
      const p = d.data[0];
      check(p.symbol === INSTRUMENT && p.side === 'Buy' && sameNumber(p.size, 1) && sameNumber(p.entry_price, PRICE)
        && sameNumber(p.mark_price, PRICE) && sameNumber(p.unrealized_pnl, 0), JSON.stringify(p));
    });
    await step('the next orders_update has no working order left', async () => {
      const [index] = await main.waitFor(working, t, 'the working order');
      await main.waitFor((e, d) => e === 'orders_update' && d.data.length === 0, t, 'orders_update without orders', index + 1);
    });
    // Two push intervals with nothing changing: a re-send of unchanged data would fall in them. The answer follows
    // every push sent before it on the same socket, so the pushes before it are all counted.
    const answered = await step('unsubscribe_trading, sent two push intervals later, is acknowledged and answered', async () => {
      await new Promise((resolve) => setTimeout(resolve, 2 * args.interval));
      const ack = await main.socket.timeout(t).emitWithAck('unsubscribe_trading', { types: ['balance'] });
      check(JSON.stringify(ack.types) === '["balance"]', JSON.stringify(ack));
      const [index, d] = await main.waitFor((e) => e === 'unsubscribed', t, 'unsubscribed');
      check(JSON.stringify(d.types) === '["balance"]', JSON.stringify(d));
      return index;
    });
    await step('unchanged data was never sent again: pnl once, balance twice (the fill left it unchanged)', () => {
      const before = main.inbox.items.slice(0, answered);
      const seen = Object.fromEntries(PUSHES.map((p) => [p, before.filter(([n]) => n === p).length]));
      const expected = { balance_update: 2, positions_update: 2, pnl_update: 1, orders_update: 3 };
      check(JSON.stringify(seen) === JSON.stringify(expected),
        `pushes received ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)}`);
    });
    await step('an unknown type gets an error event and an error ack (code 400)', async () => {
      const mark = main.inbox.items.length;
      const ack = await main.socket.timeout(t).emitWithAck('subscribe_trading', { types: ['candles'] });
      check(ack.code === 400 && ack.message.includes('candles'), JSON.stringify(ack));
      const [, d] = await main.waitFor((e) => e === 'error', t, 'an error event', mark);
      check(d.code === 400 && d.event === 'subscribe_trading', JSON.stringify(d));
    });
  } catch (e) {
    report.unexpected(e);
  } finally {
    opened.forEach((c) => c.close());
  }
  report.finish();
}

main();
