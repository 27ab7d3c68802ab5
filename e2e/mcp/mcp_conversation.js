#!/usr/bin/env node
/*
 * An AI agent's conversation with Tradewire's MCP endpoint, driven by the official MCP TypeScript SDK client
 * (Streamable HTTP transport), while an `ib` dialect subscriber (the `ws` package) watches for `mcp_order`.
 *
 *   node mcp_conversation.js --url http://127.0.0.1:PORT/mcp --ib-url ws://127.0.0.1:PORT/websocket/ws \
 *       --token1 T1 --token2 T2 [--user1 user001]
 *
 * Checks: initialize negotiates the SDK's latest protocol version and opens a session; tools/list has the six
 * tools with object input schemas; place_order returns the order with source MCP and the ib subscriber receives
 * it as `mcp_order` (source "MCP", the seed's action text); get_orders, get_book, get_account and get_positions
 * see it; another user neither sees nor cancels it; cancel_order cancels it and the subscriber receives the
 * cancelling `mcp_order`; bad arguments are a tool error (isError) and an unknown tool a JSON-RPC error; after
 * the session is terminated the server no longer knows it. Prints one line per check and finally
 * `N passed, M failed`; exits 1 when a check failed.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import WebSocket from 'ws';

const INSTRUMENT = 'IX2301';
const PRICE = '115.5';
const TOOLS = ['place_order', 'cancel_order', 'get_orders', 'get_account', 'get_positions', 'get_book'];
const TIMEOUT_MS = 15000;

let passed = 0;
let failed = 0;

function check(condition, message, detail) {
  if (condition) {
    passed++;
    console.log('PASS ' + message);
  } else {
    failed++;
    console.log('FAIL ' + message + (detail === undefined ? '' : ': ' + JSON.stringify(detail)));
  }
  return condition;
}

function parseArgs(argv) {
  const args = { user1: 'user001' };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z0-9])/g, (m, c) => c.toUpperCase());
    args[key] = argv[i + 1];
  }
  for (const required of ['url', 'ibUrl', 'token1', 'token2']) {
    if (!args[required]) {
      console.error('missing --' + required);
      process.exit(2);
    }
  }
  return args;
}

/** The ib subscriber: frames in arrival order, and a wait for the first matching one. */
class IbWatcher {
  constructor(url) {
    this.frames = [];
    this.waiters = [];
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      const frame = JSON.parse(data.toString('utf8'));
      this.frames.push(frame);
      this.waiters = this.waiters.filter((waiter) => !waiter(frame));
    });
  }

  opened() {
    return new Promise((resolve, reject) => {
      this.socket.once('open', resolve);
      this.socket.once('error', reject);
    });
  }

  send(message) {
    this.socket.send(JSON.stringify(message));
  }

  /** The first frame (already received or coming) that matches; a failure guard, not a timing. */
  waitFor(predicate, what) {
    const seen = this.frames.find(predicate);
    if (seen) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for ' + what + '; received ' + JSON.stringify(this.frames.slice(-10)))), TIMEOUT_MS);
      this.waiters.push((frame) => {
        if (predicate(frame)) {
          clearTimeout(timer);
          resolve(frame);
          return true;
        }
        return false;
      });
    });
  }

  close() {
    this.socket.close();
  }
}

async function connect(url, token) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: 'Bearer ' + token } },
  });
  const client = new Client({ name: 'tradewire-e2e-agent', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

async function main() {
  const args = parseArgs(process.argv);

  const ib = new IbWatcher(args.ibUrl + '?client_id=mcp-watch&token=' + encodeURIComponent(args.token1));
  await ib.opened();
  ib.send({ type: 'subscribe', message_types: ['mcp_order', 'order_notification'] });
  const subscribed = await ib.waitFor((f) => f.type === 'subscribed', 'subscribed');
  check(subscribed.message_types.includes('mcp_order'), 'ib subscriber subscribed to mcp_order', subscribed);

  const { client, transport } = await connect(args.url, args.token1);
  check(client.getServerVersion()?.name === 'tradewire', 'initialize: serverInfo names tradewire', client.getServerVersion());
  check(transport.protocolVersion === LATEST_PROTOCOL_VERSION, 'initialize: negotiated the latest protocol version ' + LATEST_PROTOCOL_VERSION,
    transport.protocolVersion);
  check(typeof transport.sessionId === 'string' && transport.sessionId.length >= 32, 'initialize: Mcp-Session-Id assigned');
  check(client.getServerCapabilities()?.tools !== undefined, 'initialize: tools capability announced', client.getServerCapabilities());

  const listed = await client.listTools();
  const names = listed.tools.map((t) => t.name);
  check(TOOLS.every((name) => names.includes(name)) && names.length === TOOLS.length, 'tools/list: the six tools', names);
  check(listed.tools.every((t) => t.inputSchema?.type === 'object' && typeof t.description === 'string'),
    'tools/list: every tool has a description and an object input schema');
  const place = listed.tools.find((t) => t.name === 'place_order');
  check(JSON.stringify(place.inputSchema.required) === JSON.stringify(['instrument', 'side', 'quantity']),
    'tools/list: place_order requires instrument, side, quantity', place.inputSchema.required);

  const placed = await client.callTool({
    name: 'place_order',
    arguments: { instrument: INSTRUMENT, side: 'BUY', quantity: '1', price: PRICE, order_type: 'LIMIT', client_order_id: 'agent-1' },
  });
  const order = placed.structuredContent;
  check(placed.isError === false && order?.source === 'MCP' && order?.status === 'SUBMITTED', 'place_order: accepted with source MCP', placed);
  check(placed.content?.[0]?.type === 'text' && JSON.parse(placed.content[0].text).order_id === order.order_id,
    'place_order: text content carries the same order');
  const orderId = order.order_id;

  const created = await ib.waitFor((f) => f.type === 'mcp_order' && f.data?.order_id === orderId && f.data?.status === 'Submitted',
    'mcp_order for the new order');
  check(created.source === 'MCP' && created.action === 'MCP创建限价单' && created.data.symbol === INSTRUMENT
    && created.data.action === 'BUY' && Number(created.data.price) === Number(PRICE), 'ib: mcp_order for the placed order', created);
  const notified = await ib.waitFor((f) => f.type === 'order_notification' && f.data?.order_id === orderId, 'order_notification');
  check(notified.action === '创建', 'ib: order_notification (created) for the same order', notified);

  const orders = await client.callTool({ name: 'get_orders', arguments: {} });
  check(!orders.isError && orders.structuredContent.orders.some((o) => o.order_id === orderId && o.client_order_id === 'agent-1'),
    'get_orders: lists the order', orders.structuredContent);
  const one = await client.callTool({ name: 'get_orders', arguments: { order_id: orderId } });
  check(!one.isError && one.structuredContent.order_id === orderId, 'get_orders with order_id: that order', one.structuredContent);
  const book = await client.callTool({ name: 'get_book', arguments: { instrument: INSTRUMENT } });
  check(!book.isError && book.structuredContent.bids.some((level) => Number(level.price) === Number(PRICE)),
    'get_book: the bid rests in the book', book.structuredContent);
  const account = await client.callTool({ name: 'get_account', arguments: {} });
  check(!account.isError && account.structuredContent.user_id === args.user1 && Number(account.structuredContent.frozen) > 0,
    'get_account: the caller\'s account, with funds frozen for the order', account.structuredContent);
  const positions = await client.callTool({ name: 'get_positions', arguments: {} });
  check(!positions.isError && Array.isArray(positions.structuredContent.positions), 'get_positions: a list', positions.structuredContent);

  const other = await connect(args.url, args.token2);
  const theirs = await other.client.callTool({ name: 'get_orders', arguments: {} });
  check(!theirs.isError && !theirs.structuredContent.orders.some((o) => o.order_id === orderId), 'another user does not see the order');
  const stolen = await other.client.callTool({ name: 'cancel_order', arguments: { order_id: orderId } });
  check(stolen.isError === true && stolen.structuredContent.error_code === 1002, 'another user cannot cancel it (1002 order not found)', stolen);
  await other.transport.terminateSession();
  await other.client.close();

  const bad = await client.callTool({ name: 'place_order', arguments: { instrument: INSTRUMENT, quantity: '1', price: PRICE } });
  check(bad.isError === true && bad.structuredContent.error_code === 400 && /side/.test(bad.content[0].text),
    'place_order without side: a tool error naming the argument', bad);
  const noPrice = await client.callTool({ name: 'place_order', arguments: { instrument: INSTRUMENT, side: 'BUY', quantity: '1' } });
  check(noPrice.isError === true && /price/.test(noPrice.content[0].text), 'LIMIT order without price: a tool error', noPrice);
  try {
    await client.callTool({ name: 'withdraw_everything', arguments: {} });
    check(false, 'unknown tool: a JSON-RPC error');
  } catch (e) {
    check(e.code === -32602, 'unknown tool: JSON-RPC error -32602', { code: e.code, message: e.message });
  }

  const cancelled = await client.callTool({ name: 'cancel_order', arguments: { order_id: orderId } });
  check(!cancelled.isError && cancelled.structuredContent.status === 'CANCELLED', 'cancel_order: cancelled', cancelled.structuredContent);
  const cancelPush = await ib.waitFor((f) => f.type === 'mcp_order' && f.data?.order_id === orderId && f.data?.status === 'Cancelled',
    'mcp_order for the cancellation');
  check(cancelPush.action === 'MCP取消限价单' && cancelPush.source === 'MCP', 'ib: mcp_order for the cancellation', cancelPush);
  const after = await client.callTool({ name: 'get_orders', arguments: {} });
  check(!after.structuredContent.orders.some((o) => o.order_id === orderId), 'get_orders: the order is gone from the working orders');

  const sessionId = transport.sessionId;
  await transport.terminateSession();
  const gone = await fetch(args.url, {
    method: 'POST',
    headers: {
      Authorization: 'Bearer ' + args.token1, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
      'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': LATEST_PROTOCOL_VERSION,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'ping' }),
  });
  check(gone.status === 404, 'a terminated session is not found (404)', gone.status);
  await client.close();
  ib.close();
}

main()
  .catch((e) => {
    failed++;
    console.log('FAIL ' + (e && e.stack ? e.stack : e));
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 && passed > 0 ? 0 : 1);
  });
