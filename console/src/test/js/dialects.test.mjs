// What the console's dialect adapters send and how they read each dialect's messages (node --test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIALECTS, working } from '../../main/resources/io/tradewire/console/web/js/dialects.js';

const dialect = (name) => DIALECTS.find((d) => d.name === name);

/** A stand-in for Connection: records what the adapter sends and emits. */
function connection(context = {}) {
  const c = {
    sent: [], events: [], state: 'open', detail: '', authenticated: false, known: new Set(),
    context: { token: 'T', user: 'user001', symbol: 'IX2301', interval: '1m',
      instrument: { symbol: 'IX2301', kind: 'futures', region: 'CN' }, ...context },
    send(m) { c.sent.push(m); return true; },
    emit(e) { c.events.push(e); },
    setState() {},
  };
  return c;
}

test('the console speaks exchange, topics, ib and socketio; only exchange trades', () => {
  assert.deepEqual(DIALECTS.map((d) => d.name), ['exchange', 'topics', 'ib', 'socketio']);
  assert.deepEqual(DIALECTS.filter((d) => d.trades).map((d) => d.name), ['exchange']);
});

test('working statuses in every dialect\'s words', () => {
  for (const s of ['Submitted', 'PartiallyFilled', 'New', 'PreSubmitted']) {
    assert.equal(working(s), true, s);
  }
  for (const s of ['Filled', 'Cancelled', 'Inactive', 'Rejected', undefined]) {
    assert.equal(working(s), false, String(s));
  }
});

test('exchange: authenticates, then asks for the account and positions', () => {
  const c = connection();
  dialect('exchange').opened(c);
  assert.deepEqual(c.sent[0], { type: 'auth', user_id: 'user001', token: 'T' });
  assert.deepEqual(c.sent[1], { type: 'subscribe', channels: ['orderbook', 'ticker'], instruments: ['IX2301'] });
  dialect('exchange').receive({ type: 'auth_response', success: true, message: 'ok' }, c);
  assert.equal(c.authenticated, true);
  assert.deepEqual(c.sent.slice(2).map((m) => m.type), ['query_account', 'query_position']);
});

test('exchange: a working order it has not seen in full is queried once', () => {
  const c = connection();
  const exchange = dialect('exchange');
  exchange.receive({ type: 'order_status', order_id: 'O1', instrument_id: 'IX2301', status: 'Submitted',
    filled_volume: 0, remaining_volume: 1 }, c);
  exchange.receive({ type: 'order_status', order_id: 'O1', instrument_id: 'IX2301', status: 'PartiallyFilled',
    filled_volume: 1, remaining_volume: 1 }, c);
  assert.deepEqual(c.sent, [{ type: 'query_order', order_id: 'O1' }]);
  assert.deepEqual(c.events[1].order, { id: 'O1', symbol: 'IX2301', status: 'PartiallyFilled', filled: 1, remaining: 1,
    time: undefined });
});

test('exchange: positions keep long and short apart; flat sides are left out', () => {
  const c = connection();
  dialect('exchange').receive({ type: 'query_response', request_type: 'query_position', data: { positions: [
    { instrument_id: 'IX2301', long_volume: 2, long_avg_price: 120, short_volume: 1, short_avg_price: 121, unrealized_pnl: 3 },
    { instrument_id: 'IF2301', long_volume: 0, long_avg_price: null, short_volume: 0, short_avg_price: null, unrealized_pnl: 0 },
  ] } }, c);
  assert.deepEqual(c.events, [{ kind: 'positions', list: [
    { symbol: 'IX2301', side: 'long', volume: 2, avg_price: 120, unrealized_pnl: 3 },
    { symbol: 'IX2301', side: 'short', volume: 1, avg_price: 121, unrealized_pnl: 3 },
  ] }]);
});

test('exchange: the book as [price, volume] pairs; an own fill and a public print', () => {
  const c = connection();
  const exchange = dialect('exchange');
  exchange.receive({ type: 'orderbook', instrument_id: 'IX2301', bids: [{ price: 119.5, volume: 3, order_count: 1 }], asks: [] }, c);
  exchange.receive({ type: 'ticker', instrument_id: 'IX2301', last_price: 120, volume: 1, timestamp: 5 }, c);
  assert.deepEqual(c.events[0], { kind: 'book', symbol: 'IX2301', bids: [[119.5, 3]], asks: [] });
  assert.deepEqual(c.events[1], { kind: 'trade', own: false, symbol: 'IX2301', price: 120, volume: 1, time: 5 });
});

test('topics: subscribes the bars and the region after connection_ack; a bar\'s time is its UTC open in seconds', () => {
  const c = connection();
  const topics = dialect('topics');
  topics.receive({ type: 'connection_ack', client_id: 'x' }, c);
  assert.deepEqual(c.sent, [{ type: 'subscribe', topic: 'futures.IX2301.1m' }, { type: 'subscribe', topic: 'market.CN.summary' }]);
  topics.receive({ type: 'data', topic: 'futures.IX2301.1m', snapshot: true, data: { symbol: 'IX2301', interval: '1m',
    open: 120, high: 121, low: 119, close: 120.5, volume: 4, open_time: '2025-09-22T05:16:00.000000' } }, c);
  assert.equal(c.events[0].time, Date.UTC(2025, 8, 22, 5, 16) / 1000);
  assert.equal(c.events[0].close, 120.5);
});

test('topics: following another instrument swaps its topics', () => {
  const c = connection();
  const topics = dialect('topics');
  topics.receive({ type: 'connection_ack' }, c);
  c.sent.length = 0;
  const before = { ...c.context };
  topics.follow(c, { symbol: 'AAPL', interval: '5m', instrument: { kind: 'stock', region: 'US' } }, before);
  assert.deepEqual(c.sent, [
    { type: 'unsubscribe', topic: 'futures.IX2301.1m' }, { type: 'subscribe', topic: 'stock.AAPL.5m' },
    { type: 'unsubscribe', topic: 'market.CN.summary' }, { type: 'subscribe', topic: 'market.US.summary' },
  ]);
});

test('ib: private types only with a token; orders in TWS words', () => {
  const anonymous = connection({ token: null });
  dialect('ib').opened(anonymous);
  assert.deepEqual(anonymous.sent, [{ type: 'subscribe', message_types: ['market_data'], symbols: ['IX2301'] }]);
  const c = connection();
  dialect('ib').opened(c);
  assert.deepEqual(c.sent.map((m) => m.type), ['subscribe', 'get_orders']);
  dialect('ib').receive({ type: 'orders', data: [{ order_id: 'O1', symbol: 'IX2301', action: 'BUY', quantity: 2,
    order_type: 'LMT', status: 'Submitted', filled: 0, remaining: 2, avg_fill_price: 0, price: 120 }] }, c);
  assert.deepEqual(c.events[0].list, [{ id: 'O1', symbol: 'IX2301', side: 'BUY', type: 'LMT', price: 120, volume: 2,
    filled: 0, remaining: 2, status: 'Submitted' }]);
});

test('socketio: subscribes all four types on connected; reads positions and orders', () => {
  const c = connection();
  const socketio = dialect('socketio');
  socketio.receive({ event: 'connected', data: { message: 'Connected' } }, c);
  assert.deepEqual(c.sent, [{ event: 'subscribe_trading', data: { types: ['balance', 'positions', 'pnl', 'orders'] } }]);
  socketio.receive({ event: 'positions_update', data: { data: [{ symbol: 'IX2301', side: 'Sell', size: 1, entry_price: 120,
    mark_price: 120, unrealized_pnl: 0 }] } }, c);
  socketio.receive({ event: 'orders_update', data: { data: [{ order_id: 'O1', symbol: 'IX2301', side: 'Buy', quantity: 1,
    price: 119, status: 'New' }] } }, c);
  assert.deepEqual(c.events[0].list, [{ symbol: 'IX2301', side: 'short', volume: 1, avg_price: 120, unrealized_pnl: 0 }]);
  assert.deepEqual(c.events[1].list, [{ id: 'O1', symbol: 'IX2301', side: 'BUY', price: 119, volume: 1, status: 'New' }]);
});
