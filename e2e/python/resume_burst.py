#!/usr/bin/python3
"""A client drops its connection in the middle of a burst of fills and resumes (`exchange` dialect, websocket-client).

user002 rests --fills one-lot sell orders; user001 buys them one by one over an observer connection that stays up
all along. A listener connection of user001 (orders, trades and account via ?user_id=) drops abruptly after a few
pushes; a new connection sends `auth` and `resume` with the last (stream, epoch, seq) it saw of each stream, at once.

  --mode live     the new connection resumes during the burst: every stream is recovered, and the pushes of the two
                  connections together are exactly the observer's, in order, none missing, none twice;
  --mode expired  the mesh keeps 2 messages per stream and the new connection comes after the burst: each stream that
                  lost more is answered recovered:false, then `resync` and its snapshot (the account equals the
                  observer's last), then live pushes go on from the snapshot's position.

    /usr/bin/python3 resume_burst.py --url ws://127.0.0.1:PORT/ws --token1 T1 --token2 T2 [--mode live|expired]

In a cluster, --listener-url puts the listener on another gateway than the others (--url), and --kill-pid PID
replaces the abrupt close by a SIGKILL of that process (the listener's gateway node): the new connection then
resumes on --url, another gateway.

Prints one line per passed check and finally `N passed, M failed`.
"""
import argparse
import os
import signal
import time

from wsharness import CheckFailed, Conn, Report, check, dumps

INSTRUMENT = "IX2301"
PRICE = "120.0"
STREAMS = ("orders", "trades", "account")


class Abort(Exception):
    pass


def pushes(conn):
    """The pushes a connection received, in order (they all carry stream, epoch, seq)."""
    return [m for m in conn.received if "seq" in m and "stream" in m]


def by_stream(messages):
    result = {}
    for m in messages:
        result.setdefault(m["stream"], []).append(int(m["seq"]))
    return result


def order(direction, n, user):
    return {"type": "submit_order", "instrument_id": INSTRUMENT, "direction": direction, "offset": "OPEN",
            "order_type": "LIMIT", "price": PRICE, "volume": 1, "client_order_id": "%s-%s-%d" % (user, direction, n)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token1", required=True)
    parser.add_argument("--token2", required=True)
    parser.add_argument("--mode", choices=("live", "expired"), default="live")
    parser.add_argument("--listener-url", help="where the listener connects (default: --url)")
    parser.add_argument("--kill-pid", type=int, help="SIGKILL this process (the listener's gateway) instead of dropping")
    parser.add_argument("--fills", type=int, default=40)
    parser.add_argument("--drop-after", type=int, default=12, help="pushes the listener reads before it drops")
    parser.add_argument("--timeout", type=float, default=20.0, help="failure guard per wait, seconds")
    args = parser.parse_args()
    report = Report()
    conns = []
    t = args.timeout
    user = "user001"

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

    def connect(name, who, token, url=args.url):
        conn = Conn("%s?user_id=%s" % (url, who), name)
        conns.append(conn)
        conn.authenticate(who, token, t)
        return conn

    def wait_until(condition, what):
        deadline = time.monotonic() + t
        while not condition():
            if time.monotonic() > deadline:
                raise CheckFailed("timed out waiting until " + what)
            for conn in conns:
                conn.drain()
            time.sleep(0.02)

    try:
        maker = step("the maker rests %d one-lot sells" % args.fills,
                     lambda: rest(connect("maker", "user002", args.token2), args.fills, t))
        observer = step("the observer connects as user001", lambda: connect("observer", user, args.token1))
        listener = step("the listener connects as user001",
                        lambda: connect("listener", user, args.token1, args.listener_url or args.url))

        # Half the fills before the drop, half after it: the listener always misses some.
        half = args.fills // 2
        for n in range(half):
            observer.send(order("BUY", n, user))

        def drop():
            deadline = time.monotonic() + t
            while len(pushes(listener)) < args.drop_after:
                check(time.monotonic() < deadline, "the listener got %d pushes" % len(pushes(listener)))
                listener.drain()
                time.sleep(0.005)
            if args.kill_pid:
                os.kill(args.kill_pid, signal.SIGKILL)  # the listener's gateway dies: whatever it had in flight is lost
                check(listener.wait_closed(t), "the listener's connection ended with its gateway")
                listener.drain()  # every push that reached the client before the gateway died counts as seen
            else:
                listener.ws.sock.close()  # abrupt: no close frame, whatever was in flight is lost
            seen = pushes(listener)
            positions = {}
            for m in seen:
                positions[m["stream"]] = {"stream": m["stream"], "epoch": int(m["epoch"]), "seq": int(m["seq"])}
            return seen, list(positions.values())

        seen, positions = step("the listener %s after %d pushes, during the burst"
                               % ("loses its gateway (SIGKILL)" if args.kill_pid else "drops", args.drop_after), drop)
        for n in range(half, args.fills):
            observer.send(order("BUY", n, user))
        trades_done = lambda: sum(1 for m in pushes(observer) if m["type"] == "trade") >= args.fills
        if args.mode == "expired":
            step("the burst ends while the listener is away", lambda: wait_until(trades_done, "every fill reached the observer"))

        resumer = Conn("%s?user_id=%s" % (args.url, user), "resumer")
        conns.append(resumer)
        resumer.send({"type": "auth", "user_id": user, "token": args.token1})
        resumer.send({"type": "resume", "positions": positions})

        def answered():
            auth = resumer.next_reply(t, "auth_response")
            check(auth.get("type") == "auth_response" and auth.get("success") is True, "auth: %s" % dumps(auth))
            answer = resumer.next_reply(t, "resume_response")
            check(answer.get("type") == "resume_response" and answer.get("success") is True, "expected resume_response, got %s"
                  % dumps(answer))
            return {r["stream"]: r["recovered"] for r in answer["results"]}

        results = step("resume is answered with resume_response", answered)
        check_index = resumer.received.index(next(m for m in resumer.received if m.get("type") == "resume_response"))

        if args.mode == "live":
            step("every stream is recovered", lambda: check(all(results.values()) and len(results) == len(positions),
                                                            "results %s" % results))
            step("the burst ends", lambda: wait_until(trades_done, "every fill reached the observer"))

            def whole():
                wait_until(lambda: by_stream(seen + pushes(resumer)) == by_stream(pushes(observer)),
                           "the two connections together have what the observer has")
                combined = by_stream(seen + pushes(resumer))
                for stream, seqs in combined.items():
                    check(seqs == list(range(seqs[0], seqs[0] + len(seqs))), "%s: not contiguous: %s" % (stream, seqs))
                check(not any(m.get("type") == "resync" for m in resumer.received), "no resync expected")
                check(len(results) == len({p["stream"] for p in positions}), "one result per stream")

            step("no gap, no duplicate: dropped + resumed pushes equal the observer's, stream by stream", whole)

            def missed_first():
                for stream, seqs in by_stream(pushes(resumer)).items():
                    before = by_stream(seen).get(stream, [0])[-1]
                    check(seqs[0] == before + 1, "%s resumed at %d after %d" % (stream, seqs[0], before))

            step("each stream resumes right after the last push the dropped connection had", missed_first)
        else:
            lost = [s for s, recovered in results.items() if not recovered]
            step("streams that lost more than the history keeps are not recovered",
                 lambda: check(lost, "every stream recovered although the history keeps 2 messages: %s" % results))

            def resynced():
                wait_until(lambda: all(any(m.get("type") == "resync" and m.get("stream") == s for m in resumer.received)
                                       for s in lost), "a resync for each unrecovered stream")
                for s in lost:
                    at = next(i for i, m in enumerate(resumer.received) if m.get("type") == "resync" and m.get("stream") == s)
                    check(at > check_index, "%s: resync before resume_response" % s)

            step("each unrecovered stream gets resync after resume_response", resynced)

            def account_snapshot():
                account = "user.%s.account" % user
                if account not in lost:
                    return
                wait_until(lambda: any(m.get("snapshot") is True and m.get("stream") == account for m in resumer.received),
                           "the account snapshot")
                snap = next(m for m in resumer.received if m.get("snapshot") is True and m.get("stream") == account)
                last = [m for m in pushes(observer) if m["stream"] == account][-1]
                check(snap["balance"] == last["balance"] and snap["available"] == last["available"],
                      "snapshot %s vs observer's last %s" % (dumps(snap), dumps(last)))
                check(int(snap["seq"]) == int(last["seq"]), "snapshot at seq %s, observer's last %s" % (snap["seq"], last["seq"]))

            step("the account snapshot is the observer's latest account", account_snapshot)

            def live_after():
                maker.send(order("SELL", 999, "user002"))
                maker.next_reply(t, "order_response")
                observer.send(order("BUY", 999, user))
                wait_until(lambda: by_stream(pushes(resumer)).get("user.%s.trades" % user, [0])[-1]
                           == by_stream(pushes(observer))["user.%s.trades" % user][-1], "the new fill reached the resumer")
                for stream in lost:
                    mine = [int(m["seq"]) for m in resumer.received if m.get("stream") == stream and "seq" in m
                            and m.get("type") != "resync" and not m.get("snapshot")]
                    start = next(int(m["seq"]) for m in resumer.received if m.get("type") == "resync" and m.get("stream") == stream)
                    check(mine == list(range(start + 1, start + 1 + len(mine))), "%s after the resync at %d: %s" % (stream, start, mine))

            step("live pushes go on from the snapshot's position", live_after)
    except Abort:
        pass
    finally:
        for conn in conns:
            conn.close()
    report.finish()


def rest(maker, fills, timeout):
    for n in range(fills):
        maker.send(order("SELL", n, "user002"))
    for n in range(fills):
        reply = maker.next_reply(timeout, "order_response %d" % n)
        check(reply.get("type") == "order_response" and reply.get("success") is True, "sell %d: %s" % (n, dumps(reply)))
    return maker


if __name__ == "__main__":
    main()
