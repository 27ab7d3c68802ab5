#!/usr/bin/env python3
"""A steady flow of orders into a cluster over the exchange dialect, while the test kills or hangs nodes.

One connection per user, to one of the --urls (user i to url i mod n); one order in flight per connection, so that
every answer belongs to the order just sent, whatever the venue's failover does to the timing. Every outcome is
written at once (flushed), so that whatever happened before a fault is on disk for the checks:

  --out     the acknowledged orders (order_response success), one line each, as durability_verify.py reads them:
            <user> <order_id> <client_order_id> <direction> <price> <volume>
  --events  every order's outcome as a JSON line: {"user", "client_order_id", "outcome": "ack" | "rejected" |
            "unknown", "code", "order_id", "sent", "answered" (epoch seconds), "url"}. "unknown" is an answer that
            leaves the order's fate open (503 / 504: the venue did not answer in time, or failed over) or no answer at
            all (the connection died or --reply-timeout passed): such an order may or may not exist afterwards.

A connection that fails is replaced by one to the user's next URL (the same URL too, round robin), after a short
pause; the run ends when --stop-file exists (the test creates it), or after --orders orders per user, or after
--duration seconds. Exit status 0; 2 when a user could not authenticate, could not reconnect within --reconnect-guard
seconds, or its thread crashed. Only the standard library and websocket-client are used.
"""
import argparse
import json
import os
import random
import struct
import sys
import threading
import time
from decimal import Decimal

import websocket

KNOWN = {"IX2301": (Decimal("0.1"), Decimal("120.0")), "AAPL": (Decimal("0.01"), Decimal("190.00"))}
INSTRUMENTS = ["IX2301", "AAPL"]
# Answers that leave the order's fate open: the gateway's request timeout and an unavailable venue.
UNKNOWN_CODES = (503, 504)


def order_for(rng, user, n, seed):
    symbol = INSTRUMENTS[n % len(INSTRUMENTS)]
    tick, reference = KNOWN[symbol]
    return {
        "type": "submit_order",
        "instrument_id": symbol,
        "direction": "BUY" if rng.random() < 0.5 else "SELL",
        "offset": "OPEN",
        "order_type": "LIMIT",
        "price": str(reference + tick * rng.randint(-5, 5)),
        "volume": rng.randint(1, 3),
        "client_order_id": "%s-%s-%d" % (user, seed, n),
    }


class Stop(Exception):
    pass


def receive(ws):
    """The next text frame as JSON; a close frame from the server is a lost connection, with its code and reason."""
    while True:
        opcode, data = ws.recv_data(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_TEXT:
            return json.loads(data.decode("utf-8"))
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else None
            raise ConnectionError("closed by the server: %s %s" % (code, data[2:].decode("utf-8", "replace")))


def run_user(args, index, user, token, files, lock, stats):
    rng = random.Random("%s/%s" % (args.seed, user))
    urls = args.urls.split(",")
    attempt = index
    deadline = time.time() + args.duration
    sent = 0
    counts = {"ack": 0, "rejected": 0, "unknown": 0, "reconnects": 0}
    closes = {}
    counts["lost connections"] = closes

    def stopping():
        return sent >= args.orders or time.time() > deadline or os.path.exists(args.stop_file)

    def record(order, outcome, code, order_id, started, url, message=None):
        with lock:
            if outcome == "ack":
                files["out"].write("%s %s %s %s %s %s\n" % (user, order_id, order["client_order_id"], order["direction"],
                                                            order["price"], order["volume"]))
                files["out"].flush()
            files["events"].write(json.dumps({"user": user, "client_order_id": order["client_order_id"], "outcome": outcome,
                                              "code": code, "order_id": order_id, "sent": started,
                                              "answered": time.time(), "url": url, "message": message}) + "\n")
            files["events"].flush()
        counts[outcome] += 1

    def connect():
        nonlocal attempt
        failing_since = time.time()
        while True:
            url = urls[attempt % len(urls)]
            attempt += 1
            try:
                ws = websocket.create_connection("%s?user_id=%s" % (url, user), timeout=args.reply_timeout)
                ws.send(json.dumps({"type": "auth", "user_id": user, "token": token}))
                while True:
                    message = receive(ws)
                    if message.get("type") == "auth_response":
                        break
                if not message.get("success"):
                    raise Stop("auth refused at %s: %s" % (url, message))
                return ws, url
            except (websocket.WebSocketException, ConnectionError, OSError) as e:
                if time.time() - failing_since > args.reconnect_guard:
                    raise Stop("no gateway answered for %ss (last %s: %s)" % (args.reconnect_guard, url, e))
                if stopping():
                    return None, None
                time.sleep(0.2)

    ws = None
    try:
        ws, url = connect()
        while ws is not None and not stopping():
            order = order_for(rng, user, sent, args.seed)
            sent += 1
            started = time.time()
            try:
                ws.send(json.dumps(order))
                while True:
                    message = receive(ws)
                    kind = message.get("type")
                    if kind == "order_response" or (kind == "error" and message.get("request_type") == "submit_order"):
                        break
            except (websocket.WebSocketException, ConnectionError, OSError) as e:
                record(order, "unknown", None, None, started, url, str(e))
                counts["reconnects"] += 1
                closes[str(e)[:120]] = closes.get(str(e)[:120], 0) + 1
                try:
                    ws.close()
                except Exception:  # noqa: BLE001
                    pass
                ws, url = connect()
                continue
            if kind == "order_response" and message.get("success"):
                record(order, "ack", None, message["order_id"], started, url)
            else:
                code = message.get("error_code", message.get("code"))
                record(order, "unknown" if code in UNKNOWN_CODES else "rejected", code, None, started, url,
                       message.get("error_message", message.get("message")))
                if code in UNKNOWN_CODES:
                    time.sleep(args.retry_pause)  # as a real client would, rather than hammering a venue that is away
        stats[user] = ("done", counts)
    except Stop as e:
        stats[user] = ("failed: %s" % e, counts)
    except Exception as e:  # noqa: BLE001 - a bug in this client must fail the run, not vanish with its thread
        stats[user] = ("crashed (%s: %s)" % (type(e).__name__, e), counts)
    finally:
        if ws is not None:
            try:
                ws.close()
            except Exception:  # noqa: BLE001
                pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", required=True, help="ws://host:port/ws,... (the gateways to use)")
    parser.add_argument("--tokens", required=True, help="JSON file: {user: token}")
    parser.add_argument("--out", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--stop-file", required=True, help="the run ends once this file exists")
    parser.add_argument("--orders", type=int, default=1000000, help="orders per user at most")
    parser.add_argument("--duration", type=float, default=300, help="seconds at most (a hang guard)")
    parser.add_argument("--reply-timeout", type=float, default=20, help="seconds to wait for an answer")
    parser.add_argument("--reconnect-guard", type=float, default=60, help="seconds without any gateway before giving up")
    parser.add_argument("--retry-pause", type=float, default=0.1, help="seconds to wait after a 503 / 504 answer")
    parser.add_argument("--seed", default="1")
    args = parser.parse_args()
    with open(args.tokens) as f:
        tokens = json.load(f)
    lock = threading.Lock()
    stats = {}
    with open(args.out, "a", buffering=1) as out, open(args.events, "a", buffering=1) as events:
        files = {"out": out, "events": events}
        threads = [threading.Thread(target=run_user, args=(args, i, user, token, files, lock, stats), daemon=True)
                   for i, (user, token) in enumerate(sorted(tokens.items()))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    for user in sorted(tokens):
        state, counts = stats.get(user, ("no result (its thread ended without one)", {}))
        print("%s: %s %s" % (user, state, json.dumps(counts, sort_keys=True)))
    return 0 if all(stats.get(user, ("missing",))[0] == "done" for user in tokens) else 2


if __name__ == "__main__":
    sys.exit(main())
