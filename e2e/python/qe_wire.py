"""A QE Connector client that speaks the QE SDK's wire exactly (the SDK itself is not installable here).

REST (the SDK's `API.sign_request`): the call's parameters in the caller's order, then `timestamp` (ms), are
url-encoded with `urlencode(params, True)` and `%40` turned back into `@`; the signature is the lower-case hex
HMAC-SHA256 of that text under the API secret; everything, `signature` last, travels as the query string (also
for POST and PUT, with an empty body); the key is the `X-MBX-APIKEY` header. A reply with HTTP status >= 400 or a
`code` other than 200 raises `APIError(code, reason, message)`; otherwise the reply's `message` is returned.

WebSocket (the SDK's `WebSocketService`, built on `websockets`): `{base}/api/ws/v2?listen_key=K` (or `/api/ws`
for version "v1"), pings every second with a 10 s pong timeout, sends nothing itself, skips a text `pong`, and
dispatches on the outer `type` only: `status` → on_status(data), `error` → on_error, `master_data` and
`order_data` → `json.loads(data)` → on_master_order / on_order. Every raw frame also goes to on_raw_message.
"""
import asyncio
import hashlib
import hmac
import json
import threading
import time
from urllib.parse import urlencode

import requests
import websockets


class APIError(Exception):
    def __init__(self, status, code, reason, message):
        super().__init__("%s %s %s: %s" % (status, code, reason, message))
        self.status = status
        self.code = code
        self.reason = reason
        self.message = message


def encoded_string(params):
    return urlencode(params, True).replace("%40", "@")


def hmac_hashing(secret, payload):
    return hmac.new(secret.encode("utf-8"), payload.encode("utf-8"), hashlib.sha256).hexdigest()


class API:
    def __init__(self, api_key, api_secret, base_url):
        self.api_key = api_key
        self.api_secret = api_secret
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update({
            "Content-Type": "application/json;charset=utf-8",
            "User-Agent": "qe-connector-python/1.3.1",
            "X-MBX-APIKEY": api_key,
        })

    # -- the SDK's signing path -------------------------------------------------------------------
    def signed_query(self, payload):
        """The query string sign_request sends: parameters, timestamp, then signature."""
        payload = {k: v for k, v in payload.items() if v is not None}
        payload["timestamp"] = int(time.time() * 1000)
        query = encoded_string(payload)
        payload["signature"] = hmac_hashing(self.api_secret, query)
        return encoded_string(payload)

    def sign_request(self, method, path, payload=None):
        return self.send(method, path, self.signed_query(payload or {}))

    def send(self, method, path, query):
        response = self.session.request(method, self.base_url + path, params=query, timeout=10)
        try:
            data = response.json()
        except ValueError:
            raise APIError(response.status_code, None, None, response.text)
        if response.status_code >= 400 or (isinstance(data, dict) and data.get("code") != 200):
            raise APIError(response.status_code, data.get("code"), data.get("reason"), data.get("message"))
        return data.get("message", data)

    # -- the SDK's calls ---------------------------------------------------------------------------
    def create_listen_key(self, **kwargs):
        return self.sign_request("POST", "/user/trading/listen-key", dict(kwargs))

    def create_listen_key_v2(self, **kwargs):
        return self.sign_request("POST", "/strategy-api/user/trading/v2/listen-key", dict(kwargs))

    def create_master_order(self, algorithm, exchange, symbol, marketType, side, apiKeyId, **kwargs):
        params = {"algorithm": algorithm, "algorithmType": "TWAP", "exchange": exchange, "symbol": symbol,
                  "marketType": marketType, "side": side, "apiKeyId": apiKeyId}
        params.update(kwargs)
        params.setdefault("tailOrderProtection", True)
        params.setdefault("enableMake", True)
        params.setdefault("isTargetPosition", False)
        return self.sign_request("POST", "/user/trading/master-orders", params)

    def get_master_orders(self, **kwargs):
        return self.sign_request("GET", "/user/trading/master-orders", dict(kwargs))

    def get_master_order_detail(self, masterOrderId, **kwargs):
        return self.sign_request("GET", "/user/trading/master-orders/%s" % masterOrderId, dict(kwargs))

    def get_master_order_detail_by_client_order_id(self, clientOrderId, **kwargs):
        return self.sign_request("GET", "/user/trading/master-orders/by-client-order-id/%s" % clientOrderId, dict(kwargs))

    def get_order_fills(self, **kwargs):
        return self.sign_request("GET", "/user/trading/order-fills", dict(kwargs))

    def cancel_master_order(self, masterOrderId, **kwargs):
        return self.sign_request("PUT", "/user/trading/master-orders/%s/cancel" % masterOrderId,
                                 {"masterOrderId": masterOrderId, **kwargs})

    def pause_master_order(self, masterOrderId, **kwargs):
        return self.sign_request("PUT", "/user/trading/master-orders/%s/pause" % masterOrderId,
                                 {"masterOrderId": masterOrderId, **kwargs})

    def resume_master_order(self, masterOrderId, **kwargs):
        return self.sign_request("PUT", "/user/trading/master-orders/%s/resume" % masterOrderId,
                                 {"masterOrderId": masterOrderId, **kwargs})


class WebSocketService:
    """Connects in a thread of its own (asyncio + websockets, as the SDK does) and dispatches every frame."""

    def __init__(self, base_url, version="v2"):
        self.base_url = base_url
        self.version = version
        self.on_connected = None
        self.on_status = None
        self.on_error = None
        self.on_master_order = None
        self.on_order = None
        self.on_raw_message = None
        self.connect_error = None
        self.closed = threading.Event()
        self._loop = None
        self._socket = None
        self._thread = None

    def url(self, listen_key):
        path = "/api/ws/v2" if self.version == "v2" else "/api/ws"
        return "%s%s?listen_key=%s" % (self.base_url, path, listen_key)

    def connect(self, listen_key):
        self._thread = threading.Thread(target=self._run, args=(listen_key,), daemon=True)
        self._thread.start()

    def _run(self, listen_key):
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._connect(listen_key))
        finally:
            self._loop.close()
            self.closed.set()

    async def _connect(self, listen_key):
        try:
            async with websockets.connect(self.url(listen_key), ping_interval=1.0, ping_timeout=10.0, close_timeout=10) as socket:
                self._socket = socket
                if self.on_connected:
                    self.on_connected()
                async for message in socket:
                    if message == "pong":
                        continue
                    self._handle(message)
        except Exception as e:  # noqa: BLE001 - reported like the SDK does, through on_error
            self.connect_error = e
            if self.on_error:
                self.on_error(e)

    def _handle(self, message):
        data = json.loads(message)
        if self.on_raw_message:
            self.on_raw_message(data)
        kind = data.get("type", "")
        if kind == "status" and self.on_status:
            self.on_status(data.get("data"))
        elif kind == "error" and self.on_error:
            self.on_error(Exception("Server error: %s" % data.get("data")))
        elif kind == "master_data" and self.on_master_order:
            self.on_master_order(json.loads(data.get("data")))
        elif kind == "order_data" and self.on_order:
            self.on_order(json.loads(data.get("data")))

    def send_text(self, text):
        asyncio.run_coroutine_threadsafe(self._socket.send(text), self._loop).result(5)

    def close(self):
        if self._socket is not None and self._loop is not None and self._loop.is_running():
            asyncio.run_coroutine_threadsafe(self._socket.close(), self._loop).result(10)
        if self._thread is not None:
            self._thread.join(10)
