#!/usr/bin/python3
"""The seed's own "Python 完整示例" (seed 001, the exchange WebSocket protocol), run against Tradewire.

The `TradingWebSocket` class below is the seed's code, unchanged. What differs from the seed's
`__main__` block: the URL and token come from the command line, the script waits for authentication
instead of sleeping 2 s, and instead of `input()` it waits for the `order_response` (failing after
10 s). A small subclass only records what the seed's `on_message` sees, so that it can be checked.

    /usr/bin/python3 seed_example.py --url ws://127.0.0.1:PORT/ws --token T

Prints `1 passed, 0 failed` on success; exits 1 otherwise.
"""
import argparse
import sys
import threading

import websocket
import json
import time


# ---------------------------------------------------------------------------------------------
# The seed's client, verbatim.
# ---------------------------------------------------------------------------------------------
class TradingWebSocket:
    def __init__(self, url, user_id, token):
        self.url = f"{url}?user_id={user_id}"
        self.user_id = user_id
        self.token = token
        self.ws = None
        self.is_authenticated = False

    def on_open(self, ws):
        print("WebSocket 已连接")
        # 发送认证
        self.send({
            "type": "auth",
            "user_id": self.user_id,
            "token": self.token
        })

        # 启动心跳
        def heartbeat():
            while self.ws:
                time.sleep(5)
                self.send({"type": "ping"})

        threading.Thread(target=heartbeat, daemon=True).start()

    def on_message(self, ws, message):
        msg = json.loads(message)
        print(f"收到消息: {msg}")

        if msg["type"] == "auth_response":
            if msg["success"]:
                self.is_authenticated = True
                print("认证成功")
                # 订阅
                self.send({
                    "type": "subscribe",
                    "channels": ["trade"],
                    "instruments": ["IX2301"]
                })

        elif msg["type"] == "trade":
            print(f"成交: {msg['direction']} {msg['volume']}手 @{msg['price']}")

        elif msg["type"] == "order_status":
            print(f"订单状态: {msg['status']}")

    def on_close(self, ws, close_status_code, close_msg):
        print("WebSocket 已断开")

    def on_error(self, ws, error):
        print(f"WebSocket 错误: {error}")

    def send(self, message):
        if self.ws:
            self.ws.send(json.dumps(message))

    def submit_order(self, instrument_id, direction, offset, volume, price):
        if not self.is_authenticated:
            print("未认证，无法下单")
            return

        self.send({
            "type": "submit_order",
            "instrument_id": instrument_id,
            "direction": direction,
            "offset": offset,
            "volume": volume,
            "price": price,
            "order_type": "LIMIT"
        })

    def run(self):
        self.ws = websocket.WebSocketApp(
            self.url,
            on_open=self.on_open,
            on_message=self.on_message,
            on_close=self.on_close,
            on_error=self.on_error
        )
        self.ws.run_forever()


# ---------------------------------------------------------------------------------------------
# Test scaffolding: record what the seed's client receives, without changing its behaviour.
# ---------------------------------------------------------------------------------------------
class ObservedTradingWebSocket(TradingWebSocket):
    def __init__(self, url, user_id, token):
        super().__init__(url, user_id, token)
        self.messages = []
        self.errors = []
        self.changed = threading.Condition()

    def on_message(self, ws, message):
        super().on_message(ws, message)
        with self.changed:
            self.messages.append(json.loads(message))
            self.changed.notify_all()

    def on_error(self, ws, error):
        super().on_error(ws, error)
        with self.changed:
            self.errors.append(repr(error))
            self.changed.notify_all()

    def wait_for(self, predicate, timeout):
        """The first received message matching predicate, or None after timeout (a failure guard)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for msg in self.messages:
                    if predicate(msg):
                        return msg
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self.changed.wait(remaining)


def fail(client, what):
    print(f"FAIL {what}")
    print("  received: " + json.dumps(client.messages, ensure_ascii=False))
    if client.errors:
        print("  client errors: " + "; ".join(client.errors))
    print("0 passed, 1 failed")
    sys.exit(1)


# 使用
if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="the seed's Python example against a running mesh")
    parser.add_argument("--url", required=True, help="ws://127.0.0.1:PORT/ws")
    parser.add_argument("--token", required=True)
    parser.add_argument("--user-id", default="user001")
    parser.add_argument("--timeout", type=float, default=10.0, help="failure guard per wait, seconds")
    args = parser.parse_args()

    trading_ws = ObservedTradingWebSocket(
        args.url,
        args.user_id,
        args.token
    )

    # 在另一个线程中运行
    threading.Thread(target=trading_ws.run, daemon=True).start()

    # 等待认证 (the seed sleeps 2 s here; we wait for the auth_response instead)
    auth = trading_ws.wait_for(lambda m: m.get("type") == "auth_response", args.timeout)
    if auth is None or auth.get("success") is not True or not trading_ws.is_authenticated:
        fail(trading_ws, "the seed client did not authenticate")
    subscribed = trading_ws.wait_for(lambda m: m.get("type") in ("subscribe_response", "error"), args.timeout)
    if (subscribed is None or subscribed.get("type") != "subscribe_response" or subscribed.get("success") is not True
            or subscribed.get("channels") != ["trade"] or subscribed.get("instruments") != ["IX2301"]):
        fail(trading_ws, "the seed client's subscribe (trade on IX2301) did not succeed")

    # 提交订单
    trading_ws.submit_order(
        instrument_id="IX2301",
        direction="BUY",
        offset="OPEN",
        volume=10,
        price=120.0
    )

    # 保持运行 (the seed waits for Enter; we wait for the order_response)
    response = trading_ws.wait_for(lambda m: m.get("type") == "order_response", args.timeout)
    if (response is None or response.get("success") is not True or not isinstance(response.get("order_id"), str)
            or len(response["order_id"]) != 21 or not response["order_id"].startswith("O")
            or not response["order_id"][1:].isdigit()):
        fail(trading_ws, "the seed client's order did not get a successful order_response")
    print(f"PASS the seed's TradingWebSocket authenticated, subscribed and placed order {response['order_id']}")

    ws = trading_ws.ws
    trading_ws.ws = None  # lets the seed's heartbeat thread end
    ws.close()
    print("1 passed, 0 failed")
    sys.exit(0)
