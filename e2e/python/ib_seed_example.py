#!/usr/bin/python3
"""Seed 000's own "Python客户端示例" (the `ib` dialect, `websockets`), run against Tradewire.

`websocket_client` below is the seed's coroutine. What differs from the seed, and only that:
- the URI comes from the command line (the mesh runs on a free port; the URI carries the seed's
  `client_id` parameter and a `token`, since Tradewire sends order types only to a logged-in user);
- inside the seed's receive loop, after its `print`, a driver (`on_message`) looks at each message and
  says what to send next: after the subscription confirmation a `ping`, after the `pong` a `get_orders`
  (the seed's other two client messages), and after the `orders` reply it stops the loop (the seed loops
  until the connection closes);
- the whole coroutine runs under a failure guard of `--timeout` seconds.

    /usr/bin/python3 ib_seed_example.py --url ws://127.0.0.1:PORT/websocket/ws --token T

Prints one PASS line per check and `N passed, M failed`; exits 1 when a check failed.
"""
import argparse
import asyncio
import json
import sys

import websockets

from ib_harness import is_timestamp, short, with_query

STOP = object()


# ---------------------------------------------------------------------------------------------
# The seed's client (uri as a parameter, and the driver hook marked "added").
# ---------------------------------------------------------------------------------------------
async def websocket_client(uri, on_message):
    async with websockets.connect(uri) as websocket:
        # 订阅消息类型
        await websocket.send(json.dumps({
            "type": "subscribe",
            "message_types": ["order_update", "order_notification", "mcp_order"]
        }))

        # 接收消息
        while True:
            try:
                message = await websocket.recv()
                data = json.loads(message)
                print(f"收到消息: {data}")
                # added: the test's driver answers or stops
                reply = on_message(data)
                if reply is STOP:
                    break
                if reply is not None:
                    await websocket.send(json.dumps(reply))
            except websockets.exceptions.ConnectionClosed:
                print("连接已关闭")
                break
            except Exception as e:
                print(f"错误: {e}")
                break


# ---------------------------------------------------------------------------------------------
# Test scaffolding.
# ---------------------------------------------------------------------------------------------
class Driver:
    """Follows the seed's flow: subscribed → ping → pong → get_orders → orders; records each check."""

    def __init__(self, client_id, user_id):
        self.client_id = client_id
        self.user_id = user_id
        self.passed = []
        self.failure = None

    def fail(self, what, data):
        self.failure = "%s; got %s" % (what, short(data))
        return STOP

    def __call__(self, data):
        kind = data.get("type")
        if kind == "subscribed":
            if (data.get("message_types") != ["order_update", "order_notification", "mcp_order"]
                    or data.get("client_id") != self.client_id or data.get("user_id") != self.user_id
                    or not is_timestamp(data.get("timestamp"))):
                return self.fail("the seed's subscribe is confirmed with its three types, client_id and user_id", data)
            self.passed.append("the seed's subscribe (order_update, order_notification, mcp_order) is confirmed "
                               "with the active types, client_id %s and user %s" % (self.client_id, self.user_id))
            return {"type": "ping"}
        if kind == "pong":
            if not is_timestamp(data.get("timestamp")):
                return self.fail("pong carries an ISO-8601 local date-time with microseconds", data)
            self.passed.append("ping is answered with pong at %s" % data["timestamp"])
            return {"type": "get_orders"}
        if kind == "orders":
            if data.get("data") != [] or not is_timestamp(data.get("timestamp")):
                return self.fail("get_orders of a user without orders answers an empty orders list", data)
            self.passed.append("get_orders is answered with orders (none yet)")
            return STOP
        return self.fail("only subscribed, pong and orders in this flow", data)


async def main():
    parser = argparse.ArgumentParser(description="seed 000's Python example against a running mesh")
    parser.add_argument("--url", required=True, help="ws://127.0.0.1:PORT/websocket/ws")
    parser.add_argument("--token", required=True)
    parser.add_argument("--user-id", default="user001")
    parser.add_argument("--client-id", default="my_client_001")
    parser.add_argument("--timeout", type=float, default=20.0, help="failure guard for the whole flow, seconds")
    args = parser.parse_args()

    driver = Driver(args.client_id, args.user_id)
    uri = with_query(args.url, client_id=args.client_id, token=args.token)
    error = None
    try:
        await asyncio.wait_for(websocket_client(uri, driver), args.timeout)
    except asyncio.TimeoutError:
        error = "the seed's flow did not finish within %.0f s" % args.timeout
    except Exception as e:  # noqa: BLE001 - a crash is a failure with its cause
        error = "%s: %s" % (type(e).__name__, e)

    for line in driver.passed:
        print("PASS " + line, flush=True)
    failed = 0
    if driver.failure or error or len(driver.passed) != 3:
        failed = 1
        print("FAIL the seed's flow: %s" % (driver.failure or error or "the loop ended early"), flush=True)
    print("%d passed, %d failed" % (len(driver.passed), failed), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    asyncio.run(main())
