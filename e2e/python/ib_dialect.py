#!/usr/bin/python3
"""The `ib` dialect end to end with `websockets` (seed 000's client library): tokens in the query and
in an `Authorization: Bearer` header, orders placed over the `exchange` dialect reaching the ib
clients as `order_update` + `order_notification` (Chinese by default, English with `?lang=en`) and
`account_update`, public `market_data`, and every error path (anonymous private types, bad and expired
tokens, malformed and unknown messages) answered with an `error` push on a connection that stays open.

    /usr/bin/python3 ib_dialect.py --url ws://127.0.0.1:PORT/websocket/ws --exchange-url ws://127.0.0.1:PORT/ws \
        --token1 T1 --token2 T2 --expired-token T3

Prints one PASS line per check and `N passed, M failed`; exits 1 when a check failed.
"""
import argparse
import asyncio
import secrets
from decimal import Decimal

from ib_harness import Conn, Report, check, dumps, is_timestamp, same_number, short, with_query

ORDER_TYPES = ["order_update", "order_notification", "mcp_order"]


class Exchange:
    """A minimal client of the exchange dialect (`/ws`), also on `websockets`: auth, submit, cancel."""

    def __init__(self, conn, user_id):
        self.conn = conn
        self.user_id = user_id

    @classmethod
    async def login(cls, url, user_id, token):
        conn = await Conn.open(url, "exchange-" + user_id)
        await conn.send({"type": "auth", "user_id": user_id, "token": token})
        reply = await conn.wait_for(lambda m: m.get("type") == "auth_response", "auth_response")
        check(reply.get("success") is True, "[exchange] auth as %s failed: %s" % (user_id, short(reply)))
        return cls(conn, user_id)

    async def submit(self, side, volume, price, instrument="IX2301"):
        await self.conn.send({"type": "submit_order", "instrument_id": instrument, "direction": side, "offset": "OPEN",
                              "volume": volume, "price": price, "order_type": "LIMIT"})
        reply = await self.conn.wait_for(lambda m: m.get("type") == "order_response", "order_response")
        check(reply.get("success") is True and isinstance(reply.get("order_id"), str),
              "[exchange] submit_order for %s failed: %s" % (self.user_id, short(reply)))
        return reply["order_id"]

    async def cancel(self, order_id):
        await self.conn.send({"type": "cancel_order", "order_id": order_id})
        reply = await self.conn.wait_for(lambda m: m.get("type") == "order_response", "order_response")
        check(reply.get("success") is True, "[exchange] cancel_order %s failed: %s" % (order_id, short(reply)))


def of_order(kind, order_id):
    return lambda m: m.get("type") == kind and m["data"]["order_id"] == order_id


async def main():
    parser = argparse.ArgumentParser(description="ib dialect checks against a running mesh")
    parser.add_argument("--url", required=True, help="ws://127.0.0.1:PORT/websocket/ws")
    parser.add_argument("--exchange-url", required=True, help="ws://127.0.0.1:PORT/ws")
    parser.add_argument("--token1", required=True, help="a valid token of user001")
    parser.add_argument("--token2", required=True, help="a valid token of user002")
    parser.add_argument("--expired-token", required=True, help="an expired token of user001")
    args = parser.parse_args()
    report = Report()
    ctx = {}

    # -- anonymous ---------------------------------------------------------------------------------
    async def anonymous_private_types():
        anon = await Conn.open(with_query(args.url, client_id="anon_1"), "anon")
        ctx["anon"] = anon
        # The seed's own subscription, without a token: order types need a logged-in user.
        reply = await anon.expect_error({"type": "subscribe", "message_types": ORDER_TYPES}, "AUTH_REQUIRED")
        check(reply.get("request_type") == "subscribe", "the error names the request: %s" % short(reply))
        await anon.expect_error({"type": "subscribe", "message_types": ["account_update"]}, "AUTH_REQUIRED")
        await anon.expect_error({"type": "get_orders"}, "AUTH_REQUIRED")
        await anon.ping()

    async def anonymous_market_data():
        anon = ctx["anon"]
        reply = await anon.request({"type": "subscribe", "message_types": ["market_data"], "symbols": ["IX2301"]})
        check(reply.get("type") == "subscribed" and reply.get("message_types") == ["market_data"]
              and reply.get("symbols") == ["IX2301"] and reply.get("client_id") == "anon_1" and reply.get("user_id") is None,
              "anonymous market_data subscription confirmed: %s" % short(reply))
        # The current quote of IX2301 comes first (its book snapshot).
        snapshot = await anon.wait_for(lambda m: m.get("type") == "market_data" and m["data"]["symbol"] == "IX2301",
                                       "the market_data snapshot of IX2301")
        check(is_timestamp(snapshot.get("timestamp")) and set(snapshot["data"]) == {
            "symbol", "bid", "bid_size", "ask", "ask_size", "last", "last_size"}, "market_data shape: %s" % short(snapshot))

    async def bad_input():
        anon = ctx["anon"]
        await anon.expect_error("this is not json", "INVALID_MESSAGE")
        await anon.expect_error("[1, 2]", "INVALID_MESSAGE")
        await anon.expect_error("{\"no_type\": 1}", "INVALID_MESSAGE")
        await anon.expect_error({"type": "bogus"}, "UNKNOWN_MESSAGE_TYPE")
        await anon.expect_error({"type": "subscribe", "message_types": ["news"]}, "INVALID_MESSAGE")
        await anon.expect_error({"type": "subscribe", "message_types": "market_data"}, "INVALID_MESSAGE")
        await anon.expect_error({"type": "subscribe", "message_types": ["market_data"], "symbols": ["NOPE"]}, "UNKNOWN_SYMBOL")
        await anon.ping()

    # -- tokens that do not authenticate -------------------------------------------------------------
    async def bad_token():
        garbage = "not-a-jwt-" + secrets.token_hex(8)
        conn = await Conn.open(with_query(args.url, client_id="bad_1", token=garbage), "bad-token")
        error = await conn.wait_for(lambda m: m.get("type") == "error", "the AUTH_FAILED error push")
        check(error.get("error_code") == "AUTH_FAILED" and is_timestamp(error.get("timestamp")),
              "a bad token is an AUTH_FAILED error: %s" % short(error))
        check(garbage not in dumps(error) and "not-a-jwt" not in dumps(error),
              "the error never echoes the token: %s" % short(error))
        check(error.get("message", "").startswith("认证失败"), "Chinese by default: %s" % short(error))
        # The connection stays open and anonymous.
        await conn.expect_error({"type": "subscribe", "message_types": ["order_update"]}, "AUTH_REQUIRED")
        reply = await conn.request({"type": "subscribe", "message_types": ["market_data"], "symbols": ["AAPL"]})
        check(reply.get("type") == "subscribed" and reply.get("user_id") is None, "still anonymous: %s" % short(reply))
        await conn.wait_for(lambda m: m.get("type") == "market_data" and m["data"]["symbol"] == "AAPL",
                            "the market_data snapshot of AAPL")
        await conn.ping()
        await conn.close()

    async def expired_token_in_header():
        conn = await Conn.open(with_query(args.url, lang="en"), "expired",
                               headers={"Authorization": "Bearer " + args.expired_token})
        error = await conn.wait_for(lambda m: m.get("type") == "error", "the AUTH_FAILED error push")
        check(error.get("error_code") == "AUTH_FAILED" and error.get("message") == "Authentication failed: invalid or expired token",
              "an expired token is an AUTH_FAILED error in English: %s" % short(error))
        check(args.expired_token not in dumps(error), "the error never echoes the token")
        await conn.expect_error({"type": "get_orders"}, "AUTH_REQUIRED")
        await conn.close()

    # -- logged in ---------------------------------------------------------------------------------
    async def query_token_subscription():
        c1 = await Conn.open(with_query(args.url, client_id="c1", token=args.token1), "user001")
        ctx["c1"] = c1
        reply = await c1.request({"type": "subscribe", "message_types": ["order_update", "order_notification", "account_update"]})
        check(reply.get("type") == "subscribed"
              and reply.get("message_types") == ["order_update", "order_notification", "account_update"]
              and reply.get("user_id") == "user001" and reply.get("client_id") == "c1",
              "subscription confirmed for user001: %s" % short(reply))
        account = await c1.wait_for(lambda m: m.get("type") == "account_update", "the current account (snapshot)")
        data = account["data"]
        check(data.get("account") == "user001" and same_number(data.get("total_cash_value"), 1000000)
              and same_number(data.get("frozen"), 0) and is_timestamp(account.get("timestamp")),
              "the snapshot is user001's current account: %s" % short(account))

    async def header_token_subscription():
        c2 = await Conn.open(with_query(args.url, client_id="c2", lang="en"), "user002",
                             headers={"Authorization": "Bearer " + args.token2})
        ctx["c2"] = c2
        reply = await c2.request({"type": "subscribe", "message_types": ["order_update", "order_notification"]})
        check(reply.get("type") == "subscribed" and reply.get("user_id") == "user002",
              "subscription confirmed for user002 (Bearer header): %s" % short(reply))

    async def order_reaches_ib_client():
        c1 = ctx["c1"]
        ex1 = await Exchange.login(args.exchange_url, "user001", args.token1)
        ctx["ex1"] = ex1
        order_id = await ex1.submit("BUY", 1, 120.0)
        ctx["order1"] = order_id
        update = await c1.wait_for(of_order("order_update", order_id), "order_update of " + order_id)
        data = update["data"]
        check(data.get("symbol") == "IX2301" and data.get("action") == "BUY" and same_number(data.get("quantity"), 1)
              and data.get("order_type") == "LMT" and data.get("status") == "Submitted" and same_number(data.get("filled"), 0)
              and same_number(data.get("remaining"), 1) and same_number(data.get("avg_fill_price"), 0)
              and same_number(data.get("price"), 120) and data.get("why_held") == "" and is_timestamp(update.get("timestamp")),
              "order_update in the seed's shape: %s" % short(update))
        note = await c1.wait_for(of_order("order_notification", order_id), "order_notification of " + order_id)
        check(note.get("action") == "创建" and note.get("message") == "订单创建成功"
              and note["data"].get("status") == "Submitted" and same_number(note["data"].get("price"), 120)
              and set(note["data"]) == {"order_id", "symbol", "action", "quantity", "order_type", "status", "price"},
              "order_notification 创建 / 订单创建成功: %s" % short(note))
        account = await c1.wait_for(lambda m: m.get("type") == "account_update" and Decimal(str(m["data"]["frozen"])) > 0,
                                    "account_update with the order's frozen funds")
        check(account["data"].get("account") == "user001", "account_update of user001: %s" % short(account))

    async def market_data_sees_the_bid():
        anon = ctx["anon"]
        quote = await anon.wait_for(lambda m: m.get("type") == "market_data" and m["data"]["symbol"] == "IX2301"
                                    and same_number(m["data"]["bid"], 120), "market_data with the 120 bid on IX2301")
        check(same_number(quote["data"].get("bid_size"), 1), "bid size 1: %s" % short(quote))

    async def get_orders_lists_it():
        c1 = ctx["c1"]
        reply = await c1.request({"type": "get_orders"})
        check(reply.get("type") == "orders" and is_timestamp(reply.get("timestamp")), "orders reply: %s" % short(reply))
        ids = [item.get("order_id") for item in reply.get("data", [])]
        check(ids == [ctx["order1"]], "get_orders lists the working order %s: %s" % (ctx["order1"], short(reply)))
        item = reply["data"][0]
        check(item.get("status") == "Submitted" and same_number(item.get("remaining"), 1) and item.get("why_held") == "",
              "in the order_update data shape: %s" % short(item))

    async def english_for_another_user():
        c2 = ctx["c2"]
        ex2 = await Exchange.login(args.exchange_url, "user002", args.token2)
        ctx["ex2"] = ex2
        order_id = await ex2.submit("SELL", 2, 130.0)
        ctx["order2"] = order_id
        note = await c2.wait_for(of_order("order_notification", order_id), "order_notification of " + order_id)
        check(note.get("action") == "created" and note.get("message") == "Order created successfully"
              and note["data"].get("action") == "SELL", "English notification with ?lang=en: %s" % short(note))
        await c2.wait_for(of_order("order_update", order_id), "order_update of " + order_id)

    async def cancel_is_notified():
        c1 = ctx["c1"]
        await ctx["ex1"].cancel(ctx["order1"])
        update = await c1.wait_for(lambda m: m.get("type") == "order_update" and m["data"]["order_id"] == ctx["order1"]
                                   and m["data"]["status"] == "Cancelled", "order_update Cancelled")
        check(same_number(update["data"].get("remaining"), 1), "cancelled with nothing filled: %s" % short(update))
        note = await c1.wait_for(of_order("order_notification", ctx["order1"]), "order_notification 取消")
        check(note.get("action") == "取消" and note.get("message") == "订单取消成功" and note["data"].get("status") == "Cancelled",
              "order_notification 取消 / 订单取消成功: %s" % short(note))

    async def users_see_only_their_orders():
        c1, c2 = ctx["c1"], ctx["c2"]
        # Barriers: a reply on each connection after everything above was pushed to it.
        await c1.ping()
        await c2.ping()
        leaked1 = [m for m in c1.received if ctx["order2"] in dumps(m)]
        leaked2 = [m for m in c2.received if ctx["order1"] in dumps(m)]
        check(not leaked1 and not leaked2, "no order of the other user: %s %s" % (short(leaked1), short(leaked2)))

    async def unsubscribe_keeps_the_rest():
        c1 = ctx["c1"]
        reply = await c1.request({"type": "unsubscribe", "message_types": ["order_update"]})
        check(reply.get("type") == "unsubscribed" and reply.get("message_types") == ["order_notification", "account_update"],
              "unsubscribe confirmed with the remaining types: %s" % short(reply))
        await c1.ping()

    checks = [
        ("anonymous: order types, account_update and get_orders are AUTH_REQUIRED errors; the socket stays open",
         anonymous_private_types),
        ("anonymous: market_data for IX2301 is confirmed and starts with the current quote", anonymous_market_data),
        ("malformed JSON, non-objects, unknown types, unknown message types and symbols are error pushes", bad_input),
        ("a bad ?token= is an AUTH_FAILED error push that does not echo it; the connection stays anonymous", bad_token),
        ("an expired token in an Authorization: Bearer header is AUTH_FAILED (English with ?lang=en)", expired_token_in_header),
        ("?token= logs in: subscribed as user001, then the current account", query_token_subscription),
        ("Authorization: Bearer logs in: subscribed as user002", header_token_subscription),
        ("an order placed over the exchange dialect arrives as order_update + order_notification 创建 + account_update",
         order_reaches_ib_client),
        ("the resting bid reaches the anonymous market_data subscriber", market_data_sees_the_bid),
        ("get_orders lists the user's working order in the order_update shape", get_orders_lists_it),
        ("another user's order arrives in English on its own connection", english_for_another_user),
        ("a cancel arrives as order_update Cancelled + order_notification 取消", cancel_is_notified),
        ("each user sees only their own orders", users_see_only_their_orders),
        ("unsubscribing order_update keeps the other types", unsubscribe_keeps_the_rest),
    ]
    for name, fn in checks:
        await report.run(name, fn())
    for key in ("anon", "c1", "c2"):
        if key in ctx:
            await ctx[key].close()
    for key in ("ex1", "ex2"):
        if key in ctx:
            await ctx[key].conn.close()
    report.finish()

if __name__ == "__main__":
    asyncio.run(main())
