// What the console knows, merged from every connected dialect. Panels render from here.
import { working, workingStatus } from './dialects.js';

const MAX_TRADES = 60;
/** Which dialect's account and positions the panels show when several report them. */
const PREFERENCE = ['exchange', 'ib', 'socketio'];

export class Store {
  constructor() {
    this.orders = new Map();
    /** Orders seen finished: a late 'working' report from a slower connection does not bring them back. */
    this.finished = new Set();
    this.accounts = {};
    this.positions = {};
    this.books = new Map();
    this.quotes = new Map();
    this.trades = [];
    this.summaries = new Map();
    this.listeners = [];
  }

  /** fn(kind, event) after every change. */
  onChange(fn) {
    this.listeners.push(fn);
  }

  apply(event) {
    switch (event.kind) {
      case 'order':
        this.upsertOrder(event.order, event.via);
        break;
      case 'orders': {
        const listed = new Set(event.list.map((o) => o.id));
        for (const [id, order] of this.orders) {
          if (order.via === event.via && !listed.has(id)) {
            this.orders.delete(id);
          }
        }
        event.list.forEach((o) => this.upsertOrder(o, event.via));
        break;
      }
      case 'account':
        this.accounts[event.via] = event.merge ? { ...this.accounts[event.via], ...event.fields } : { ...event.fields };
        break;
      case 'positions':
        this.positions[event.via] = event.list;
        break;
      case 'book':
        this.books.set(event.symbol, { bids: event.bids, asks: event.asks });
        break;
      case 'quote':
        this.quotes.set(event.symbol, event);
        break;
      case 'trade':
        this.trades.unshift(event);
        this.trades.length = Math.min(this.trades.length, MAX_TRADES);
        break;
      case 'summary':
        this.summaries.set(event.region, event.items);
        break;
      default:
        break;
    }
    this.listeners.forEach((fn) => fn(event.kind, event));
  }

  upsertOrder(order, via) {
    if (this.finished.has(order.id)) {
      return;
    }
    const previous = this.orders.get(order.id);
    const merged = { ...previous };
    for (const [key, value] of Object.entries(order)) {
      if (value !== undefined && value !== null) {
        merged[key] = value;
      }
    }
    if (order.status) {
      merged.status = workingStatus(previous && previous.status, order.status);
    }
    merged.via = via;
    if (merged.status && !working(merged.status)) {
      this.orders.delete(order.id);
      this.finished.add(order.id);
    } else {
      this.orders.set(order.id, merged);
    }
  }

  /** Working orders, newest first. */
  openOrders() {
    return [...this.orders.values()].reverse();
  }

  preferred(byDialect) {
    const via = PREFERENCE.find((name) => byDialect[name] !== undefined);
    return via ? { via, value: byDialect[via] } : null;
  }
}
