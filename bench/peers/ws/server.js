'use strict';
// The `ws` peer of `tradewire bench fanout` / `connections`: a minimal broadcast server. It answers the
// exchange dialect's subscribe and auth messages (no checks) and sends every ticker to every subscriber,
// encoded once per event as ws's own broadcast example does.
const http = require('http');
const { WebSocketServer } = require('ws');
const { control, listen } = require('../common');

const subscribers = new Set();
const server = http.createServer(control(broadcast, () => wss.clients.size));
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });

function broadcast(tick) {
  const data = Buffer.from(JSON.stringify(tick));
  for (const socket of subscribers) socket.send(data, { binary: false });
}

wss.on('connection', (socket) => {
  socket.on('message', (raw) => {
    let message;
    try { message = JSON.parse(raw); } catch { return; }
    if (message.type === 'subscribe') {
      subscribers.add(socket);
      socket.send(JSON.stringify({ type: 'subscribe_response', success: true, channels: message.channels,
        instruments: message.instruments }));
    } else if (message.type === 'auth') {
      socket.send(JSON.stringify({ type: 'auth_response', success: true, user_id: message.user_id }));
    }
  });
  socket.on('close', () => subscribers.delete(socket));
});

listen(server, '/ws');
