#!/usr/bin/python3
"""Bad input against the `exchange` dialect (websocket-client only): every bad frame gets the documented
error and the connection keeps working (it still answers ping with pong after every case).

    /usr/bin/python3 bad_input.py --url ws://127.0.0.1:PORT/ws --token1 T1 --token2 T2 \
        --expired-token EXPIRED_T1 --max-frame-bytes 65536

token1 / expired-token belong to user1 (user001), token2 to user2 (user002).
Prints one line per check and finally `N passed, M failed`; exits 1 if any check failed.
"""
import argparse
import re
import sys

from wsharness import ORDER_ID, Conn, Report, check, dumps

MADE_UP_ORDER_ID = "O00000000000000000000"


def is_error(reply, code):
    return reply.get("type") == "error" and reply.get("code") == code and isinstance(reply.get("message"), str)


def is_order_refusal(reply, code):
    return (reply.get("type") == "order_response" and reply.get("success") is False
            and reply.get("error_code") == code and reply.get("order_id") is None
            and isinstance(reply.get("error_message"), str))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="ws://127.0.0.1:PORT/ws")
    parser.add_argument("--token1", required=True, help="token of user1")
    parser.add_argument("--token2", required=True, help="token of user2")
    parser.add_argument("--expired-token", required=True, help="an expired token of user1")
    parser.add_argument("--max-frame-bytes", type=int, required=True, help="the server's gateway.max-frame-bytes")
    parser.add_argument("--user1", default="user001")
    parser.add_argument("--user2", default="user002")
    parser.add_argument("--timeout", type=float, default=10.0, help="failure guard per wait, seconds")
    args = parser.parse_args()

    t = args.timeout
    u1, u2 = args.user1, args.user2
    report = Report()
    conns = []

    def connect(name, user=None):
        url = args.url if user is None else "%s?user_id=%s" % (args.url, user)
        conn = Conn(url, name)
        conns.append(conn)
        return conn

    try:
        main_conn = connect("main(%s)" % u1, u1)
        main_conn.authenticate(u1, args.token1, t)
        main_conn.ping(t)
    except Exception as e:  # noqa: BLE001 - nothing else can run without the main connection
        report.fail("setup: %s connects, authenticates and answers ping" % u1, e)
        report.finish()
    report.ok("setup: %s connects, authenticates and answers ping" % u1)

    def expect(conn, frame, accept, expected):
        reply = conn.request(frame, t)
        check(accept(reply), "[%s] sent %s\n  expected %s\n  got      %s"
              % (conn.name, _show(frame), expected, dumps(reply)))
        return reply

    def alive(*extra):
        """After every case: the main connection (and any extra one) still answers ping."""
        for conn in (main_conn,) + extra:
            conn.ping(t)

    # ---- frames that are not a request at all: {"type":"error","code":400} ------------------------
    for label, frame in [
        ("non-JSON text", "this is {not json"),
        ("a JSON array [1,2]", "[1,2]"),
        ("a JSON string \"x\"", '"x"'),
        ("a JSON number 42", "42"),
        ("an unknown type", {"type": "launch_rocket"}),
        ("a missing type", {"instrument_id": "IX2301", "volume": 1}),
    ]:
        def case(frame=frame):
            expect(main_conn, frame, lambda r: is_error(r, 400), '{"type":"error","code":400,"message":...}')
            alive()
        report.run("%s -> error 400, connection still answers ping" % label, case)

    # ---- malformed submit_order: order_response success false, error_code 400 -------------------
    good = {"type": "submit_order", "instrument_id": "IX2301", "direction": "BUY", "offset": "OPEN",
            "volume": 1, "price": 120, "order_type": "LIMIT"}

    def order(**changes):
        frame = dict(good)
        for key, value in changes.items():
            if value is _MISSING:
                frame.pop(key, None)
            else:
                frame[key] = value
        return frame

    for label, frame in [
        ("submit_order without volume", order(volume=_MISSING)),
        ("submit_order with volume \"abc\"", order(volume="abc")),
        ("submit_order with volume of the wrong JSON type (object)", order(volume={"lots": 1})),
        ("submit_order with negative volume", order(volume=-5)),
        ("submit_order with zero volume", order(volume=0)),
        ("submit_order with price \"abc\"", order(price="abc")),
    ]:
        def case(frame=frame):
            expect(main_conn, frame, lambda r: is_order_refusal(r, 400),
                   '{"type":"order_response","success":false,"order_id":null,"error_code":400,...}')
            alive()
        report.run("%s -> order_response error_code 400, still answers ping" % label, case)

    def unknown_instrument():
        expect(main_conn, order(instrument_id="NOPE9999"), lambda r: is_order_refusal(r, 1004),
               '{"type":"order_response","success":false,"error_code":1004,...}')
        alive()
    report.run("submit_order for an unknown instrument -> order_response error_code 1004, still answers ping",
               unknown_instrument)

    # ---- authentication ----------------------------------------------------------------------------
    def trading_before_auth():
        fresh = connect("fresh-unauthenticated")
        expect(fresh, good, lambda r: is_error(r, 401), '{"type":"error","code":401,...}')
        alive(fresh)
        fresh.close()
    report.run("submit_order before auth on a fresh connection -> error 401, still answers ping",
               trading_before_auth)

    def refused_auth(name, user, token):
        def case():
            fresh = connect(name, user)
            expect(fresh, {"type": "auth", "user_id": user, "token": token},
                   lambda r: r.get("type") == "auth_response" and r.get("success") is False,
                   '{"type":"auth_response","success":false,...}')
            # The refused connection must not have become authenticated by the attempt.
            expect(fresh, {"type": "query_account"}, lambda r: is_error(r, 401),
                   '{"type":"error","code":401,...} (still not authenticated)')
            alive(fresh)
            fresh.close()
        return case

    report.run("auth with a garbage token -> auth_response success false (still unauthenticated, answers ping)",
               refused_auth("garbage-token", u1, "garbage.not-a.jwt"))
    report.run("auth with an expired token -> auth_response success false (still unauthenticated, answers ping)",
               refused_auth("expired-token", u1, args.expired_token))
    report.run("auth with %s's valid token claiming user_id %s -> auth_response success false "
               "(still unauthenticated, answers ping)" % (u2, u1),
               refused_auth("wrong-subject", u1, args.token2))

    # ---- another user's order: same answer as an unknown id -----------------------------------------
    other = {}

    def other_user_order():
        conn = connect("other(%s)" % u2, u2)
        conn.authenticate(u2, args.token2, t)
        reply = expect(conn, dict(good, volume=1, price=100),
                       lambda r: r.get("type") == "order_response" and r.get("success") is True
                       and isinstance(r.get("order_id"), str) and ORDER_ID.match(r["order_id"]),
                       "a successful order_response")
        other["conn"], other["order_id"] = conn, reply["order_id"]
        alive(conn)
    report.run("setup: %s places a resting BUY 1 IX2301 @100" % u2, other_user_order)

    def same_refusal(request_type, accept, make_frame):
        """The refusal for the other user's order equals the one for a made-up id, up to the echoed id."""
        order_id = other.get("order_id")
        check(order_id, "no order of %s to try (its setup failed)" % u2)
        theirs = expect(main_conn, make_frame(order_id), accept, "a 1002 refusal")
        made_up = expect(main_conn, make_frame(MADE_UP_ORDER_ID), accept, "a 1002 refusal")
        text = "error_message" if request_type == "cancel_order" else "message"
        check(_neutral(theirs[text], order_id) == _neutral(made_up[text], MADE_UP_ORDER_ID),
              "another user's order is told apart from an unknown id:\n  theirs:  %s\n  made-up: %s"
              % (theirs, made_up))
        check(set(theirs) == set(made_up), "the two refusals have different fields:\n  %s\n  %s" % (theirs, made_up))
        # And the other user's order is untouched.
        conn = other["conn"]
        status = expect(conn, {"type": "query_order", "order_id": order_id},
                        lambda r: r.get("type") == "query_response" and r.get("request_type") == "query_order",
                        "query_response for its own order")
        check((status.get("data") or {}).get("order", {}).get("status") == "Submitted",
              "%s's order is no longer resting after %s's %s: %s" % (u2, u1, request_type, status))
        alive(conn)

    report.run("%s cancels %s's order -> order_response error_code 1002, same as for %s; order still rests"
               % (u1, u2, MADE_UP_ORDER_ID),
               lambda: same_refusal("cancel_order", lambda r: is_order_refusal(r, 1002),
                                    lambda oid: {"type": "cancel_order", "order_id": oid}))
    report.run("%s queries %s's order -> error 1002 (request_type query_order), same as for %s"
               % (u1, u2, MADE_UP_ORDER_ID),
               lambda: same_refusal("query_order",
                                    lambda r: is_error(r, 1002) and r.get("request_type") == "query_order",
                                    lambda oid: {"type": "query_order", "order_id": oid}))

    # ---- oversized frame: only that socket is closed, with 1009 ------------------------------------
    def oversized():
        victim = connect("oversized(%s)" % u1, u1)
        victim.authenticate(u1, args.token1, t)
        bystander = connect("bystander(%s)" % u1, u1)
        bystander.authenticate(u1, args.token1, t)
        size = args.max_frame_bytes + 1000
        head = '{"type":"ping","pad":"'
        frame = head + "x" * (size - len(head) - 2) + '"}'
        check(len(frame.encode("utf-8")) == size, "test bug: frame is %d bytes" % len(frame))
        try:
            victim.send_raw(frame)
        except Exception:  # noqa: BLE001 - the server may already be closing while we write
            pass
        check(victim.wait_closed(t), "[%s] still open %.0f s after a %d-byte frame\n%s"
              % (victim.name, t, size, victim.describe()))
        # The server answers close 1009 and ends the connection at once. A client still writing the rest of
        # the frame may then get a TCP reset that discards the unread close frame: either way the frame is
        # refused and only this socket ends.
        reset = victim.close_code is None and victim.end_note and (
            "Broken pipe" in victim.end_note or "reset" in victim.end_note.lower())
        check(victim.close_code == 1009 or reset,
              "[%s] expected close code 1009 (or a reset while still sending) after a %d-byte frame, got: %s\n%s"
              % (victim.name, size, victim.end_note, victim.describe()))
        check(not [m for m in victim.drain() if m.get("type") == "pong"],
              "[%s] the oversized ping was answered" % victim.name)
        bystander.ping(t)
        reply = expect(bystander, {"type": "query_account"},
                       lambda r: r.get("type") == "query_response" and r.get("request_type") == "query_account"
                       and (r.get("data") or {}).get("account", {}).get("user_id") == u1,
                       "query_response with %s's account" % u1)
        alive(bystander)
        bystander.close()
        return reply

    report.run("a frame of max-frame-bytes + 1000 closes that socket (1009); a separate connection "
               "still answers ping and query_account", oversized)

    for conn in conns:
        conn.close()
    report.finish()


class _Missing:
    pass


_MISSING = _Missing()


def _neutral(message, order_id):
    return re.sub(re.escape(order_id), "<order-id>", message or "")


def _show(frame):
    import json
    text = frame if isinstance(frame, str) else json.dumps(frame)
    return text if len(text) <= 200 else text[:200] + "...(%d chars)" % len(text)


if __name__ == "__main__":
    sys.exit(main())
