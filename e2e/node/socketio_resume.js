#!/usr/bin/env node
/*
 * Socket.IO connection state recovery with the npm socket.io-client 4.8, over WebSocket: a client that asked for it
 * (`auth: {token, recovery: true}`) loses its connection in the middle of a burst of fills and comes back by itself
 * with the pid and offset socket.io-client keeps.
 *
 *   node socketio_resume.js --url http://127.0.0.1:PORT --exchange-url ws://127.0.0.1:PORT/ws --token1 T1 --token2 T2
 *
 * Checks: the CONNECT answer carries a pid and every push an offset (a client that did not ask gets neither: one
 * argument per event); after the drop the client reconnects with `socket.recovered === true` and without
 * subscribing again; it gets the pushes whose data changed while it was away, never the same data twice in a row;
 * at the end its positions and balance are the venue's. The gateway must run with short push intervals (300ms).
 * Prints one line per check and finally `N passed, M failed`; exits 1 when a check failed.
 */
'use strict';

const { io } = require('socket.io-client');
const WebSocket = require('ws');
const { CheckFailed, check, parseArgs, Report } = require('./harness');

const INSTRUMENT = 'IX2301';
const TYPES = ['balance_update', 'positions_update', 'pnl_update', 'orders_update'];

function arguments_(argv) {
  const args = parseArgs(argv, { fills: 30, timeout: 20 }, ['url', 'exchangeUrl', 'token1', 'token2']);
  args.fills = Number(args.fills);
  args.timeout = Number(args.timeout) * 1000;
  return args;
}

/** Polls a condition (a failure guard: nothing is decided by how long it takes). */
async function until(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new CheckFailed('timed out waiting until ' + what);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The exchange dialect over a plain WebSocket: replies and pushes kept in arrival order. */
class Exchange {
  constructor(url) {
    this.messages = [];
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => this.messages.push(JSON.parse(data.toString())));
  }

  async open(user, token, timeoutMs) {
    await new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.ws.send(JSON.stringify({ type: 'auth', user_id: user, token }));
    await until(() => this.count('auth_response') === 1, timeoutMs, 'auth_response');
    return this;
  }

  count(type) {
    return this.messages.filter((m) => m.type === type).length;
  }

  order(direction, id) {
    this.ws.send(JSON.stringify({ type: 'submit_order', instrument_id: INSTRUMENT, direction, offset: 'OPEN', volume: 1,
      price: 120, order_type: 'LIMIT', client_order_id: id }));
  }

  close() {
    this.ws.close();
  }
}

async function main() {
  const args = arguments_(process.argv);
  const t = args.timeout;
  const report = new Report();
  const closers = [];

  const step = (name, fn) => report.step(name, fn);

  try {
    await step('the maker rests one-lot sells', async () => {
      const exchange = await new Exchange(args.exchangeUrl + '?user_id=user002').open('user002', args.token2, t);
      closers.push(exchange);
      for (let i = 0; i < args.fills; i++) {
        exchange.order('SELL', 'sell-' + i);
      }
      await until(() => exchange.count('order_response') === args.fills, t, 'the sells are accepted');
      return exchange;
    });
    const taker = await new Exchange(args.exchangeUrl + '?user_id=user001').open('user001', args.token1, t);
    closers.push(taker);

    // Every event with its arguments and the connection it came on.
    const events = [];
    const connects = [];
    const socket = io(args.url, { auth: { token: args.token1, recovery: true }, transports: ['websocket'],
      reconnectionDelay: 100, reconnectionDelayMax: 300, randomizationFactor: 0 });
    closers.push(socket);
    socket.onAny((event, ...rest) => events.push({ event, rest, connection: connects.length }));
    socket.on('connect', () => connects.push({ recovered: socket.recovered }));
    const pushes = (connection) => events.filter((e) => TYPES.includes(e.event)
      && (connection === undefined || e.connection === connection));

    await step('a client that asks for recovery gets a pid and an offset on every push', async () => {
      await until(() => connects.length === 1, t, 'the first connect');
      socket.emit('subscribe_trading', { types: ['balance', 'positions', 'pnl', 'orders'] });
      await until(() => pushes(1).length >= 4, t, 'the four first pushes');
      check(typeof socket._pid === 'string' && socket._pid.length > 0, 'no pid in the CONNECT answer');
      for (const e of pushes()) {
        check(e.rest.length === 2 && typeof e.rest[1] === 'string', `${e.event}: no offset: ${JSON.stringify(e.rest)}`);
      }
    });

    await step('the connection drops during a burst of fills', async () => {
      // One fill every 40 ms, so that fills happen before, while and after the client is away.
      let sent = 0;
      const timer = setInterval(() => {
        taker.order('BUY', 'buy-' + sent);
        if (++sent === args.fills) {
          clearInterval(timer);
        }
      }, 40);
      const before = pushes(1).filter((e) => e.event === 'positions_update').length;
      await until(() => pushes(1).filter((e) => e.event === 'positions_update').length > before, t, 'a position push during the burst');
      check(sent < args.fills, 'the burst ended before the drop');
      socket.io.engine.close(); // as a network drop: socket.io-client reconnects by itself
    });

    await step('socket.io-client comes back recovered, without subscribing again', async () => {
      await until(() => connects.length === 2, t, 'the reconnect');
      check(connects[1].recovered === true, 'socket.recovered is ' + connects[1].recovered);
      const connected = events.find((e) => e.event === 'connected' && e.connection === 2);
      check(connected && connected.rest[0].recovered === true, 'connected event ' + JSON.stringify(connected));
    });

    await step('the burst ends and the missed changes arrive', async () => {
      await until(() => taker.count('trade') >= args.fills, t, 'every fill reached the taker');
      taker.ws.send(JSON.stringify({ type: 'query_account' }));
      taker.ws.send(JSON.stringify({ type: 'query_position', instrument_id: INSTRUMENT }));
      await until(() => taker.count('query_response') === 2, t, 'the queries');
      const account = taker.messages.filter((m) => m.type === 'query_response')[0].data.account;
      const last = (type) => pushes().filter((e) => e.event === type).map((e) => e.rest[0].data).pop();
      await until(() => {
        const positions = last('positions_update');
        const balance = last('balance_update');
        return positions && positions.length === 1 && positions[0].size === args.fills && balance
          && Math.abs(balance.available_balance - Number(account.available)) < 1e-6;
      }, t, 'the pushes show every fill and the venue\'s balance');
      check(pushes(2).length > 0, 'nothing pushed after the recovery');
    });

    await step('no push repeats the data before it, across the reconnect too', async () => {
      for (const type of TYPES) {
        const data = pushes().filter((e) => e.event === type).map((e) => JSON.stringify(e.rest[0].data));
        for (let i = 1; i < data.length; i++) {
          check(data[i] !== data[i - 1], `${type} sent the same data twice in a row: ${data[i]}`);
        }
      }
    });

    await step('a client that does not ask gets one argument per event, as before', async () => {
      const plain = io(args.url, { auth: { token: args.token1 }, transports: ['websocket'], forceNew: true, reconnection: false });
      closers.push(plain);
      const seen = [];
      plain.onAny((event, ...rest) => seen.push({ event, rest }));
      await until(() => seen.some((e) => e.event === 'connected'), t, 'connected');
      plain.emit('subscribe_trading', { types: ['balance'] });
      await until(() => seen.some((e) => e.event === 'balance_update'), t, 'balance_update');
      for (const e of seen) {
        check(e.rest.length === 1, `${e.event} has ${e.rest.length} arguments`);
      }
      check(!('recovered' in seen.find((e) => e.event === 'connected').rest[0]), 'connected says recovered');
    });
  } catch (e) {
    report.unexpected(e);
  } finally {
    for (const c of closers) {
      c.close();
    }
  }
  report.finish();
}

main();
