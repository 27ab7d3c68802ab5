'use strict';
// The Socket.IO 4.8 peer of `tradewire bench fanout` / `connections`: a minimal server. A `subscribe` event
// joins the room of the ticker stream; each ticker is emitted to that room (Socket.IO encodes it once).
const http = require('http');
const { Server } = require('socket.io');
const { control, listen } = require('../common');

const server = http.createServer(control((tick) => io.to(tick.stream).emit('ticker', tick), () => io.engine.clientsCount));
const io = new Server(server, { perMessageDeflate: false, transports: ['websocket'] });

io.on('connection', (socket) => {
  socket.on('subscribe', (message) => {
    for (const symbol of message.instruments || []) socket.join(`market.${symbol}.ticker`);
    socket.emit('subscribe_response', { type: 'subscribe_response', success: true, channels: message.channels,
      instruments: message.instruments });
  });
});

listen(server, '/socket.io/?EIO=4&transport=websocket');
