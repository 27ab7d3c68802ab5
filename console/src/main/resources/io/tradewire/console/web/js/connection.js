// One connection of the console to one dialect: a plain WebSocket, or a Socket.IO client for `socketio`.
// It logs every frame both ways (tokens redacted), tracks its state and hands decoded messages to its
// dialect adapter, which turns them into console events (orders, account, book, bars, trades).
import { io } from '../vendor/socket.io-client/socket.io.esm.min.js';

/** Connection states, shown on the dialect's button and in `data-state`. */
export const State = Object.freeze({ IDLE: 'idle', CONNECTING: 'connecting', OPEN: 'open', CLOSED: 'closed' });

/** Replaces the value of every "token" key in a frame's text by "…", so the log never shows a token. */
export function redact(text) {
  return text.replace(/("token"\s*:\s*")[^"]*(")/g, '$1…$2').replace(/([?&]token=)[^&]*/g, '$1…');
}

export class Connection {
  /**
   * @param adapter  the dialect (see dialects.js)
   * @param context  { token, user, setup, symbol, interval } as the console knows them now
   * @param hooks    { log(direction, dialect, text), state(connection), event(event) }
   */
  constructor(adapter, context, hooks) {
    this.adapter = adapter;
    this.dialect = adapter.name;
    this.context = context;
    this.hooks = hooks;
    this.state = State.IDLE;
    this.detail = '';
    this.authenticated = false;
    this.socket = null;
  }

  open() {
    this.setState(State.CONNECTING, '');
    if (this.adapter.socketIo) {
      this.openSocketIo();
    } else {
      this.openWebSocket();
    }
  }

  openWebSocket() {
    const url = this.adapter.url(this.context);
    this.hooks.log('info', this.dialect, `connecting to ${redact(url)}`);
    const ws = new WebSocket(url);
    this.socket = ws;
    ws.addEventListener('open', () => {
      this.setState(State.OPEN, '');
      this.adapter.opened(this);
    });
    ws.addEventListener('message', (e) => {
      const text = typeof e.data === 'string' ? e.data : '(binary frame)';
      this.hooks.log('in', this.dialect, text);
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      this.adapter.receive(message, this);
    });
    ws.addEventListener('close', (e) => {
      this.authenticated = false;
      this.hooks.log('info', this.dialect, `closed: ${e.code}${e.reason ? ' ' + e.reason : ''}`);
      this.setState(State.CLOSED, `closed ${e.code}`);
    });
    ws.addEventListener('error', () => this.hooks.log('info', this.dialect, 'connection error'));
  }

  openSocketIo() {
    const path = this.context.setup.dialects.socketio;
    this.hooks.log('info', this.dialect, `connecting to ${location.origin}${path} (Socket.IO)`);
    const socket = io(location.origin, {
      path,
      auth: { token: this.context.token },
      reconnection: false,
      transports: ['websocket'],
    });
    this.socket = socket;
    socket.on('connect', () => this.setState(State.OPEN, ''));
    socket.on('connect_error', (e) => {
      this.hooks.log('info', this.dialect, `refused: ${e.message}`);
      this.setState(State.CLOSED, 'refused');
    });
    socket.on('disconnect', (reason) => {
      this.authenticated = false;
      this.hooks.log('info', this.dialect, `disconnected: ${reason}`);
      this.setState(State.CLOSED, reason);
    });
    socket.onAny((event, ...args) => {
      this.hooks.log('in', this.dialect, JSON.stringify([event, ...args]));
      this.adapter.receive({ event, data: args[0] }, this);
    });
  }

  /** Sends a message: an object for a WebSocket dialect, { event, data } for Socket.IO. */
  send(message) {
    if (this.state !== State.OPEN) {
      this.hooks.log('info', this.dialect, 'not connected: nothing sent');
      return false;
    }
    if (this.adapter.socketIo) {
      const { event, data } = message;
      this.hooks.log('out', this.dialect, JSON.stringify(data === undefined ? [event] : [event, data]));
      this.socket.emit(event, data);
    } else {
      const text = JSON.stringify(message);
      this.hooks.log('out', this.dialect, text);
      this.socket.send(text);
    }
    return true;
  }

  /** Sends a frame typed by the user: any text over a WebSocket (so malformed frames can be tried too). */
  sendRaw(text) {
    if (!this.adapter.socketIo) {
      if (this.state !== State.OPEN) {
        this.hooks.log('info', this.dialect, 'not connected: nothing sent');
        return;
      }
      this.hooks.log('out', this.dialect, text);
      this.socket.send(text);
      return;
    }
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.hooks.log('info', this.dialect, 'Socket.IO frames are typed as {"event": NAME, "data": {...}}');
      return;
    }
    this.send(parsed);
  }

  close() {
    if (!this.socket) {
      return;
    }
    if (this.adapter.socketIo) {
      this.socket.disconnect();
    } else {
      this.socket.close(1000, 'console');
    }
  }

  /** A console event (see store.js) from this connection. */
  emit(event) {
    this.hooks.event({ ...event, via: this.dialect });
  }

  setState(state, detail) {
    this.state = state;
    this.detail = detail;
    this.hooks.state(this);
  }
}
