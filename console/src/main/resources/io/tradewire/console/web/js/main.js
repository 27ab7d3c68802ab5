// The console's wiring: login, one connection per dialect, the panels, the protocol log.
import { Candles } from './candles.js';
import { Connection, State, redact } from './connection.js';
import { DepthChart } from './depth.js';
import { DIALECTS } from './dialects.js';
import { Store } from './store.js';

const MAX_LOG = 400;
const BOOK_ROWS = 10;
const $ = (id) => document.getElementById(id);

const store = new Store();
const connections = new Map();
const context = { token: null, user: null, setup: null, symbol: null, instrument: null, interval: '1m' };
let candles;
let depth;

/** A table cell or other element with text (never HTML: everything shown comes from the network). */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function row(cells, attributes = {}) {
  const tr = document.createElement('tr');
  cells.forEach((cell) => tr.append(cell instanceof Node ? cell : el('td', cell)));
  Object.entries(attributes).forEach(([key, value]) => tr.setAttribute(key, value));
  return tr;
}

function time(ms) {
  return new Date(Number(ms) || Date.now()).toLocaleTimeString([], { hour12: false });
}

function notice(level, text) {
  const box = $('notice');
  box.textContent = text;
  box.dataset.level = level;
}

// ---- login -------------------------------------------------------------------------------------

/** The claims of a JWT, read (not verified: the gateway verifies) to show who the token is for. */
function claims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(parts[1].length / 4) * 4, '='));
    const payload = JSON.parse(json);
    return typeof payload.sub === 'string' ? payload : null;
  } catch {
    return null;
  }
}

function logIn(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  const payload = claims(token);
  if (!payload) {
    notice('error', 'That is not a token: paste the output of ./tradewire token --user ID');
    return;
  }
  context.token = token;
  context.user = payload.sub;
  $('token').value = '';
  $('user').textContent = payload.sub;
  $('user').dataset.user = payload.sub;
  $('token-expiry').textContent = payload.exp ? `token until ${new Date(payload.exp * 1000).toLocaleString()}` : '';
  $('login-button').hidden = true;
  $('logout-button').hidden = false;
  $('token').disabled = true;
  notice('ok', `Logged in as ${payload.sub}: connect a dialect (the gateway checks the token then)`);
  renderDialects();
}

function logOut() {
  connections.forEach((c) => c.close());
  context.token = null;
  context.user = null;
  $('user').textContent = 'anonymous';
  $('user').dataset.user = '';
  $('token-expiry').textContent = '';
  $('login-button').hidden = false;
  $('logout-button').hidden = true;
  $('token').disabled = false;
  store.orders.clear();
  store.accounts = {};
  store.positions = {};
  renderOrders();
  renderAccount();
  notice('info', 'Logged out');
}

// ---- connections -------------------------------------------------------------------------------

function toggle(adapter) {
  const current = connections.get(adapter.name);
  if (current && (current.state === State.OPEN || current.state === State.CONNECTING)) {
    current.close();
    return;
  }
  if (adapter.requiresToken && !context.token) {
    notice('error', `${adapter.name} needs a logged-in user: paste a token first`);
    return;
  }
  const connection = new Connection(adapter, context, { log, state: renderDialects, event: (e) => store.apply(e) });
  connections.set(adapter.name, connection);
  connection.open();
}

function renderDialects() {
  const box = $('dialects');
  box.replaceChildren();
  const select = $('send-dialect');
  const chosen = select.value;
  select.replaceChildren();
  for (const adapter of DIALECTS) {
    const c = connections.get(adapter.name);
    const state = c ? c.state : State.IDLE;
    const item = el('div', null, 'dialect');
    item.dataset.dialect = adapter.name;
    item.dataset.state = state;
    item.dataset.authenticated = String(Boolean(c && c.authenticated));
    item.append(el('span', adapter.name, 'name'));
    const label = state === State.OPEN ? (c.authenticated ? `open · ${context.user}` : 'open · public') : state;
    item.append(el('span', c && c.detail && state === State.CLOSED ? c.detail : label, 'state'));
    const button = el('button', state === State.OPEN || state === State.CONNECTING ? 'Disconnect' : 'Connect');
    button.type = 'button';
    button.id = `connect-${adapter.name}`;
    button.addEventListener('click', () => toggle(adapter));
    item.append(button);
    box.append(item);
    const option = el('option', adapter.name);
    option.disabled = state !== State.OPEN;
    select.append(option);
  }
  if (chosen) {
    select.value = chosen;
  }
  const trading = tradingConnection();
  $('ticket-via').textContent = trading ? `via ${trading.dialect}` : '(connect exchange, logged in)';
  $('order-submit').disabled = !trading;
}

/** The connection orders go through: an open, authenticated dialect that trades (exchange). */
function tradingConnection() {
  for (const c of connections.values()) {
    if (c.adapter.trades && c.state === State.OPEN && c.authenticated) {
      return c;
    }
  }
  return null;
}

// ---- log ---------------------------------------------------------------------------------------

function log(direction, dialect, text) {
  if ($('log-pause').checked) {
    return;
  }
  const list = $('log');
  const item = el('li', null, `log-${direction}`);
  item.dataset.dialect = dialect;
  item.append(el('time', time()), el('span', dialect, 'tag'),
    el('span', direction === 'in' ? '◀' : direction === 'out' ? '▶' : '•', 'dir'), el('code', redact(text)));
  applyFilter(item);
  list.prepend(item);
  while (list.childElementCount > MAX_LOG) {
    list.lastElementChild.remove();
  }
}

function applyFilter(item) {
  const filter = $('log-filter').value.trim().toLowerCase();
  item.hidden = filter !== '' && !item.textContent.toLowerCase().includes(filter);
}

function sendFrame(event) {
  event.preventDefault();
  const c = connections.get($('send-dialect').value);
  const text = $('send-frame').value.trim();
  if (!c || c.state !== State.OPEN) {
    notice('error', 'Connect that dialect first');
    return;
  }
  if (text) {
    c.sendRaw(text);
  }
}

// ---- instrument --------------------------------------------------------------------------------

function follow(symbol, interval) {
  const before = { symbol: context.symbol, interval: context.interval, instrument: context.instrument };
  context.symbol = symbol;
  context.interval = interval;
  context.instrument = context.setup.instruments.find((i) => i.symbol === symbol) || null;
  connections.forEach((c) => {
    if (c.state === State.OPEN) {
      c.adapter.follow(c, context, before);
    }
  });
  candles.reset(context.instrument ? context.instrument.tick_size : null);
  $('chart-topic').textContent = context.instrument ? `${context.instrument.kind}.${symbol}.${interval}` : '';
  if (before.symbol !== symbol) {
    const last = store.trades.find((t) => t.symbol === symbol);
    $('order-price').value = last ? last.price : (context.instrument ? context.instrument.reference_price : '');
  }
  renderBook();
}

// ---- panels ------------------------------------------------------------------------------------

function renderOrders() {
  const body = $('orders').tBodies[0];
  body.replaceChildren();
  for (const o of store.openOrders()) {
    const cancel = el('button', 'Cancel', 'cancel');
    cancel.type = 'button';
    cancel.dataset.orderId = o.id;
    cancel.addEventListener('click', () => cancelOrder(o.id));
    const cell = el('td');
    cell.append(cancel);
    body.append(row([o.id, o.symbol, o.side, o.price, o.volume, o.filled, o.status, cell],
      { 'data-order-id': o.id, 'data-status': o.status || '', class: String(o.side).toLowerCase() }));
  }
}

function renderAccount() {
  const account = store.preferred(store.accounts);
  const list = $('account');
  list.replaceChildren();
  $('account-via').textContent = account ? `via ${account.via}` : '';
  if (account) {
    for (const [key, value] of Object.entries(account.value)) {
      if (value !== null && typeof value !== 'object') {
        list.append(el('dt', key.replace(/_/g, ' ')), el('dd', value));
      }
    }
  }
  const positions = store.preferred(store.positions);
  const body = $('positions').tBodies[0];
  body.replaceChildren();
  for (const p of positions ? positions.value : []) {
    body.append(row([p.symbol, p.side, p.volume, p.avg_price, p.unrealized_pnl], { 'data-symbol': p.symbol }));
  }
}

function renderTrades() {
  const body = $('trades').tBodies[0];
  body.replaceChildren();
  for (const t of store.trades) {
    body.append(row([time(t.time), t.symbol, t.price, t.volume, t.own ? `own ${String(t.side).toLowerCase()}` : ''],
      { class: t.own ? 'own' : 'print', 'data-symbol': t.symbol, 'data-own': String(t.own) }));
  }
}

function renderBook() {
  const book = store.books.get(context.symbol) || null;
  depth.render(book);
  const body = $('book').tBodies[0];
  body.replaceChildren();
  const bids = book ? book.bids : [];
  const asks = book ? book.asks : [];
  for (let i = 0; i < Math.min(BOOK_ROWS, Math.max(bids.length, asks.length)); i++) {
    const [bp, bv] = bids[i] || ['', ''];
    const [ap, av] = asks[i] || ['', ''];
    body.append(row([bv, bp, ap, av]));
  }
  renderQuote();
}

function renderQuote() {
  const quote = store.quotes.get(context.symbol);
  const book = store.books.get(context.symbol);
  const bid = quote ? quote.bid : book && book.bids[0] ? book.bids[0][0] : null;
  const ask = quote ? quote.ask : book && book.asks[0] ? book.asks[0][0] : null;
  const last = quote && quote.last !== null ? quote.last : (store.trades.find((t) => t.symbol === context.symbol) || {}).price;
  $('quote').textContent = `${context.symbol || ''}  bid ${bid ?? '—'}  ask ${ask ?? '—'}  last ${last ?? '—'}`;
}

function renderSummary(items) {
  const item = (items || []).find((i) => i.symbol === context.symbol);
  if (item) {
    $('chart-topic').textContent = `${context.instrument.kind}.${context.symbol}.${context.interval} · ${item.last} (${item.change_percent} %)`;
  }
}

// ---- orders ------------------------------------------------------------------------------------

function placeOrder(event) {
  event.preventDefault();
  const c = tradingConnection();
  if (!c) {
    notice('error', 'Connect the exchange dialect while logged in to trade');
    return;
  }
  const type = $('order-type').value;
  const order = {
    symbol: context.symbol,
    side: document.querySelector('input[name=side]:checked').value,
    type,
    offset: $('order-offset').value,
    timeInForce: $('order-tif').value,
    price: $('order-price').value.trim(),
    volume: $('order-volume').value.trim(),
  };
  $('order-result').textContent = 'sent…';
  c.adapter.placeOrder(c, order);
}

function cancelOrder(orderId) {
  const c = tradingConnection();
  if (!c) {
    notice('error', 'Connect the exchange dialect while logged in to cancel');
    return;
  }
  c.adapter.cancelOrder(c, orderId);
}

// ---- start -------------------------------------------------------------------------------------

function onStoreChange(kind, event) {
  switch (kind) {
    case 'order':
    case 'orders':
      renderOrders();
      break;
    case 'account':
    case 'positions':
      renderAccount();
      break;
    case 'trade':
      renderTrades();
      renderQuote();
      break;
    case 'book':
      if (event.symbol === context.symbol) {
        renderBook();
      }
      break;
    case 'quote':
      renderQuote();
      break;
    case 'bar':
      if (event.symbol === context.symbol && event.interval === context.interval) {
        candles.add(event);
      }
      break;
    case 'summary':
      renderSummary(event.items);
      break;
    case 'order-result': {
      const result = $('order-result');
      result.textContent = event.success ? `accepted ${event.order_id}` : `refused: ${event.error}`;
      result.dataset.success = String(event.success);
      break;
    }
    case 'notice':
      notice(event.level, event.text);
      renderDialects();
      break;
    default:
      break;
  }
}

async function start() {
  candles = new Candles($('candles'));
  depth = new DepthChart($('depth-chart'));
  store.onChange(onStoreChange);
  $('login').addEventListener('submit', logIn);
  $('logout-button').addEventListener('click', logOut);
  $('order-form').addEventListener('submit', placeOrder);
  $('send-form').addEventListener('submit', sendFrame);
  $('log-clear').addEventListener('click', () => $('log').replaceChildren());
  $('log-filter').addEventListener('input', () => [...$('log').children].forEach(applyFilter));
  $('order-type').addEventListener('change', () => {
    $('order-price').disabled = $('order-type').value === 'MARKET';
  });
  const response = await fetch('setup.json', { cache: 'no-cache' });
  context.setup = await response.json();
  const select = $('instrument');
  for (const instrument of context.setup.instruments) {
    const option = el('option', `${instrument.symbol} (${instrument.kind})`);
    option.value = instrument.symbol;
    select.append(option);
  }
  select.addEventListener('change', () => follow(select.value, context.interval));
  $('bar-interval').addEventListener('change', () => follow(context.symbol, $('bar-interval').value));
  renderDialects();
  follow(select.value, $('bar-interval').value);
  document.body.dataset.ready = 'true';
}

start().catch((e) => notice('error', `The console could not start: ${e.message}`));
