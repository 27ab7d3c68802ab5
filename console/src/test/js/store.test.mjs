// How the console merges what several dialects report (node --test, run by the console module's build).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../../main/resources/io/tradewire/console/web/js/store.js';

const order = (id, status, extra = {}) => ({ kind: 'order', via: 'exchange', order: { id, status, ...extra } });

test('an order is open while working and leaves when filled; a late working report does not bring it back', () => {
  const store = new Store();
  store.apply(order('O1', 'Submitted', { symbol: 'IX2301', side: 'BUY', price: 120, volume: 2 }));
  store.apply(order('O1', 'PartiallyFilled', { filled: 1 }));
  assert.deepEqual(store.openOrders().map((o) => [o.id, o.status, o.filled, o.price]), [['O1', 'PartiallyFilled', 1, 120]]);
  store.apply(order('O1', 'Filled', { filled: 2 }));
  assert.equal(store.openOrders().length, 0);
  store.apply({ kind: 'order', via: 'ib', order: { id: 'O1', status: 'Submitted' } });
  assert.equal(store.openOrders().length, 0);
});

test('fields a report does not carry keep their known values', () => {
  const store = new Store();
  store.apply(order('O1', 'Submitted', { symbol: 'IX2301', side: 'SELL', price: 121 }));
  store.apply(order('O1', 'Submitted', { price: null, side: undefined, filled: 0 }));
  const [o] = store.openOrders();
  assert.equal(o.side, 'SELL');
  assert.equal(o.price, 121);
  assert.equal(o.filled, 0);
});

test('every dialect\'s words for a working order show in one vocabulary, and a less detailed report never takes a status back', () => {
  const store = new Store();
  store.apply(order('O1', 'Submitted', { symbol: 'IX2301' }));
  store.apply({ kind: 'orders', via: 'socketio', list: [{ id: 'O1', status: 'New' }] });
  assert.equal(store.openOrders()[0].status, 'Submitted');
  store.apply({ kind: 'order', via: 'ib', order: { id: 'O1', status: 'PreSubmitted' } });
  assert.equal(store.openOrders()[0].status, 'Submitted');
  store.apply(order('O1', 'PartiallyFilled', { filled: 1 }));
  store.apply({ kind: 'order', via: 'ib', order: { id: 'O1', status: 'Submitted' } }); // IB's word for a partly filled order
  assert.equal(store.openOrders()[0].status, 'PartiallyFilled');
  store.apply({ kind: 'order', via: 'socketio', order: { id: 'O1', status: 'Cancelled' } });
  assert.equal(store.openOrders().length, 0);
});

test('a list of working orders replaces only the orders that dialect reported', () => {
  const store = new Store();
  store.apply(order('O1', 'Submitted'));
  store.apply({ kind: 'orders', via: 'socketio', list: [{ id: 'O2', status: 'New' }, { id: 'O3', status: 'New' }] });
  store.apply({ kind: 'orders', via: 'socketio', list: [{ id: 'O3', status: 'PartiallyFilled' }] });
  assert.deepEqual(store.openOrders().map((o) => o.id).sort(), ['O1', 'O3']);
});

test('account and positions come from the preferred dialect; socketio balance and PnL merge', () => {
  const store = new Store();
  store.apply({ kind: 'account', via: 'socketio', fields: { total_balance: 10 }, merge: true });
  store.apply({ kind: 'account', via: 'socketio', fields: { total_pnl: 1 }, merge: true });
  assert.deepEqual(store.preferred(store.accounts), { via: 'socketio', value: { total_balance: 10, total_pnl: 1 } });
  store.apply({ kind: 'account', via: 'ib', fields: { net_liquidation: 5 } });
  store.apply({ kind: 'account', via: 'exchange', fields: { balance: 7 } });
  assert.deepEqual(store.preferred(store.accounts), { via: 'exchange', value: { balance: 7 } });
  assert.equal(store.preferred(store.positions), null);
});

test('recent trades are newest first and bounded', () => {
  const store = new Store();
  for (let i = 0; i < 100; i++) {
    store.apply({ kind: 'trade', via: 'exchange', symbol: 'IX2301', price: i, volume: 1, own: false });
  }
  assert.equal(store.trades.length, 60);
  assert.equal(store.trades[0].price, 99);
});

test('every change is announced with its kind', () => {
  const store = new Store();
  const seen = [];
  store.onChange((kind) => seen.push(kind));
  store.apply({ kind: 'book', via: 'exchange', symbol: 'IX2301', bids: [[119, 1]], asks: [] });
  store.apply({ kind: 'notice', via: 'exchange', level: 'error', text: 'x' });
  assert.deepEqual(seen, ['book', 'notice']);
  assert.deepEqual(store.books.get('IX2301'), { bids: [[119, 1]], asks: [] });
});
