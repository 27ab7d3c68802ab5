#!/usr/bin/python3
"""Two users trade with each other over the `exchange` dialect (websocket-client only).

user001 buys 10 IX2301 @120 (it rests), user002 sells 10 @120 (it crosses). Both must see their order
filled, the same trade, margin 120 * 10 * 300 * 0.12 = 43200 in account updates, and queries that agree.

    /usr/bin/python3 two_users.py --url ws://127.0.0.1:PORT/ws --token1 T1 --token2 T2 [--url2 ws://OTHER:PORT/ws]

With --url2, user2 connects there (another gateway of a cluster): each side's notifications are caused by the
other side's order placed on the other gateway.

Prints one line per passed check and finally `N passed, M failed`; exits 1 on the first failed check.
"""
import argparse
import sys

from wsharness import ORDER_ID, TRADE_ID, CheckFailed, Conn, Report, check, num, same_number

INSTRUMENT = "IX2301"
PRICE = 120
VOLUME = 10
MARGIN = 43200          # 120 * 10 lots * 300 multiplier * 0.12 margin rate
STARTING_BALANCE = 1000000


class Abort(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="ws://127.0.0.1:PORT/ws")
    parser.add_argument("--url2", help="where user2 connects (default: --url)")
    parser.add_argument("--token1", required=True, help="token of user1")
    parser.add_argument("--token2", required=True, help="token of user2")
    parser.add_argument("--user1", default="user001")
    parser.add_argument("--user2", default="user002")
    parser.add_argument("--timeout", type=float, default=10.0, help="failure guard per wait, seconds")
    args = parser.parse_args()

    report = Report()
    conns = []

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

    t = args.timeout
    u1, u2 = args.user1, args.user2
    try:
        def connect(user, token, url=args.url):
            conn = Conn("%s?user_id=%s" % (url, user), user)
            conns.append(conn)
            conn.authenticate(user, token, t)
            return conn

        c1 = step("%s connects with ?user_id and authenticates" % u1, lambda: connect(u1, args.token1))
        c2 = step("%s connects with ?user_id and authenticates" % u2, lambda: connect(u2, args.token2, args.url2 or args.url))

        def submit(conn, direction):
            conn.send({"type": "submit_order", "instrument_id": INSTRUMENT, "direction": direction,
                       "offset": "OPEN", "volume": VOLUME, "price": PRICE, "order_type": "LIMIT"})
            reply = conn.wait_for(lambda m: m["type"] in ("order_response", "error"), t, "order_response")
            check(reply.get("type") == "order_response" and reply.get("success") is True,
                  "[%s] %s order refused: %s" % (conn.name, direction, reply))
            order_id = reply.get("order_id")
            check(isinstance(order_id, str) and ORDER_ID.match(order_id),
                  "[%s] order_id %r is not O + 20 digits" % (conn.name, order_id))
            check(reply.get("error_code") is None, "[%s] successful order_response carries error_code %r"
                  % (conn.name, reply.get("error_code")))
            return order_id

        o1 = step("%s BUY OPEN 10 %s @120 LIMIT -> order_response success, O+20-digit id" % (u1, INSTRUMENT),
                  lambda: submit(c1, "BUY"))
        o2 = step("%s SELL OPEN 10 %s @120 LIMIT -> order_response success, O+20-digit id" % (u2, INSTRUMENT),
                  lambda: submit(c2, "SELL"))
        step("the two orders have different ids", lambda: check(o1 != o2, "both orders got id %s" % o1))

        def filled(conn, order_id):
            status = conn.wait_for(lambda m: m["type"] == "order_status" and m["order_id"] == order_id
                                   and m["status"] == "Filled", t, "order_status Filled for " + order_id)
            check(same_number(status.get("filled_volume"), VOLUME) and same_number(status.get("remaining_volume"), 0),
                  "[%s] Filled status with filled_volume %r, remaining_volume %r (expected 10 / 0)"
                  % (conn.name, status.get("filled_volume"), status.get("remaining_volume")))
            earlier = [m for m in conn.received if m.get("type") == "order_status" and m.get("order_id") == order_id
                       and m is not status]
            wrong = [m["status"] for m in earlier if m.get("status") not in ("Submitted", "PartiallyFilled", "Filled")]
            check(not wrong, "[%s] order %s also got statuses %s" % (conn.name, order_id, wrong))
            return status

        step("%s receives order_status Filled (10 filled, 0 remaining) for its order" % u1, lambda: filled(c1, o1))
        step("%s receives order_status Filled (10 filled, 0 remaining) for its order" % u2, lambda: filled(c2, o2))

        def trade(conn, order_id, direction):
            fill = conn.wait_for(lambda m: m["type"] == "trade" and m["order_id"] == order_id, t,
                                 "a trade for order " + order_id)
            problems = []
            if fill.get("instrument_id") != INSTRUMENT:
                problems.append("instrument_id %r" % fill.get("instrument_id"))
            if fill.get("direction") != direction:
                problems.append("direction %r (expected %s)" % (fill.get("direction"), direction))
            if fill.get("offset") != "OPEN":
                problems.append("offset %r (expected OPEN)" % fill.get("offset"))
            if not same_number(fill.get("price"), PRICE):
                problems.append("price %r (expected 120)" % fill.get("price"))
            if not same_number(fill.get("volume"), VOLUME):
                problems.append("volume %r (expected 10)" % fill.get("volume"))
            if not (isinstance(fill.get("trade_id"), str) and TRADE_ID.match(fill["trade_id"])):
                problems.append("trade_id %r is not T + 20 digits" % fill.get("trade_id"))
            check(not problems, "[%s] trade %s: %s" % (conn.name, fill, "; ".join(problems)))
            return fill

        t1 = step("%s receives trade: its order, BUY OPEN 10 @120" % u1, lambda: trade(c1, o1, "BUY"))
        t2 = step("%s receives trade: its order, SELL OPEN 10 @120" % u2, lambda: trade(c2, o2, "SELL"))
        step("both sides see the same trade_id", lambda: check(
            t1["trade_id"] == t2["trade_id"], "%s got %s, %s got %s" % (u1, t1["trade_id"], u2, t2["trade_id"])))

        def account_update(conn):
            return conn.wait_for(lambda m: m["type"] == "account_update" and same_number(m["margin"], MARGIN), t,
                                 "account_update with margin 43200")

        step("%s receives account_update with margin 43200" % u1, lambda: account_update(c1))
        step("%s receives account_update with margin 43200" % u2, lambda: account_update(c2))

        def query(conn, message, request_type):
            conn.send(message)
            reply = conn.wait_for(lambda m: m["type"] in ("query_response", "error")
                                  and m.get("request_type") == request_type, t, request_type + " reply")
            check(reply["type"] == "query_response", "[%s] %s failed: %s" % (conn.name, request_type, reply))
            return reply.get("data") or {}

        def account(conn, user):
            acct = query(conn, {"type": "query_account"}, "query_account").get("account")
            check(isinstance(acct, dict), "[%s] query_account without data.account" % conn.name)
            balance, profit, margin, frozen, available = (num(acct.get(k)) for k in
                                                          ("balance", "profit", "margin", "frozen", "available"))
            problems = []
            if acct.get("user_id") != user:
                problems.append("user_id %r" % acct.get("user_id"))
            if balance != STARTING_BALANCE:
                problems.append("balance %r (expected 1000000)" % acct.get("balance"))
            if margin != MARGIN:
                problems.append("margin %r (expected 43200)" % acct.get("margin"))
            if frozen != 0:
                problems.append("frozen %r (expected 0)" % acct.get("frozen"))
            if None in (balance, profit, margin, frozen, available):
                problems.append("a missing or non-numeric amount")
            elif available != balance + profit - margin - frozen:
                problems.append("available %s != balance + profit - margin - frozen = %s"
                                % (available, balance + profit - margin - frozen))
            check(not problems, "[%s] account %s: %s" % (conn.name, acct, "; ".join(problems)))

        step("%s query_account: balance 1000000, margin 43200, frozen 0, available consistent" % u1,
             lambda: account(c1, u1))
        step("%s query_account: balance 1000000, margin 43200, frozen 0, available consistent" % u2,
             lambda: account(c2, u2))

        def position(conn, long_volume, short_volume):
            positions = query(conn, {"type": "query_position", "instrument_id": INSTRUMENT},
                              "query_position").get("positions")
            check(isinstance(positions, list), "[%s] query_position without data.positions" % conn.name)
            mine = [p for p in positions if p.get("instrument_id") == INSTRUMENT]
            check(len(mine) == 1, "[%s] expected one %s position, got %s" % (conn.name, INSTRUMENT, positions))
            p = mine[0]
            problems = []
            if num(p.get("long_volume")) != long_volume:
                problems.append("long_volume %r (expected %s)" % (p.get("long_volume"), long_volume))
            if num(p.get("short_volume")) != short_volume:
                problems.append("short_volume %r (expected %s)" % (p.get("short_volume"), short_volume))
            avg_field = "long_avg_price" if long_volume else "short_avg_price"
            if num(p.get(avg_field)) != PRICE:
                problems.append("%s %r (expected 120)" % (avg_field, p.get(avg_field)))
            if num(p.get("margin")) is not None and num(p.get("margin")) != MARGIN:
                problems.append("position margin %r (expected 43200)" % p.get("margin"))
            check(not problems, "[%s] position %s: %s" % (conn.name, p, "; ".join(problems)))

        step("%s query_position: long 10 @120, short 0" % u1, lambda: position(c1, VOLUME, 0))
        step("%s query_position: short 10 @120, long 0" % u2, lambda: position(c2, 0, VOLUME))
    except Abort:
        pass
    finally:
        for conn in conns:
            conn.close()
    report.finish()


if __name__ == "__main__":
    sys.exit(main())
