#!/usr/bin/python3
"""The `socketio` dialect driven by python-socketio (Debian's 5.7.2, Engine.IO 4) with its default
transports: HTTP long-polling first, then the upgrade to WebSocket.

    /usr/bin/python3 socketio_client.py --url http://127.0.0.1:PORT --exchange-url ws://127.0.0.1:PORT/ws \
        --token1 T1 --token2 T2 --bad-token B

Checks: the three token placements (CONNECT auth payload, Authorization header, ?token=) connect and get
`connected`; a bad or missing token gets a connect error; subscribe_trading (with an ack) answers
`subscribed` and pushes balance/positions/pnl/orders at once; an order placed over the `exchange`
dialect shows up in orders_update and balance_update, a fill in positions_update; unchanged data is never
sent again over two push intervals. The gateway must run with every gateway.socketio.intervals.* equal to
--interval (the test uses 300ms).
Prints one line per check and finally `N passed, M failed`; exits 1 when a check failed.
"""
import argparse
import re
import threading
import time

import socketio

from wsharness import CheckFailed, Conn, Report, check, same_number

INSTRUMENT = "IX2301"
PRICE = 100
STARTING_BALANCE = 1000000
MARGIN = 3600            # 100 * 1 lot * 300 multiplier * 0.12 margin rate
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")
PUSHES = ("balance_update", "positions_update", "pnl_update", "orders_update")


class Abort(Exception):
    pass


class Client:
    """One python-socketio client; every event it receives is kept, in arrival order."""

    def __init__(self, name):
        self.name = name
        self.sio = socketio.Client(reconnection=False)
        self.events = []
        self.changed = threading.Condition()

        @self.sio.on("*")
        def any_event(event, *args):
            self._add(event, args[0] if args else None)

        @self.sio.event
        def connect_error(data=None):
            self._add("connect_error", data)

    def _add(self, event, data):
        with self.changed:
            self.events.append((event, data))
            self.changed.notify_all()

    def connect(self, url, timeout, **kwargs):
        self.sio.connect(url, wait_timeout=timeout, **kwargs)

    def wait_for(self, predicate, timeout, what, after=0):
        """The index and data of the first event at or after `after` that matches; a guard, not a timing."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for i in range(after, len(self.events)):
                    event, data = self.events[i]
                    try:
                        if predicate(event, data):
                            return i, data
                    except (KeyError, TypeError, IndexError, AttributeError):
                        pass
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise CheckFailed("[%s] timed out after %.0f s waiting for %s; received:\n%s"
                                      % (self.name, timeout, what, self.describe()))
                self.changed.wait(remaining)

    def count(self, event):
        with self.changed:
            return sum(1 for name, _ in self.events if name == event)

    def describe(self):
        return "\n".join("    %s %s" % (name, data) for name, data in self.events[-40:])

    def close(self):
        try:
            self.sio.disconnect()
        except Exception:  # noqa: BLE001 - closing an already closed client is fine
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT (the socket.io path is /socket.io/)")
    parser.add_argument("--exchange-url", required=True, help="ws://127.0.0.1:PORT/ws (places the orders)")
    parser.add_argument("--token1", required=True, help="token of the subscribing user")
    parser.add_argument("--token2", required=True, help="token of the counterparty")
    parser.add_argument("--bad-token", required=True, help="a token the gateway must refuse")
    parser.add_argument("--user1", default="user001")
    parser.add_argument("--user2", default="user002")
    parser.add_argument("--timeout", type=float, default=10.0, help="failure guard per wait, seconds")
    parser.add_argument("--interval", type=float, default=0.3, help="the gateway's push interval, seconds")
    args = parser.parse_args()

    report = Report()
    t = args.timeout
    u1 = args.user1
    opened = []

    def step(name, fn):
        try:
            result = fn()
        except CheckFailed as e:
            report.fail(name, e)
            raise Abort()
        except Exception as e:  # noqa: BLE001 - a crash is a failed check, with its cause
            report.fail(name, "%s: %s" % (type(e).__name__, e))
            raise Abort()
        report.ok(name)
        return result

    def client(name):
        c = Client(name)
        opened.append(c)
        return c

    def connected_event(c):
        _, data = c.wait_for(lambda e, d: e == "connected", t, "the connected event")
        check(data.get("user_id") == u1 and data.get("message"), "[%s] connected event %s" % (c.name, data))
        check(TIMESTAMP.match(data.get("timestamp", "")), "[%s] timestamp %r" % (c.name, data.get("timestamp")))
        return data

    def refused(name, **kwargs):
        c = client(name)
        # wait=False: connect() returns once Engine.IO is open; the refusal arrives as connect_error.
        c.sio.connect(args.url, wait=False, **kwargs)
        _, data = c.wait_for(lambda e, d: e == "connect_error", t, "connect_error")
        check(not any(e == "connected" for e, _ in c.events), "[%s] got a connected event" % name)
        check(isinstance(data, dict) and isinstance(data.get("message"), str) and data["message"],
              "[%s] connect_error data %r has no message" % (name, data))
        c.close()
        return data["message"]

    try:
        msg = step("a bad token in the auth payload gets a connect error",
                   lambda: refused("bad-token", auth={"token": args.bad_token}))
        step("... whose message says the credentials are invalid", lambda: check(
            msg == "Invalid credentials", "message %r" % msg))
        msg = step("no token at all gets a connect error", lambda: refused("no-token"))
        step("... whose message asks for authentication", lambda: check(
            msg.startswith("Authentication required"), "message %r" % msg))

        def via(name, url, **kwargs):
            c = client(name)
            c.connect(url, t, **kwargs)
            connected_event(c)
            transport = c.sio.transport()
            c.close()
            return transport

        step("the token in the Authorization header connects",
             lambda: via("header", args.url, headers={"Authorization": "Bearer " + args.token1}))
        step("the token as a ?token= URL parameter connects",
             lambda: via("query", args.url + "/?token=" + args.token1))

        main_client = client("main")
        step("the token in the CONNECT auth payload connects (default transports)",
             lambda: main_client.connect(args.url, t, auth={"token": args.token1}))
        step("the connected event names the user", lambda: connected_event(main_client))
        step("python-socketio upgraded from polling to websocket", lambda: check(
            main_client.sio.transport() == "websocket", "transport %r" % main_client.sio.transport()))

        def subscribe():
            ack = main_client.sio.call("subscribe_trading", {"types": ["balance", "positions", "pnl", "orders"]},
                                       timeout=t)
            check(isinstance(ack, dict) and ack.get("types") == ["balance", "positions", "pnl", "orders"],
                  "ack %r" % (ack,))
            _, data = main_client.wait_for(lambda e, d: e == "subscribed", t, "subscribed")
            check(data.get("types") == ack["types"], "subscribed %r" % data)

        step("subscribe_trading is acknowledged (ack id from 1) and answered with subscribed", subscribe)

        def first(event):
            _, data = main_client.wait_for(lambda e, d: e == event, t, "the first " + event)
            check(data.get("type") == event and data.get("user_id") == u1, "%s envelope %r" % (event, data))
            check(TIMESTAMP.match(data.get("timestamp", "")), "%s timestamp %r" % (event, data.get("timestamp")))
            return data["data"]

        def first_balance():
            data = first("balance_update")
            check(same_number(data["total_balance"], STARTING_BALANCE) and same_number(
                data["available_balance"], STARTING_BALANCE) and same_number(data["used_margin"], 0),
                "balance %r" % data)

        def first_pnl():
            data = first("pnl_update")
            check(set(data) == {"total_pnl", "today_pnl", "unrealized_pnl", "realized_pnl"}, "pnl fields %r" % data)
            check(all(same_number(v, 0) for v in data.values()), "pnl %r" % data)

        step("balance_update arrives at once: 1000000 total and available, no margin", first_balance)
        step("positions_update arrives at once: no positions", lambda: check(first("positions_update") == [], "x"))
        step("pnl_update arrives at once: all zero", first_pnl)
        step("orders_update arrives at once: no working orders", lambda: check(first("orders_update") == [], "x"))

        def submit(user, token, direction):
            conn = Conn(args.exchange_url, user)
            conn.authenticate(user, token, t)
            reply = conn.request({"type": "submit_order", "instrument_id": INSTRUMENT, "direction": direction,
                                  "offset": "OPEN", "volume": 1, "price": PRICE, "order_type": "LIMIT"}, t)
            check(reply.get("type") == "order_response" and reply.get("success") is True, "order_response %r" % reply)
            conn.close()
            return reply["order_id"]

        order_id = step("%s places BUY 1 %s @100 over the exchange dialect" % (u1, INSTRUMENT),
                        lambda: submit(u1, args.token1, "BUY"))

        def working(event, data):
            return event == "orders_update" and len(data["data"]) == 1 and data["data"][0]["order_id"] == order_id

        def order_listed():
            _, data = main_client.wait_for(working, t, "orders_update listing " + order_id)
            order = data["data"][0]
            check(order["symbol"] == INSTRUMENT and order["side"] == "Buy" and order["status"] == "New"
                  and same_number(order["quantity"], 1) and same_number(order["price"], PRICE), "order %r" % order)

        def margin_held():
            _, data = main_client.wait_for(
                lambda e, d: e == "balance_update" and same_number(d["data"]["used_margin"], MARGIN), t,
                "balance_update with used_margin 3600")
            b = data["data"]
            check(same_number(b["total_balance"], STARTING_BALANCE)
                  and same_number(b["available_balance"], STARTING_BALANCE - MARGIN), "balance %r" % b)

        step("the next orders_update lists the working order (Buy 1 @100, New)", order_listed)
        step("the next balance_update holds 3600 margin (available 996400)", margin_held)

        step("%s sells 1 @100: the orders cross" % args.user2, lambda: submit(args.user2, args.token2, "SELL"))

        def position_opened():
            _, data = main_client.wait_for(lambda e, d: e == "positions_update" and len(d["data"]) == 1, t,
                                           "positions_update with the new position")
            p = data["data"][0]
            check(p["symbol"] == INSTRUMENT and p["side"] == "Buy" and same_number(p["size"], 1)
                  and same_number(p["entry_price"], PRICE) and same_number(p["mark_price"], PRICE)
                  and same_number(p["unrealized_pnl"], 0), "position %r" % p)

        def order_gone():
            index, _ = main_client.wait_for(working, t, "the working order")
            main_client.wait_for(lambda e, d: e == "orders_update" and d["data"] == [], t,
                                 "orders_update without working orders", after=index + 1)

        step("the next positions_update shows the long position (1 @100, mark 100, PnL 0)", position_opened)
        step("the next orders_update has no working order left", order_gone)

        def unsubscribe():
            # Two push intervals with nothing changing: a re-send of unchanged data would fall in them. The answer
            # follows every push sent before it on the same socket, so the pushes before it are all counted.
            time.sleep(2 * args.interval)
            main_client.sio.emit("unsubscribe_trading", {"types": ["balance"]})
            index, data = main_client.wait_for(lambda e, d: e == "unsubscribed", t, "unsubscribed")
            check(data.get("types") == ["balance"], "unsubscribed %r" % data)
            return index

        answered = step("unsubscribe_trading, sent two push intervals later, is answered with unsubscribed", unsubscribe)

        def counts():
            with main_client.changed:
                before = [name for name, _ in main_client.events[:answered]]
            seen = {event: before.count(event) for event in PUSHES}
            expected = {"balance_update": 2, "positions_update": 2, "pnl_update": 1, "orders_update": 3}
            check(seen == expected, "pushes received %s, expected %s (unchanged data must not be re-sent)"
                  % (seen, expected))

        step("unchanged data was never sent again: pnl once, balance twice (the fill left it unchanged)", counts)

        def resubscribe():
            mark = len(main_client.events)
            main_client.sio.emit("subscribe_trading", {"subscribeTypes": ["balance"]})
            index, data = main_client.wait_for(lambda e, d: e == "subscribed", t, "subscribed", after=mark)
            check(data.get("types") == ["balance"], "subscribed %r" % data)
            _, balance = main_client.wait_for(lambda e, d: e == "balance_update", t, "balance_update", after=index)
            check(same_number(balance["data"]["used_margin"], MARGIN), "balance %r" % balance)

        step("subscribeTypes is accepted and a new subscription repeats the current balance at once", resubscribe)

        def error_event():
            mark = len(main_client.events)
            main_client.sio.emit("subscribe_trading", {"types": ["candles"]})
            _, data = main_client.wait_for(lambda e, d: e == "error", t, "an error event", after=mark)
            check(data.get("code") == 400 and "candles" in data.get("message", ""), "error %r" % data)

        step("an unknown type gets an error event (code 400)", error_event)
    except Abort:
        pass
    finally:
        for c in opened:
            c.close()
    report.finish()


if __name__ == "__main__":
    main()
