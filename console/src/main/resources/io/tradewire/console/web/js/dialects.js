// The dialects the console speaks, each as the gateway documents it (docs/dialects/*.md). An adapter
// builds the URL, says what to send once connected, turns the dialect's messages into console events
// and, where the dialect can trade, sends orders and cancels. Console events:
//   {kind: 'order', order}           an order's new state (fields known so far)
//   {kind: 'orders', list}           the working orders as the dialect lists them
//   {kind: 'account', fields}        the account, in the dialect's own field names
//   {kind: 'positions', list}        [{symbol, side, volume, avg_price, unrealized_pnl}]
//   {kind: 'book', symbol, bids, asks}  level 2, [[price, volume], ...] best first
//   {kind: 'quote', symbol, bid, ask, last}
//   {kind: 'bar', symbol, interval, time, open, high, low, close, volume}
//   {kind: 'trade', symbol, price, volume, time, side?, own, id?}
//   {kind: 'summary', region, items}
//   {kind: 'notice', level, text}    a reply or error worth showing
//   {kind: 'order-result', success, order_id, error}

const WORKING = new Set(['submitted', 'partiallyfilled', 'new', 'presubmitted']);

/** Whether an order status (in any dialect's words) means the order still works in the book. */
export function working(status) {
  return WORKING.has(String(status).toLowerCase());
}

/** The dialects' words for a working order's status, in the exchange dialect's words (Socket.IO says New, IB PreSubmitted). */
const CANONICAL = new Map([['new', 'Submitted'], ['presubmitted', 'Submitted'], ['submitted', 'Submitted'],
  ['partiallyfilled', 'PartiallyFilled']]);
const RANK = new Map([['Submitted', 0], ['PartiallyFilled', 1]]);

/**
 * A working order's status in one vocabulary, never going back: several dialects report the same order, in their own
 * words and with more or less detail (IB says Submitted for a partly filled order), and in any order, so the most
 * advanced status reported so far wins. Final statuses pass through.
 */
export function workingStatus(previous, reported) {
  const next = CANONICAL.get(String(reported).toLowerCase()) || reported;
  const known = CANONICAL.get(String(previous).toLowerCase()) || previous;
  if (RANK.has(next) && RANK.has(known) && RANK.get(known) > RANK.get(next)) {
    return known;
  }
  return next;
}

function wsBase() {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;
}

function clientId() {
  const bytes = new Uint8Array(4);
  crypto.getRandomValues(bytes);
  return 'console-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function epochMillis(isoLocal) {
  return isoLocal ? Date.parse(isoLocal + 'Z') : Date.now();
}

/** seed 001: the exchange trading protocol. The only dialect that places and cancels orders. */
const exchange = {
  name: 'exchange',
  trades: true,
  url(context) {
    const query = context.user ? '?user_id=' + encodeURIComponent(context.user) : '';
    return wsBase() + context.setup.dialects.exchange + query;
  },
  opened(c) {
    c.known = new Set();
    if (c.context.token) {
      c.send({ type: 'auth', user_id: c.context.user, token: c.context.token });
    }
    this.follow(c, c.context, null);
  },
  follow(c, now, before) {
    if (before && before.symbol !== now.symbol) {
      c.send({ type: 'unsubscribe', channels: ['orderbook', 'ticker'], instruments: [before.symbol] });
    }
    if (!before || before.symbol !== now.symbol) {
      c.send({ type: 'subscribe', channels: ['orderbook', 'ticker'], instruments: [now.symbol] });
    }
  },
  placeOrder(c, order) {
    const message = {
      type: 'submit_order', instrument_id: order.symbol, direction: order.side, offset: order.offset,
      volume: order.volume, order_type: order.type,
    };
    if (order.type === 'LIMIT') {
      message.price = order.price;
    }
    if (order.timeInForce) {
      message.time_in_force = order.timeInForce;
    }
    return c.send(message);
  },
  cancelOrder(c, orderId) {
    return c.send({ type: 'cancel_order', order_id: orderId });
  },
  /** Positions change with every own fill, and this dialect pushes none: ask again, once per burst. */
  refreshPositions(c) {
    clearTimeout(c.positionsTimer);
    c.positionsTimer = setTimeout(() => c.send({ type: 'query_position' }), 150);
  },
  receive(m, c) {
    switch (m.type) {
      case 'auth_response':
        c.authenticated = m.success === true;
        c.emit({ kind: 'notice', level: m.success ? 'ok' : 'error', text: `exchange: ${m.message}` });
        if (m.success) {
          c.send({ type: 'query_account' });
          c.send({ type: 'query_position' });
        }
        c.setState(c.state, c.detail);
        break;
      case 'order_response':
        c.emit({ kind: 'order-result', success: m.success, order_id: m.order_id,
          error: m.success ? null : `${m.error_code} ${m.error_message}` });
        if (m.success && m.order_id) {
          c.known.add(m.order_id);
          c.send({ type: 'query_order', order_id: m.order_id });
        }
        break;
      case 'order_status':
        c.emit({ kind: 'order', order: { id: m.order_id, symbol: m.instrument_id, status: m.status,
          filled: m.filled_volume, remaining: m.remaining_volume, time: m.timestamp } });
        if (working(m.status) && !c.known.has(m.order_id)) {
          c.known.add(m.order_id);
          c.send({ type: 'query_order', order_id: m.order_id });
        }
        break;
      case 'query_response':
        if (m.request_type === 'query_order' && m.data && m.data.order) {
          const o = m.data.order;
          c.emit({ kind: 'order', order: { id: o.order_id, symbol: o.instrument_id, side: o.direction,
            type: o.order_type, price: o.price, volume: o.volume, filled: o.filled_volume,
            remaining: o.remaining_volume, status: o.status, time: o.updated_at } });
        } else if (m.request_type === 'query_account' && m.data && m.data.account) {
          c.emit({ kind: 'account', fields: m.data.account });
        } else if (m.request_type === 'query_position' && m.data && Array.isArray(m.data.positions)) {
          const list = [];
          for (const p of m.data.positions) {
            if (Number(p.long_volume) > 0) {
              list.push({ symbol: p.instrument_id, side: 'long', volume: p.long_volume, avg_price: p.long_avg_price,
                unrealized_pnl: p.unrealized_pnl });
            }
            if (Number(p.short_volume) > 0) {
              list.push({ symbol: p.instrument_id, side: 'short', volume: p.short_volume, avg_price: p.short_avg_price,
                unrealized_pnl: p.unrealized_pnl });
            }
          }
          c.emit({ kind: 'positions', list });
        }
        break;
      case 'trade':
        c.emit({ kind: 'trade', own: true, id: m.trade_id, order_id: m.order_id, symbol: m.instrument_id,
          side: m.direction, price: m.price, volume: m.volume, time: m.timestamp });
        this.refreshPositions(c);
        break;
      case 'ticker':
        c.emit({ kind: 'trade', own: false, symbol: m.instrument_id, price: m.last_price, volume: m.volume, time: m.timestamp });
        break;
      case 'orderbook':
        c.emit({ kind: 'book', symbol: m.instrument_id,
          bids: (m.bids || []).map((l) => [Number(l.price), Number(l.volume)]),
          asks: (m.asks || []).map((l) => [Number(l.price), Number(l.volume)]) });
        break;
      case 'account_update': {
        const { type, stream, epoch, seq, timestamp, ...fields } = m;
        c.emit({ kind: 'account', fields });
        break;
      }
      case 'error':
        c.emit({ kind: 'notice', level: 'error', text: `exchange: ${m.code} ${m.message}` });
        break;
      default:
        break;
    }
  },
};

/** seed 003: public market-data topics; the console follows the instrument's bars and its region's summary. */
const topics = {
  name: 'topics',
  trades: false,
  url(context) {
    return wsBase() + context.setup.dialects.topics.replace(':client_id', clientId()) + '?lang=en';
  },
  opened() {
    // the server speaks first: connection_ack
  },
  topic(now) {
    return now.instrument ? `${now.instrument.kind}.${now.symbol}.${now.interval}` : null;
  },
  region(now) {
    return now.instrument && now.instrument.region ? `market.${now.instrument.region}.summary` : null;
  },
  follow(c, now, before) {
    if (!c.acknowledged) {
      return;
    }
    for (const name of ['topic', 'region']) {
      const next = this[name](now);
      const previous = before ? this[name](before) : null;
      if (previous && previous !== next) {
        c.send({ type: 'unsubscribe', topic: previous });
      }
      if (next && next !== previous) {
        c.send({ type: 'subscribe', topic: next });
      }
    }
  },
  receive(m, c) {
    switch (m.type) {
      case 'connection_ack':
        c.acknowledged = true;
        this.follow(c, c.context, null);
        break;
      case 'data': {
        const d = m.data || {};
        if (Array.isArray(d.items)) {
          c.emit({ kind: 'summary', region: d.region, items: d.items });
        } else if (d.open_time) {
          c.emit({ kind: 'bar', topic: m.topic, symbol: d.symbol, interval: d.interval,
            time: Math.floor(epochMillis(d.open_time) / 1000), open: Number(d.open), high: Number(d.high),
            low: Number(d.low), close: Number(d.close), volume: Number(d.volume) });
        }
        break;
      }
      case 'error':
        c.emit({ kind: 'notice', level: 'error', text: `topics: ${m.error_code} ${m.error_message}` });
        break;
      default:
        break;
    }
  },
};

function ibOrder(d) {
  return { id: d.order_id, symbol: d.symbol, side: d.action, type: d.order_type, price: d.price, volume: d.quantity,
    filled: d.filled, remaining: d.remaining, status: d.status };
}

/** seed 000: the IB-style notification stream (orders, account, quotes; it places no orders). */
const ib = {
  name: 'ib',
  trades: false,
  url(context) {
    let url = wsBase() + context.setup.dialects.ib + '?client_id=' + clientId() + '&lang=en';
    if (context.token) {
      url += '&token=' + encodeURIComponent(context.token);
    }
    return url;
  },
  opened(c) {
    const types = c.context.token ? ['order_update', 'order_notification', 'account_update', 'market_data'] : ['market_data'];
    c.send({ type: 'subscribe', message_types: types, symbols: [c.context.symbol] });
    if (c.context.token) {
      c.send({ type: 'get_orders' });
    }
  },
  follow(c, now, before) {
    if (before && before.symbol !== now.symbol) {
      c.send({ type: 'unsubscribe', message_types: ['market_data'], symbols: [before.symbol] });
      c.send({ type: 'subscribe', message_types: ['market_data'], symbols: [now.symbol] });
    }
  },
  receive(m, c) {
    switch (m.type) {
      case 'subscribed':
        c.authenticated = Boolean(m.user_id);
        c.setState(c.state, c.detail);
        break;
      case 'order_update':
        c.emit({ kind: 'order', order: ibOrder(m.data) });
        break;
      case 'orders':
        c.emit({ kind: 'orders', list: (m.data || []).map(ibOrder) });
        break;
      case 'order_notification':
        c.emit({ kind: 'notice', level: 'info', text: `ib: ${m.message} (${m.data && m.data.order_id})` });
        break;
      case 'account_update':
        c.emit({ kind: 'account', fields: m.data });
        break;
      case 'market_data':
        c.emit({ kind: 'quote', symbol: m.data.symbol, bid: m.data.bid, ask: m.data.ask, last: m.data.last });
        break;
      case 'error':
        c.emit({ kind: 'notice', level: 'error', text: `ib: ${m.error_code} ${m.message}` });
        break;
      default:
        break;
    }
  },
};

/** seed 004: Socket.IO trading push (balance, positions, PnL and working orders of the user). */
const socketio = {
  name: 'socketio',
  trades: false,
  socketIo: true,
  requiresToken: true,
  opened() {
    // the server speaks first: "connected"
  },
  follow() {
    // per user, not per instrument
  },
  receive({ event, data }, c) {
    const payload = data && data.data;
    switch (event) {
      case 'connected':
        c.send({ event: 'subscribe_trading', data: { types: ['balance', 'positions', 'pnl', 'orders'] } });
        break;
      case 'subscribed':
        c.authenticated = true;
        c.setState(c.state, c.detail);
        break;
      case 'balance_update':
      case 'pnl_update':
        c.emit({ kind: 'account', fields: payload, merge: true });
        break;
      case 'positions_update':
        c.emit({ kind: 'positions', list: (payload || []).map((p) => ({ symbol: p.symbol,
          side: p.side === 'Sell' ? 'short' : 'long', volume: p.size, avg_price: p.entry_price,
          unrealized_pnl: p.unrealized_pnl })) });
        break;
      case 'orders_update':
        c.emit({ kind: 'orders', list: (payload || []).map((o) => ({ id: o.order_id, symbol: o.symbol,
          side: String(o.side).toUpperCase(), price: o.price, volume: o.quantity, status: o.status })) });
        break;
      case 'error':
        c.emit({ kind: 'notice', level: 'error', text: `socketio: ${data && data.message}` });
        break;
      default:
        break;
    }
  },
};

/** In the order the console lists them. */
export const DIALECTS = [exchange, topics, ib, socketio];
