#!/usr/bin/python3
"""The QE SDK's documented flow against Tradewire, on the SDK's wire (qe_wire.py): signed REST, listen keys, the
user-data WebSocket, a TWAP from create to COMPLETED, a cancel mid-way, pause and resume; every push is checked.

    /usr/bin/python3 qe_flow.py --base http://127.0.0.1:PORT --ws ws://127.0.0.1:PORT \
        --key K --secret S --other-key K2 --other-secret S2

The mesh must run the simulated market (liquidity) with a short algo slice interval (the IT uses 500 ms).
Prints one line per passed check and finally `N passed, M failed`; exits 1 when a check failed.
"""
import argparse
import json
import threading
import time
from decimal import Decimal

import websockets

from qe_wire import API, APIError, WebSocketService, encoded_string, hmac_hashing
from wsharness import CheckFailed, Report, check

SYMBOL = "BTCUSDT"


class Recorder:
    """Everything one WebSocketService received, by outer type, with a condition to wait on."""

    def __init__(self, service):
        self.frames = []
        self.statuses = []
        self.errors = []
        self.masters = []
        self.orders = []
        self.cond = threading.Condition()
        service.on_raw_message = self._raw
        service.on_status = lambda data: self._add(self.statuses, data)
        service.on_error = lambda error: self._add(self.errors, str(error))
        service.on_master_order = lambda data: self._add(self.masters, data)
        service.on_order = lambda data: self._add(self.orders, data)

    def _raw(self, frame):
        with self.cond:
            self.frames.append(frame)

    def _add(self, bucket, item):
        with self.cond:
            bucket.append(item)
            self.cond.notify_all()

    def wait(self, predicate, what, timeout=20):
        deadline = time.time() + timeout  # a hang guard, not a measurement
        with self.cond:
            while not predicate():
                left = deadline - time.time()
                if left <= 0:
                    raise CheckFailed("timed out waiting for %s; masters=%s orders=%d errors=%s"
                                      % (what, [m.get("status") for m in self.masters], len(self.orders), self.errors))
                self.cond.wait(left)

    def masters_of(self, master_id):
        with self.cond:
            return [m for m in self.masters if m["master_order_id"] == master_id]

    def orders_of(self, master_id):
        with self.cond:
            return [o for o in self.orders if o["master_order_id"] == master_id]


def expect_api_error(call, status, reason):
    try:
        result = call()
    except APIError as e:
        check(e.status == status, "HTTP %s expected, got %s (%s)" % (status, e.status, e))
        check(e.code != 200 and e.code is not None, "code must be set and not 200: %s" % e.code)
        check(e.reason == reason, "reason %s expected, got %s" % (reason, e.reason))
        check(bool(e.message), "a message explains it")
        return e
    raise CheckFailed("expected %s %s, got a success: %s" % (status, reason, result))


def refused_upgrade(url):
    """The HTTP status a WebSocket upgrade to url is refused with (None when it is accepted)."""
    import asyncio

    async def attempt():
        try:
            async with websockets.connect(url, open_timeout=10):
                return None
        except websockets.exceptions.InvalidStatusCode as e:
            return e.status_code

    return asyncio.new_event_loop().run_until_complete(attempt())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True)
    parser.add_argument("--ws", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--other-key", required=True)
    parser.add_argument("--other-secret", required=True)
    args = parser.parse_args()
    report = Report()
    api = API(args.key, args.secret, args.base)
    other = API(args.other_key, args.other_secret, args.base)
    state = {}

    # ---------------------------------------------------------------- signed REST rejections
    def rejections():
        expect_api_error(lambda: API(args.key, "not-the-secret", args.base).get_master_orders(), 401, "INVALID_SIGNATURE")
        expect_api_error(lambda: API("f" * 40, args.secret, args.base).get_master_orders(), 401, "INVALID_API_KEY")
        stale = {"timestamp": int(time.time() * 1000) - 60000}
        query = encoded_string(stale)
        stale["signature"] = hmac_hashing(args.secret, query)
        expect_api_error(lambda: api.send("GET", "/user/trading/master-orders", encoded_string(stale)), 400,
                         "TIMESTAMP_OUTSIDE_RECV_WINDOW")
        once = api.signed_query({"recvWindow": 5000})
        api.send("GET", "/user/trading/master-orders", once)
        expect_api_error(lambda: api.send("GET", "/user/trading/master-orders", once), 401, "REPLAYED_REQUEST")
        expect_api_error(lambda: api.create_master_order("TWAP", "Tradewire", SYMBOL, "SPOT", "BUY", "k", totalQuantity="1e999",
                                                         executionDurationSeconds=3), 400, "MALFORMED_REQUEST")
        expect_api_error(lambda: api.create_master_order("TWAP", "Binance", SYMBOL, "SPOT", "BUY", "k", totalQuantity=0.001,
                                                         executionDurationSeconds=3), 400, "UNSUPPORTED")
    report.run("signed REST refuses a bad signature, an unknown key, a stale timestamp, a replay, bad parameters", rejections)

    # ---------------------------------------------------------------- listen keys
    def listen_keys():
        first = api.create_listen_key()
        check(len(first["listenKey"]) == 64 and first["success"] is True, "listen key reply: %s" % first)
        check(int(first["expireAt"]) - time.time() > 23 * 3600, "expires in 24 h: %s" % first["expireAt"])
        second = api.create_listen_key_v2(recvWindow=5000)
        check(second["listenKey"] != first["listenKey"], "a new key")
        check(refused_upgrade("%s/api/ws/v2?listen_key=%s" % (args.ws, first["listenKey"])) == 401, "the previous key is revoked")
        check(refused_upgrade("%s/api/ws/v2?listen_key=%s" % (args.ws, "0" * 64)) == 401, "an unknown key is refused")
        check(refused_upgrade("%s/api/ws?listen_key=junk" % args.ws) == 401, "a junk key is refused")
        check(refused_upgrade("%s/api/ws/v2" % args.ws) == 401, "no key is refused")
        state["key"] = second["listenKey"]
    report.run("listen keys: v1 and v2 (/strategy-api), one valid per user, 401 at the upgrade otherwise", listen_keys)

    service = WebSocketService(args.ws)
    rec = Recorder(service)
    bob_service = WebSocketService(args.ws, version="v1")
    bob = Recorder(bob_service)

    def connect():
        service.connect(state["key"])
        rec.wait(lambda: "connected" in rec.statuses, "status connected")
        bob_service.connect(other.create_listen_key()["listenKey"])
        bob.wait(lambda: "connected" in bob.statuses, "bob's status connected")
        frame = rec.frames[0]
        check(frame["type"] == "status" and frame["data"] == "connected" and frame["messageId"], "status frame: %s" % frame)
    report.run("WebSocket /api/ws/v2 and /api/ws with listen_key: status connected", connect)

    def check_pushes(master_id, total, final):
        masters = rec.masters_of(master_id)
        orders = rec.orders_of(master_id)
        statuses = [m["status"] for m in masters]
        check(statuses[0] == "NEW", "first master_data is NEW: %s" % statuses)
        check("PROCESSING" in statuses, "PROCESSING pushed: %s" % statuses)
        check(statuses[-1] == final, "last master_data is %s: %s" % (final, statuses))
        check(statuses.count(final) == 1, "one %s: %s" % (final, statuses))
        for m in masters:
            check(m["type"] == "master_order" and m["symbol"] == SYMBOL and m["strategy"] == "TWAP" and m["side"] == "BUY",
                  "master fields: %s" % m)
            check(Decimal(str(m["qty"])) == Decimal(total), "qty %s: %s" % (total, m))
        cumulative = Decimal(0)
        for o in orders:
            check(o["type"] == "order" and o["symbol"] == SYMBOL and o["side"] == "BUY" and o["category"] == "spot", "order: %s" % o)
            fill = Decimal(str(o["fill_qty"]))
            if fill > 0:
                check(Decimal(str(o["fill_price"])) > 0 and o["last_fill_time"] > 0, "a fill has price and time: %s" % o)
                check(o["status"] in ("FILLED", "CANCELLED"), "an IOC child is final: %s" % o)
            check(Decimal(str(o["cum_filled_qty"])) == fill, "one fill per IOC child: %s" % o)
            cumulative += fill
        filled = Decimal(str(masters[-1]["filled_qty"]))
        check(cumulative == filled, "the children's fills (%s) add up to the master's (%s)" % (cumulative, filled))
        return masters, orders, filled

    # ---------------------------------------------------------------- a full TWAP
    def twap():
        created = api.create_master_order("TWAP", "Tradewire", SYMBOL, "SPOT", "buy", "key-1", totalQuantity=0.004,
                                          executionDurationSeconds=3, clientOrderId="py-twap-1")
        master_id = created["masterOrderId"]
        check(created["success"] is True and master_id.startswith("MO"), "create reply: %s" % created)
        rec.wait(lambda: any(m["status"] in ("COMPLETED", "EXPIRED", "REJECTED") for m in rec.masters_of(master_id)), "TWAP end")
        masters, orders, filled = check_pushes(master_id, "0.004", "COMPLETED")
        check(filled == Decimal("0.004"), "all filled: %s" % filled)
        check(len(orders) >= 2, "sliced into several children: %d" % len(orders))
        detail = api.get_master_order_detail(master_id)
        check(detail["status"] == "COMPLETED" and detail["childOrders"] == len(orders), "detail: %s" % detail)
        by_client = api.get_master_order_detail_by_client_order_id("py-twap-1")
        check(by_client["masterOrderId"] == master_id, "by client order id: %s" % by_client)
        listed = api.get_master_orders(page=1, pageSize=10)
        check(master_id in [m["masterOrderId"] for m in listed["items"]], "listed: %s" % listed)
        fills = api.get_order_fills(masterOrderId=master_id)
        check(fills["total"] == len(orders), "order-fills has every child: %s" % fills)
        check(sum(Decimal(str(f["filledQuantity"])) for f in fills["items"]) == Decimal("0.004"), "fills add up")
        state["twap"] = master_id
    report.run("a TWAP from create to COMPLETED: every master_data and order_data checked, REST agrees", twap)

    def engine_decided_for(seconds, quantity, client_order_id):
        """The positive control of a 'nothing new started' check: a small TWAP created now, waited for until it ends. The
        engine decides every working master order on the same ticks, and every child it makes goes to the venue in
        order: once this one's final master_data is in, the engine has had its `seconds` of slices after the call to
        start a child for any other order, and that child's pushes came before this final one."""
        created = api.create_master_order("TWAP", "Tradewire", SYMBOL, "SPOT", "BUY", "key-1", totalQuantity=quantity,
                                          executionDurationSeconds=seconds, clientOrderId=client_order_id)
        control = created["masterOrderId"]
        rec.wait(lambda: any(m["status"] in ("COMPLETED", "EXPIRED", "REJECTED") for m in rec.masters_of(control)),
                 "the control TWAP %s to end" % client_order_id)
        check(rec.orders_of(control), "the engine sliced the control TWAP %s: %s" % (client_order_id, rec.masters_of(control)))

    # ---------------------------------------------------------------- cancel mid-way
    def cancel():
        created = api.create_master_order("TWAP", "Tradewire", SYMBOL, "SPOT", "BUY", "key-1", totalQuantity=0.02,
                                          executionDurationSeconds=30, clientOrderId="py-twap-2")
        master_id = created["masterOrderId"]
        rec.wait(lambda: any(Decimal(str(o["fill_qty"])) > 0 for o in rec.orders_of(master_id)), "a first child fill")
        reply = api.cancel_master_order(master_id, reason="enough")
        check(reply["success"] is True and reply["status"] == "CANCELLED", "cancel reply: %s" % reply)
        rec.wait(lambda: any(m["status"] == "CANCELLED" for m in rec.masters_of(master_id)), "CANCELLED pushed")
        at_cancel = len(rec.orders_of(master_id))
        engine_decided_for(2, 0.004, "py-control-cancel")  # four slices: nothing new may start
        check(len(rec.orders_of(master_id)) <= at_cancel + 1, "no child after the cancel but one already on its way")
        masters, orders, filled = check_pushes(master_id, "0.02", "CANCELLED")
        check(Decimal(0) < filled < Decimal("0.02"), "partly filled: %s" % filled)
        check(masters[-1]["reason"] == "enough", "the reason travels: %s" % masters[-1])
        expect_api_error(lambda: api.cancel_master_order(master_id), 409, "ORDER_NOT_ACTIVE")
        detail = api.get_master_order_detail(master_id)
        check(detail["status"] == "CANCELLED", "detail: %s" % detail)
    report.run("a TWAP cancelled mid-way stops slicing and says so", cancel)

    # ---------------------------------------------------------------- pause and resume
    def pause_resume():
        created = api.create_master_order("TWAP", "Tradewire", SYMBOL, "SPOT", "BUY", "key-1", totalQuantity=0.004,
                                          executionDurationSeconds=5)
        master_id = created["masterOrderId"]
        rec.wait(lambda: any(m["status"] == "PROCESSING" for m in rec.masters_of(master_id)), "PROCESSING")
        check(api.pause_master_order(master_id)["status"] == "PAUSED", "paused")
        rec.wait(lambda: any(m["status"] == "PAUSED" for m in rec.masters_of(master_id)), "PAUSED pushed")
        paused_at = len(rec.orders_of(master_id))
        engine_decided_for(1, 0.002, "py-control-pause")  # two slices
        check(len(rec.orders_of(master_id)) <= paused_at + 1, "no new child while paused")
        check(api.resume_master_order(master_id)["status"] == "PROCESSING", "resumed")
        rec.wait(lambda: any(m["status"] in ("COMPLETED", "EXPIRED") for m in rec.masters_of(master_id)), "the end")
        masters, orders, filled = check_pushes(master_id, "0.004", "COMPLETED")
        statuses = [m["status"] for m in masters]
        check(statuses.index("PAUSED") < len(statuses) - 1 and "PROCESSING" in statuses[statuses.index("PAUSED"):],
              "PAUSED then PROCESSING again: %s" % statuses)
    report.run("pause holds the children back, resume catches up, the order completes", pause_resume)

    # ---------------------------------------------------------------- the stream as a whole
    def stream():
        ids = [f["messageId"] for f in rec.frames]
        check(len(ids) == len(set(ids)), "every messageId is unique")
        check(all(f["userId"] == "alice" for f in rec.frames), "every frame names alice")
        check(all(isinstance(f["data"], str) for f in rec.frames), "data is always a JSON-encoded string")
        check(not rec.errors, "no error frames: %s" % rec.errors)
        check(bob.masters == [] and bob.orders == [], "bob saw none of alice's orders")
        expect_api_error(lambda: other.get_master_order_detail(state["twap"]), 404, "ORDER_NOT_FOUND")
        check(other.get_order_fills()["total"] == 0, "bob has no fills")
    report.run("unique messageIds, only the user's own data, nothing for anybody else", stream)

    def hostile_frames():
        service.send_text("{not json")
        service.send_text(json.dumps({"type": "subscribe", "channels": ["everything"]}))
        service.send_text("ping")
        rec.wait(lambda: len(rec.errors) >= 2, "two error frames")
        created = api.create_master_order("TWAP", "Tradewire", SYMBOL, "SPOT", "BUY", "key-1", totalQuantity=0.001,
                                          executionDurationSeconds=1)
        rec.wait(lambda: any(m["status"] == "COMPLETED" for m in rec.masters_of(created["masterOrderId"])),
                 "pushes after bad frames")
    report.run("bad frames get error frames, the socket stays open and keeps pushing", hostile_frames)

    service.close()
    bob_service.close()
    report.finish()


if __name__ == "__main__":
    main()
