// Validates the fake Bybit server of the end-to-end tests with the npm bybit-api client: REST orders signed by the
// client itself, the private WebSocket's auth, subscription and pushes. Usage:
//   node validate.js REST_URL PRIVATE_WS_URL API_KEY API_SECRET
// Prints one line per check and a final "N passed, M failed"; exits non-zero on a failure.
'use strict';
const { RestClientV5, WebsocketClient } = require('bybit-api');

const [restUrl, wsUrl, key, secret] = process.argv.slice(2);
let passed = 0;
let failed = 0;

function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`PASS ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}: ${JSON.stringify(detail)}`);
  }
}

/** Resolves with the first value for which `test` is true among the events `emitter` sends as `event`, or rejects after a guard. */
function next(emitter, event, test, guardMs = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.removeListener(event, listener);
      reject(new Error(`no matching "${event}" event (failure guard)`));
    }, guardMs);
    function listener(value) {
      if (test(value)) {
        clearTimeout(timer);
        emitter.removeListener(event, listener);
        resolve(value);
      }
    }
    emitter.on(event, listener);
  });
}

const quiet = { trace: () => {}, info: () => {}, error: () => {} };

async function main() {
  const rest = new RestClientV5({ key, secret, baseUrl: restUrl });
  const ws = new WebsocketClient({ key, secret, market: 'v5', wsUrl }, quiet);
  try {
    const authenticated = next(ws, 'authenticated', () => true);
    const subscribed = next(ws, 'response', (r) => r && r.op === 'subscribe' && r.success === true);
    ws.subscribeV5(['order', 'execution', 'position', 'wallet'], 'linear');
    const auth = await authenticated;
    check('the private stream authenticates (op: auth)', auth && auth.op === 'auth' && auth.success === true, auth);
    const sub = await subscribed;
    check('order, execution, position and wallet are subscribed', sub.success === true, sub);

    const created = next(ws, 'update', (u) => u.topic === 'order' && u.data.some((o) => o.orderLinkId === 'node-validate-1'));
    const order = await rest.submitOrder({
      category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit', qty: '0.01', price: '30000',
      timeInForce: 'GTC', orderLinkId: 'node-validate-1',
    });
    check('POST /v5/order/create signed by the client is accepted', order.retCode === 0 && !!order.result.orderId, order);
    const push = await created;
    const pushed = push.data.find((o) => o.orderLinkId === 'node-validate-1');
    check('the order push arrives with the order id', pushed.orderId === order.result.orderId && pushed.orderStatus === 'New', pushed);

    const open = await rest.getActiveOrders({ category: 'linear', settleCoin: 'USDT' });
    check('GET /v5/order/realtime lists the order', open.retCode === 0
      && open.result.list.some((o) => o.orderId === order.result.orderId), open);

    const cancelledPush = next(ws, 'update', (u) => u.topic === 'order'
      && u.data.some((o) => o.orderId === order.result.orderId && o.orderStatus === 'Cancelled'));
    const cancel = await rest.cancelOrder({ category: 'linear', symbol: 'BTCUSDT', orderId: order.result.orderId });
    check('POST /v5/order/cancel is accepted', cancel.retCode === 0 && cancel.result.orderId === order.result.orderId, cancel);
    await cancelledPush;
    check('the cancel arrives as an order push', true);

    const wallet = await rest.getWalletBalance({ accountType: 'UNIFIED' });
    check('GET /v5/account/wallet-balance answers', wallet.retCode === 0 && wallet.result.list.length === 1, wallet);

    const wrong = new RestClientV5({ key, secret: 'not-the-secret', baseUrl: restUrl });
    const refused = await wrong.submitOrder({ category: 'linear', symbol: 'BTCUSDT', side: 'Buy', orderType: 'Limit',
      qty: '0.01', price: '30000' });
    check('a request signed with the wrong secret is refused (10004)', refused.retCode === 10004, refused);
  } catch (e) {
    check('no exception', false, String(e && e.stack ? e.stack : e));
  } finally {
    ws.closeAll(true);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
