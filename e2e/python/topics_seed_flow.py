#!/usr/bin/python3
"""The `topics` dialect (seed 003) driven with the seed's own library, Python `websockets` (asyncio).

1. The seed's "Python 客户端示例", its code kept as written (only the host/port is a parameter and
   every message is also handed to the checks): connect to /api/v1/ws/my_client, wait for
   connection_ack, subscribe stock.AAPL.1m; it then receives subscribe_ack and the current bar.
2. Two users trade AAPL over the `exchange` dialect (websockets too, at /ws: auth, then crossing
   submit_orders); the seed client's next stock.AAPL.1m push shows the trade.
3. market.US.summary: acknowledged, the current summary first, then the venue's periodic summaries.
4. ping/pong, the seed's error shapes (Chinese by default, English with ?lang=en), an alias topic
   (crypto.BTC.5m → BTCUSDT), unsubscribe.

    /usr/bin/python3 topics_seed_flow.py --base ws://127.0.0.1:PORT --exchange-url ws://127.0.0.1:PORT/ws \
        --token1 T1 --token2 T2

Waits are failure guards only (nothing sleeps to decide an outcome). Prints one line per passed check
and finally `N passed, M failed`; exits 1 on the first failed check.
"""
import argparse
import asyncio
import json
import re
import sys
from decimal import Decimal

import websockets

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$")
TIMEOUT = 10.0


# ---------------------------------------------------------------------------------------------
# The seed's client (seed 003, "Python 客户端示例"). Differences, all marked: the URI's host/port
# come from the command line, and each message is also put into `inbox` for the checks below (the
# test cancels the task when done, where the seed loops until the connection closes).
# ---------------------------------------------------------------------------------------------
async def websocket_client(base, inbox):  # seed: websocket_client()
    client_id = "my_client"
    uri = f"{base}/api/v1/ws/{client_id}"  # seed: f"ws://localhost:8000/api/v1/ws/{client_id}"

    async with websockets.connect(uri) as websocket:
        # 等待连接确认
        response = await websocket.recv()
        print(f"连接确认: {response}")
        inbox.put_nowait(json.loads(response, parse_float=Decimal))  # test: hand it to the checks

        # 订阅苹果股票1分钟数据
        subscribe_message = {
            "type": "subscribe",
            "topic": "stock.AAPL.1m"
        }
        await websocket.send(json.dumps(subscribe_message))

        # 监听消息
        while True:
            try:
                response = await websocket.recv()
                data = json.loads(response, parse_float=Decimal)  # test: exact decimals
                print(f"收到消息: {data}")
                inbox.put_nowait(data)  # test: hand it to the checks
            except websockets.exceptions.ConnectionClosed:
                break


# ---------------------------------------------------------------------------------------------
# Test scaffolding.
# ---------------------------------------------------------------------------------------------
class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def show(message):
    return json.dumps(message, ensure_ascii=False, default=str)


def is_number(value):
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


class Mailbox:
    """Frames in arrival order; `take` removes the first one matching a predicate, waiting for it if needed."""

    def __init__(self, name):
        self.name = name
        self.queue = asyncio.Queue()
        self.pending = []
        self.seen = []
        self.ended = None

    async def take(self, predicate, what, timeout=TIMEOUT):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        scanned = 0
        while True:
            for i in range(scanned, len(self.pending)):
                try:
                    matched = predicate(self.pending[i])
                except Exception:  # noqa: BLE001 - a predicate looking at another shape does not match
                    matched = False
                if matched:
                    return self.pending.pop(i)
            scanned = len(self.pending)
            if self.ended and self.queue.empty():
                raise CheckFailed("[%s] the connection ended while waiting for %s\n%s" % (self.name, what, self.describe()))
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise CheckFailed("[%s] timed out after %.0f s waiting for %s\n%s" % (self.name, timeout, what, self.describe()))
            try:
                message = await asyncio.wait_for(self.queue.get(), remaining)
            except asyncio.TimeoutError:
                continue
            self.seen.append(message)
            self.pending.append(message)

    async def next(self, what, timeout=TIMEOUT):
        """The very next frame not taken yet."""
        return await self.take(lambda m: True, what, timeout)

    def describe(self, limit=20):
        lines = ["  [%s] received %d frame(s):" % (self.name, len(self.seen))]
        lines += ["    " + show(m) for m in self.seen[-limit:]]
        if self.ended:
            lines.append("    (%s)" % self.ended)
        return "\n".join(lines)


class Conn:
    """A `websockets` connection whose frames a reader task feeds into a Mailbox."""

    def __init__(self, ws, name):
        self.ws = ws
        self.box = Mailbox(name)
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, url, name):
        return cls(await websockets.connect(url, open_timeout=TIMEOUT), name)

    async def _read(self):
        try:
            async for text in self.ws:
                self.box.queue.put_nowait(json.loads(text, parse_float=Decimal))
        except websockets.exceptions.ConnectionClosed as e:
            self.box.ended = "closed: %s" % e
        self.box.ended = self.box.ended or "closed"

    async def send(self, message):
        await self.ws.send(message if isinstance(message, str) else json.dumps(message))

    async def request(self, message, what=None):
        """Sends a frame and returns the next frame that is not a data push (pushes stay for later takes)."""
        await self.send(message)
        return await self.box.take(lambda m: m.get("type") != "data", what or "the answer to %s" % show(message))

    async def close(self):
        self.reader.cancel()
        await self.ws.close()


def check_timestamp(message, where):
    check(isinstance(message.get("timestamp"), str) and TIMESTAMP.match(message["timestamp"]),
          "%s: timestamp must be like 2025-09-22T05:16:02.800339, got %s" % (where, show(message)))


def check_error(message, code, text, where):
    check(message.get("type") == "error" and message.get("error_code") == code and message.get("error_message") == text
          and set(message) == {"type", "error_code", "error_message", "timestamp"},
          "%s: expected error %s %r, got %s" % (where, code, text, show(message)))
    check_timestamp(message, where)


def check_bar(message, topic, symbol, interval, where):
    check(message.get("type") == "data" and message.get("topic") == topic, "%s: expected data for %s, got %s"
          % (where, topic, show(message)))
    data = message.get("data") or {}
    check(data.get("symbol") == symbol and data.get("interval") == interval, "%s: wrong bar %s" % (where, show(message)))
    for field in ("open", "high", "low", "close", "volume", "trades"):
        check(is_number(data.get(field)), "%s: %s must be a JSON number in %s" % (where, field, show(message)))
    check(data["low"] <= data["open"] <= data["high"] and data["low"] <= data["close"] <= data["high"],
          "%s: OHLC out of order in %s" % (where, show(message)))
    for field in ("open_time", "close_time"):
        check(isinstance(data.get(field), str) and TIMESTAMP.match(data[field]), "%s: %s format in %s"
              % (where, field, show(message)))
    check(data["open_time"] < data["close_time"], "%s: open_time must precede close_time in %s" % (where, show(message)))
    check_timestamp(message, where)
    return data


class Abort(Exception):
    pass


async def main(args):
    passed = 0
    failed = 0
    conns = []
    seed_task = None

    async def step(name, coroutine):
        nonlocal passed, failed
        try:
            result = await coroutine
        except CheckFailed as e:
            failed += 1
            print("FAIL %s\n%s" % (name, e), flush=True)
            raise Abort()
        except Exception as e:  # noqa: BLE001 - a crash is a failed check, with its cause
            failed += 1
            print("FAIL %s\n%s: %s" % (name, type(e).__name__, e), flush=True)
            raise Abort()
        passed += 1
        print("PASS %s" % name, flush=True)
        return result

    async def connect(url, name):
        conn = await Conn.open(url, name)
        conns.append(conn)
        return conn

    seed = Mailbox("seed client")
    try:
        # -- 1. the seed's example flow -----------------------------------------------------------
        seed_task = asyncio.create_task(websocket_client(args.base, seed.queue))

        def seed_ended(task):
            error = None if task.cancelled() else task.exception()
            seed.ended = "the seed client ended: %r" % (error,) if error else "the seed client ended"
        seed_task.add_done_callback(seed_ended)

        async def connection_ack():
            ack = await seed.next("connection_ack")
            check(ack.get("type") == "connection_ack" and ack.get("client_id") == "my_client",
                  "expected connection_ack for my_client first, got %s" % show(ack))
            check_timestamp(ack, "connection_ack")
        await step("the seed client gets connection_ack with its client_id first", connection_ack())

        async def subscribe_ack():
            ack = await seed.next("subscribe_ack")
            check(ack.get("type") == "subscribe_ack" and ack.get("topic") == "stock.AAPL.1m",
                  "expected subscribe_ack for stock.AAPL.1m, got %s" % show(ack))
            check_timestamp(ack, "subscribe_ack")
        await step("the seed client's subscribe to stock.AAPL.1m is acknowledged", subscribe_ack())

        async def current_bar():
            bar = await seed.next("the current bar")
            data = check_bar(bar, "stock.AAPL.1m", "AAPL", "1m", "current bar")
            check(bar.get("snapshot") is True, "the first bar must be the current state (snapshot), got %s" % show(bar))
            check(data["volume"] == 0 and data["trades"] == 0 and data["open"] == data["close"],
                  "nothing traded yet: expected a flat bar with volume 0, got %s" % show(bar))
        await step("the current AAPL 1m bar follows the acknowledgement", current_bar())

        # -- 2. a trade over the exchange dialect moves the bar ----------------------------------
        buyer = await connect(args.exchange_url, "exchange buyer")
        seller = await connect(args.exchange_url, "exchange seller")

        async def authenticate(conn, token):
            reply = await conn.request({"type": "auth", "token": token})
            check(reply.get("type") == "auth_response" and reply.get("success") is True,
                  "expected a successful auth_response, got %s" % show(reply))
        await step("two users authenticate over the exchange dialect",
                   asyncio.gather(authenticate(buyer, args.token1), authenticate(seller, args.token2)))

        async def order(conn, direction):
            await conn.send({"type": "submit_order", "instrument_id": "AAPL", "direction": direction, "offset": "OPEN",
                             "volume": 10, "price": 191.00, "order_type": "LIMIT"})
            reply = await conn.box.take(lambda m: m.get("type") == "order_response", "order_response")
            check(reply.get("success") is True, "expected a successful order_response, got %s" % show(reply))

        async def trade():
            await order(buyer, "BUY")
            await order(seller, "SELL")
        await step("user 1 buys 10 AAPL @191.00 and user 2 sells into it", trade())

        async def bar_after_trade():
            bar = await seed.take(lambda m: m.get("type") == "data" and m.get("snapshot") is False,
                                  "a live stock.AAPL.1m push after the trade")
            data = check_bar(bar, "stock.AAPL.1m", "AAPL", "1m", "bar after the trade")
            check(data["close"] == Decimal("191.00") and data["volume"] == 10 and data["trades"] == 1
                  and data["high"] >= Decimal("191.00"),
                  "expected the bar to show the trade (close 191.00, volume 10, 1 trade), got %s" % show(bar))
        await step("the seed client's AAPL 1m bar shows the trade", bar_after_trade())

        # -- 3. market.US.summary ------------------------------------------------------------------
        observer = await connect(args.base + "/api/v1/ws/observer-1?lang=en", "observer (lang=en)")

        async def observer_ack():
            ack = await observer.box.next("connection_ack")
            check(ack.get("type") == "connection_ack" and ack.get("client_id") == "observer-1",
                  "expected connection_ack for observer-1, got %s" % show(ack))
        await step("a second client connects (client id observer-1, ?lang=en)", observer_ack())

        def us_summary_item(message):
            check(message.get("type") == "data" and message.get("topic") == "market.US.summary",
                  "expected a market.US.summary push, got %s" % show(message))
            data = message["data"]
            check(data.get("region") == "US" and isinstance(data.get("items"), list), "bad summary %s" % show(message))
            items = {item.get("symbol"): item for item in data["items"]}
            check("AAPL" in items and "IX2301" not in items, "US summary must list AAPL only: %s" % show(message))
            item = items["AAPL"]
            check(item.get("kind") == "stock", "AAPL kind must be stock: %s" % show(message))
            for field in ("last", "open", "high", "low", "change", "change_percent", "volume"):
                check(is_number(item.get(field)), "summary %s must be a JSON number: %s" % (field, show(message)))
            check_timestamp(message, "summary")
            return item

        async def summary():
            await observer.send({"type": "subscribe", "topic": "market.US.summary"})
            ack = await observer.box.next("subscribe_ack")
            check(ack.get("type") == "subscribe_ack" and ack.get("topic") == "market.US.summary",
                  "expected subscribe_ack for market.US.summary, got %s" % show(ack))
            first = await observer.box.next("the current summary")
            check(first.get("snapshot") is True, "the first summary must be the current one: %s" % show(first))
            item = us_summary_item(first)
            check(item["last"] == Decimal("191.00") and item["volume"] == 10,
                  "the current summary must include the trade (last 191.00, volume 10): %s" % show(first))
            periodic = await observer.box.take(lambda m: m.get("type") == "data" and m.get("snapshot") is False,
                                               "a periodic market.US.summary push")
            us_summary_item(periodic)
        await step("market.US.summary: ack, the current summary with the trade, then periodic summaries", summary())

        async def ping():
            pong = await observer.request({"type": "ping"})
            check(pong.get("type") == "pong" and set(pong) == {"type", "timestamp"}, "expected pong, got %s" % show(pong))
            check_timestamp(pong, "pong")
        await step("ping is answered with pong", ping())

        # -- 4. the seed's errors ------------------------------------------------------------------
        zh = await connect(args.base + "/api/v1/ws/errors-zh", "errors (zh)")
        await zh.box.next("connection_ack")

        async def errors_zh():
            cases = [
                ({"type": "subscribe", "topic": "stock_data"}, "invalid_topic", "无效的主题格式: stock_data"),
                ({"type": "subscribe", "topic": "crypto.AAPL.1m"}, "subscription_failed", "订阅失败: AAPL 是 stock 品种, 不是 crypto"),
                ({"type": "subscribe", "topic": "stock.AAPL.2m"}, "invalid_topic",
                 "无效的主题格式: stock.AAPL.2m (不支持的时间间隔 2m, 应为 1m、5m、15m、30m、1h、4h、1d、1w 或 1M)"),
                ({"type": "subscribe", "topic": "stock.TSLA.1m"}, "subscription_failed", "订阅失败: 未知的品种 TSLA"),
                ({"type": "subscribe", "topic": "market.US.1m"}, "invalid_topic",
                 "无效的主题格式: market.US.1m (市场概览主题应为 market.{地区}.summary)"),
                ({"type": "subscribe"}, "invalid_message", "无效的消息格式: 缺少 topic 字段"),
                ("this is not json", "invalid_message", "无效的消息格式: 不是合法的 JSON"),
                ({"type": "hello"}, "invalid_message", "未知的消息类型: hello"),
            ]
            for message, code, text in cases:
                check_error(await zh.request(message), code, text, "answer to %s" % show(message))
        await step("invalid topics and messages get the seed's error shape, in Chinese", errors_zh())

        async def errors_en():
            check_error(await observer.request({"type": "subscribe", "topic": "stock_data"}),
                        "invalid_topic", "Invalid topic format: stock_data", "?lang=en")
            check_error(await observer.request({"type": "subscribe", "topic": "crypto.AAPL.1m"}),
                        "subscription_failed", "Subscription failed: AAPL is a stock instrument, not crypto", "?lang=en")
        await step("?lang=en gets the same errors in English", errors_en())

        # -- 5. month vs minute, an alias, unsubscribe ---------------------------------------------
        async def month_and_alias():
            ack = await zh.request({"type": "subscribe", "topic": "stock.AAPL.1M"})
            check(ack.get("type") == "subscribe_ack" and ack.get("topic") == "stock.AAPL.1M", "1M: %s" % show(ack))
            month = await zh.box.take(lambda m: m.get("topic") == "stock.AAPL.1M", "the current AAPL month bar")
            check_bar(month, "stock.AAPL.1M", "AAPL", "1M", "month bar")
            ack = await zh.request({"type": "subscribe", "topic": "crypto.BTC.5m"})
            check(ack.get("type") == "subscribe_ack" and ack.get("topic") == "crypto.BTC.5m", "alias: %s" % show(ack))
            bar = await zh.box.take(lambda m: m.get("topic") == "crypto.BTC.5m", "the current BTC 5m bar")
            check_bar(bar, "crypto.BTC.5m", "BTCUSDT", "5m", "alias bar")
            ack = await zh.request({"type": "unsubscribe", "topic": "crypto.BTC.5m"})
            check(ack.get("type") == "unsubscribe_ack" and ack.get("topic") == "crypto.BTC.5m", "unsubscribe: %s" % show(ack))
            check_timestamp(ack, "unsubscribe_ack")
        await step("1M is the month bar, crypto.BTC.5m reads BTCUSDT, unsubscribe is acknowledged", month_and_alias())
    except Abort:
        pass
    finally:
        if seed_task is not None:
            seed_task.cancel()
            try:
                await seed_task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - the seed task ends either way
                pass
        for conn in conns:
            try:
                await conn.close()
            except Exception:  # noqa: BLE001 - closing a dead socket is fine
                pass
    if failed:
        print(seed.describe())
        for conn in conns:
            print(conn.box.describe())
    print("%d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="ws://127.0.0.1:PORT")
    parser.add_argument("--exchange-url", required=True, help="ws://127.0.0.1:PORT/ws")
    parser.add_argument("--token1", required=True, help="token of the buyer")
    parser.add_argument("--token2", required=True, help="token of the seller")
    sys.exit(asyncio.run(main(parser.parse_args())))
