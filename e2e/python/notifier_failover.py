#!/usr/bin/python3
"""A notifier node dies (`kill -9`) while users trade: its streams move to the surviving notifier, and every client
sees the move as an epoch change, never as a silent gap (`exchange` dialect, websocket-client).

Each of --users users holds one connection (its private streams via ?user_id=) and rests --orders buy orders that
never fill; once every order's `order_status` arrived, the script kills --kill-pid (the spare notifier's node) and at
once rests --orders more per user, while the moved partitions have no owner yet. Then:

  - every acknowledged order reaches its user, live or in the snapshot that follows a `resync`;
  - on every stream, numbers are contiguous within an epoch, and an epoch changes only right after a `resync`
    announced it (with the snapshot's epoch and seq);
  - at least one stream resynced: the kill did move someone's streams (else the check above proves nothing).

    /usr/bin/python3 notifier_failover.py --url ws://127.0.0.1:PORT/ws --tokens tokens.json --kill-pid PID

Prints one line per passed check and finally `N passed, M failed`.
"""
import argparse
import json
import os
import signal
import time

from wsharness import CheckFailed, Conn, Report, check, dumps

INSTRUMENT = "IX2301"
PRICE = "100.0"  # buys only, below every ask: nothing ever fills


def order(user, n):
    return {"type": "submit_order", "instrument_id": INSTRUMENT, "direction": "BUY", "offset": "OPEN",
            "order_type": "LIMIT", "price": PRICE, "volume": 1, "client_order_id": "%s-nf-%d" % (user, n)}


def order_ids_seen(conn):
    """Order ids of every order_status the connection received, live or in a snapshot."""
    return {m.get("order_id") for m in conn.received if m.get("type") == "order_status"}


def stream_problems(conn):
    """Checks the connection's frames in arrival order; returns (problems, streams that resynced)."""
    problems = []
    resynced = set()
    state = {}  # stream -> [epoch, seq]
    for m in conn.received:
        stream = m.get("stream")
        if stream is None or "seq" not in m:
            continue
        epoch, seq = int(m["epoch"]), int(m["seq"])
        if m.get("type") == "resync":
            resynced.add(stream)
            state[stream] = [epoch, seq, "resync"]
            continue
        at = state.get(stream)
        if m.get("snapshot") is True:
            if at is not None and at[2] == "resync" and (at[0], at[1]) != (epoch, seq):
                problems.append("%s: snapshot at %d/%d after a resync to %d/%d" % (stream, epoch, seq, at[0], at[1]))
            state[stream] = [epoch, seq, "snapshot"]
            continue
        if at is not None:
            if epoch != at[0]:
                problems.append("%s: epoch %d after %d without a resync" % (stream, epoch, at[0]))
            elif seq != at[1] + 1:
                problems.append("%s: seq %d after %d" % (stream, seq, at[1]))
        state[stream] = [epoch, seq, "live"]
    return problems, resynced


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--tokens", required=True, help="JSON file: {user: token}")
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--orders", type=int, default=2, help="orders per user before and after the kill")
    parser.add_argument("--kill-pid", type=int, required=True, help="SIGKILL this process (a notifier's node)")
    parser.add_argument("--timeout", type=float, default=30.0, help="failure guard per wait, seconds")
    args = parser.parse_args()
    with open(args.tokens) as f:
        tokens = json.load(f)
    users = ["user%03d" % (i + 1) for i in range(args.users)]
    report = Report()
    conns = {}
    acknowledged = {user: [] for user in users}

    def step(name, fn):
        try:
            result = fn()
        except CheckFailed as e:
            report.fail(name, e)
            raise
        except Exception as e:  # noqa: BLE001 - a crash is a failed check, with its cause
            report.fail(name, "%s: %s" % (type(e).__name__, e))
            raise CheckFailed(str(e))
        report.ok(name)
        return result

    def connect_all():
        for user in users:
            conn = Conn("%s?user_id=%s" % (args.url, user), user)
            conns[user] = conn
            conn.authenticate(user, tokens[user], args.timeout)

    def rest(first):
        for n in range(first, first + args.orders):
            for user in users:
                conns[user].send(order(user, n))
        for n in range(first, first + args.orders):
            for user in users:
                reply = conns[user].wait_for(lambda m: m.get("type") == "order_response", args.timeout,
                                             "order_response %d" % n)
                check(reply.get("success") is True, "%s order %d: %s" % (user, n, dumps(reply)))
                acknowledged[user].append(reply["order_id"])

    def every_order_reached_its_user():
        deadline = time.monotonic() + args.timeout
        while True:
            missing = {}
            for user, conn in conns.items():
                conn.drain()
                lacking = [o for o in acknowledged[user] if o not in order_ids_seen(conn)]
                if lacking:
                    missing[user] = lacking
            if not missing:
                return
            check(time.monotonic() < deadline, "orders that never reached their user: %s" % missing)
            time.sleep(0.05)

    try:
        step("%d users connect and authenticate" % args.users, connect_all)
        step("each rests %d orders, acknowledged" % args.orders, lambda: rest(0))
        step("each order's status reaches its user", every_order_reached_its_user)
        step("the spare notifier's node is killed (SIGKILL)", lambda: os.kill(args.kill_pid, signal.SIGKILL))
        step("each rests %d more orders at once, acknowledged" % args.orders, lambda: rest(args.orders))
        step("every acknowledged order reaches its user, live or in a snapshot after a resync", every_order_reached_its_user)

        def no_silent_gap():
            problems = []
            for conn in conns.values():
                conn.drain()
                found, _ = stream_problems(conn)
                problems += ["%s %s" % (conn.name, p) for p in found]
            check(not problems, "; ".join(problems[:20]))

        step("every stream contiguous within an epoch, an epoch changed only after a resync", no_silent_gap)

        def someone_moved():
            moved = set()
            for conn in conns.values():
                moved |= stream_problems(conn)[1]
            check(moved, "no stream resynced: the killed notifier owned none of these users' streams")
            return sorted(moved)

        moved = step("the kill moved streams: they resynced", someone_moved)
        print("resynced streams: %s" % ", ".join(moved))
    except CheckFailed:
        pass
    finally:
        for conn in conns.values():
            conn.close()
    report.finish()


if __name__ == "__main__":
    main()
