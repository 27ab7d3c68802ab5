#!/usr/bin/env python3
"""Checks a restarted venue against the orders a client saw acknowledged (durability_burst.py --out).

For every acknowledged order: query_order must find it, with the instrument side, price, volume and
client order id that were sent, and fills within its volume. For every user: the account must add up
(balance = starting balance + realized PnL of its positions - fees; available = starting balance + profit - fees -
margin - frozen; margin = sum of position margins), and over all users the long and short volumes of
each instrument must be equal (only these users trade: the simulator is off).

Prints one JSON line {"orders": n, "users": n, "open_interest": {...}} and exits 0, or prints what is
wrong and exits 1. Numbers are compared as exact decimals.
"""
import argparse
import json
import sys
from collections import defaultdict
from decimal import Decimal

import websocket


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def request(ws, message, reply_type):
    ws.send(json.dumps(message))
    while True:
        answer = json.loads(ws.recv(), parse_float=Decimal)
        kind = answer.get("type")
        if kind == reply_type or (kind == "error" and answer.get("request_type") == message["type"]):
            return answer


def dec(value):
    return Decimal(str(value))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--tokens", required=True)
    parser.add_argument("--acked", required=True)
    parser.add_argument("--starting-balance", required=True)
    parser.add_argument("--skip-open-interest", action="store_true",
                        help="other users trade too (the simulator): long and short of these users need not match")
    args = parser.parse_args()
    with open(args.tokens) as f:
        tokens = json.load(f)
    acked = defaultdict(list)
    with open(args.acked) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 6:  # a line cut short by the kill is not an acknowledgement
                acked[parts[0]].append(parts)
    start = dec(args.starting_balance)
    open_interest = defaultdict(lambda: [Decimal(0), Decimal(0)])
    checked = 0
    for user, token in sorted(tokens.items()):
        ws = websocket.create_connection(args.url, timeout=60)
        auth = request(ws, {"type": "auth", "user_id": user, "token": token}, "auth_response")
        if not auth.get("success"):
            fail("auth refused for %s: %s" % (user, auth))
        for _, order_id, client_id, direction, price, volume in acked[user]:
            answer = request(ws, {"type": "query_order", "order_id": order_id}, "query_response")
            if answer.get("type") != "query_response":
                fail("acknowledged order %s of %s is lost: %s" % (order_id, user, answer))
            order = answer["data"]["order"]
            expected = (order_id, client_id, direction, dec(price), dec(volume))
            got = (order["order_id"], order["client_order_id"], order["direction"], dec(order["price"]), dec(order["volume"]))
            if got != expected:
                fail("order %s of %s came back as %s, was sent as %s" % (order_id, user, got, expected))
            if not (0 <= dec(order["filled_volume"]) <= dec(order["volume"])) \
                    or dec(order["filled_volume"]) + dec(order["remaining_volume"]) != dec(order["volume"]):
                fail("order %s of %s has inconsistent fills: %s" % (order_id, user, order))
            checked += 1
        account = request(ws, {"type": "query_account"}, "query_response")["data"]["account"]
        positions = request(ws, {"type": "query_position"}, "query_response")["data"]["positions"]
        ws.close()
        realized = sum((dec(p["realized_pnl"]) for p in positions), Decimal(0))
        margin = sum((dec(p["margin"]) for p in positions), Decimal(0))
        fees = dec(account.get("fees", 0))
        if dec(account["balance"]) != start + realized - fees:
            fail("%s: balance %s != starting %s + realized %s - fees %s" % (user, account["balance"], start, realized, fees))
        if dec(account["margin"]) != margin:
            fail("%s: account margin %s != positions' %s" % (user, account["margin"], margin))
        if dec(account["available"]) != start + dec(account["profit"]) - fees - dec(account["margin"]) - dec(account["frozen"]):
            fail("%s: available %s does not add up: %s" % (user, account["available"], account))
        if acked[user] and dec(account["frozen"]) + margin == 0:
            fail("%s: %d acknowledged orders but nothing frozen or held: %s" % (user, len(acked[user]), account))
        for p in positions:
            open_interest[p["instrument_id"]][0] += dec(p["long_volume"])
            open_interest[p["instrument_id"]][1] += dec(p["short_volume"])
    for symbol, (long_volume, short_volume) in open_interest.items():
        if long_volume != short_volume and not args.skip_open_interest:
            fail("%s: long %s != short %s over all users" % (symbol, long_volume, short_volume))
    print(json.dumps({"orders": checked, "users": len(tokens),
                      "open_interest": {s: str(v[0]) for s, v in sorted(open_interest.items())}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
