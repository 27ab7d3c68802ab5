#!/usr/bin/env python3
"""A burst of orders over the exchange dialect, one pipelined connection per user, until the server dies.

Every `order_response` with `success: true` is appended to --out at once, one line per order, flushed:
    <user> <order_id> <client_order_id> <direction> <price> <volume>
so whatever arrived before the server was killed is on disk for the checker. Responses are matched to
requests by their position: the venue answers one connection's orders in the order they were sent.

Exit status: 0 when the server went away or every order was answered; 2 on a protocol surprise.
Only the standard library and websocket-client are used.
"""
import argparse
import json
import random
import sys
import threading
from decimal import Decimal

import websocket

# Instruments of the default configuration, with their tick and a price to trade around.
KNOWN = {"IX2301": (Decimal("0.1"), Decimal("120.0")), "AAPL": (Decimal("0.01"), Decimal("190.00"))}
INSTRUMENTS = ["IX2301", "AAPL"]


def order_for(rng, user, n, seed):
    """Orders around the reference price on both sides: some rest, many trade."""
    symbol = INSTRUMENTS[n % len(INSTRUMENTS)]
    tick, reference = KNOWN[symbol]
    direction = "BUY" if rng.random() < 0.5 else "SELL"
    price = str(reference + tick * rng.randint(-5, 5))
    return {
        "type": "submit_order",
        "instrument_id": symbol,
        "direction": direction,
        "offset": "OPEN",
        "order_type": "LIMIT",
        "price": price,
        "volume": rng.randint(1, 3),
        # Unique per run: the venue refuses a client order id used by the same user within a day (1011).
        "client_order_id": "%s-%s-%d" % (user, seed, n),
    }


def burst(url, user, token, orders, window, seed, out, lock, stats):
    rng = random.Random("%s/%s" % (seed, user))
    answered = 0
    acked = 0
    try:
        ws = websocket.create_connection(url, timeout=60)
    except Exception as e:  # noqa: BLE001
        stats[user] = "connect failed: %s" % e
        return
    try:
        ws.send(json.dumps({"type": "auth", "user_id": user, "token": token}))
        while True:
            message = json.loads(ws.recv())
            if message.get("type") == "auth_response":
                if not message.get("success"):
                    stats[user] = "auth refused: %s" % message
                    return
                break
        sent = []
        while answered < orders:
            while len(sent) < orders and len(sent) - answered < window:
                order = order_for(rng, user, len(sent), seed)
                ws.send(json.dumps(order))
                sent.append(order)
            message = json.loads(ws.recv())
            if message.get("type") != "order_response":
                continue  # pushes
            order = sent[answered]
            answered += 1
            if message.get("success"):
                acked += 1
                with lock:
                    out.write("%s %s %s %s %s %s\n" % (user, message["order_id"], order["client_order_id"], order["direction"],
                                                        order["price"], order["volume"]))
                    out.flush()
        stats[user] = "done: %d answered, %d acknowledged" % (answered, acked)
    except (websocket.WebSocketException, ConnectionError, OSError) as e:
        stats[user] = "server gone (%s): %d answered, %d acknowledged" % (type(e).__name__, answered, acked)
    except Exception as e:  # noqa: BLE001 - a bug in this client must fail the run, not vanish with its thread
        stats[user] = "crashed (%s: %s): %d answered, %d acknowledged" % (type(e).__name__, e, answered, acked)
    finally:
        try:
            ws.close()
        except Exception:  # noqa: BLE001
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="ws://host:port/ws")
    parser.add_argument("--tokens", required=True, help="JSON file: {user: token}")
    parser.add_argument("--out", required=True, help="file the acknowledged orders are appended to")
    parser.add_argument("--orders", type=int, default=100000, help="orders per user")
    parser.add_argument("--window", type=int, default=64, help="orders in flight per connection")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--instruments", default="IX2301,AAPL", help="comma-separated, of: " + ",".join(KNOWN))
    args = parser.parse_args()
    INSTRUMENTS[:] = args.instruments.split(",")
    with open(args.tokens) as f:
        tokens = json.load(f)
    lock = threading.Lock()
    stats = {}
    with open(args.out, "a", buffering=1) as out:
        threads = [threading.Thread(target=burst, args=(args.url, user, token, args.orders, args.window, args.seed, out, lock, stats),
                                    daemon=True) for user, token in sorted(tokens.items())]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    for user in sorted(stats):
        print("%s: %s" % (user, stats[user]))
    missing = [user for user in tokens if user not in stats]
    for user in missing:
        print("%s: no result (its thread ended without one)" % user)
    failed = any(s.startswith(("auth refused", "connect failed", "crashed")) for s in stats.values())
    return 2 if failed or missing else 0


if __name__ == "__main__":
    sys.exit(main())
