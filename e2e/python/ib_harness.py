"""Small asyncio test harness for the Tradewire `ib` WebSocket dialect, built on `websockets` only
(the library of seed 000's Python example).

Each `Conn` owns one socket and a reader task that appends every received frame to `pending`. The test
pulls from it with `wait_for(predicate, what)` (the first matching frame not taken yet, in arrival order)
or `request(message)` (send, then the next reply frame). Timeouts are failure guards only: nothing here
sleeps to decide an outcome.
"""
import asyncio
import json
import re
import sys
from decimal import Decimal

import websockets

REPLY_TYPES = {"subscribed", "unsubscribed", "pong", "orders", "error"}
PUSH_TYPES = {"order_update", "order_notification", "mcp_order", "account_update", "market_data"}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$")
DEFAULT_TIMEOUT = 10.0


class CheckFailed(Exception):
    """A failed assertion; the message says what was expected and what arrived."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def same_number(value, expected):
    """A JSON number equal to `expected`, compared exactly."""
    if value is None or isinstance(value, bool):
        return False
    try:
        return Decimal(str(value)) == Decimal(str(expected))
    except Exception:  # noqa: BLE001 - anything unparsable is simply "not that number"
        return False


def is_timestamp(value):
    return isinstance(value, str) and TIMESTAMP.match(value) is not None


def dumps(message):
    return json.dumps(message, default=str, ensure_ascii=False)


def short(message, limit=400):
    text = message if isinstance(message, str) else dumps(message)
    return text if len(text) <= limit else text[:limit] + "...(%d chars)" % len(text)


def with_query(url, **params):
    """`url` with query parameters appended (values are plain ids or tokens: no escaping needed)."""
    parts = ["%s=%s" % (key, value) for key, value in params.items() if value is not None]
    if not parts:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(parts)


class Conn:
    """One WebSocket connection with a reader task collecting frames."""

    def __init__(self, ws, name):
        self.ws = ws
        self.name = name
        self.received = []
        self.pending = []
        self.changed = asyncio.Condition()
        self.closed = False
        self.end_note = None
        self.reader = asyncio.ensure_future(self._read())

    @classmethod
    async def open(cls, url, name, headers=None):
        ws = await asyncio.wait_for(websockets.connect(url, extra_headers=headers), DEFAULT_TIMEOUT)
        return cls(ws, name)

    async def _read(self):
        try:
            async for text in self.ws:
                try:
                    message = json.loads(text, parse_float=Decimal)
                except ValueError:
                    message = {"type": "<non-JSON frame>", "raw": text}
                if not isinstance(message, dict):
                    message = {"type": "<non-object frame>", "raw": message}
                async with self.changed:
                    self.received.append(message)
                    self.pending.append(message)
                    self.changed.notify_all()
        except websockets.exceptions.ConnectionClosed as e:
            self.end_note = "closed: code %s %r" % (e.code, e.reason)
        except Exception as e:  # noqa: BLE001 - reported in failure messages
            self.end_note = "reader failed: %s: %s" % (type(e).__name__, e)
        finally:
            if self.end_note is None:
                self.end_note = "closed: code %s %r" % (self.ws.close_code, self.ws.close_reason)
            async with self.changed:
                self.closed = True
                self.changed.notify_all()

    def describe(self, limit=30):
        shown = self.received[-limit:]
        lines = ["  [%s] received %d frame(s)%s:" % (
            self.name, len(self.received), "" if len(shown) == len(self.received) else ", last %d" % len(shown))]
        lines += ["    " + short(m) for m in shown]
        if self.closed:
            lines.append("    (socket ended: %s)" % self.end_note)
        return "\n".join(lines)

    async def send(self, message):
        await self.ws.send(message if isinstance(message, str) else json.dumps(message))

    async def wait_for(self, predicate, what, timeout=DEFAULT_TIMEOUT):
        """Takes the first not-yet-taken frame matching `predicate`, waiting up to `timeout` seconds."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        async with self.changed:
            while True:
                for i, message in enumerate(self.pending):
                    if _safe(predicate, message):
                        return self.pending.pop(i)
                if self.closed:
                    raise CheckFailed("[%s] the socket ended while waiting for %s\n%s" % (self.name, what, self.describe()))
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise CheckFailed("[%s] timed out after %.0f s waiting for %s\n%s"
                                      % (self.name, timeout, what, self.describe()))
                try:
                    await asyncio.wait_for(self.changed.wait(), remaining)
                except asyncio.TimeoutError:
                    pass

    async def request(self, message, what=None):
        """Sends a frame and returns the next reply frame; a reply left over from before fails the check."""
        leftovers = [m for m in self.pending if m.get("type") in REPLY_TYPES]
        check(not leftovers, "[%s] unanswered reply frames before sending %s: %s" % (self.name, short(message), short(leftovers)))
        await self.send(message)
        return await self.wait_for(lambda m: m.get("type") in REPLY_TYPES, what or "the reply to " + short(message))

    async def ping(self):
        reply = await self.request({"type": "ping"})
        check(reply.get("type") == "pong" and is_timestamp(reply.get("timestamp")),
              "[%s] ping: expected pong with a microsecond timestamp, got %s\n%s" % (self.name, short(reply), self.describe()))
        return reply

    async def expect_error(self, message, error_code):
        """Sends `message` and expects an `error` reply with `error_code`; the socket must stay open."""
        reply = await self.request(message)
        check(reply.get("type") == "error" and reply.get("error_code") == error_code
              and isinstance(reply.get("message"), str) and reply["message"] and is_timestamp(reply.get("timestamp")),
              "[%s] %s: expected error %s, got %s" % (self.name, short(message), error_code, short(reply)))
        check(not self.closed, "[%s] the socket closed after an error: %s" % (self.name, self.end_note))
        return reply

    async def close(self):
        try:
            await asyncio.wait_for(self.ws.close(), 5)
        except Exception:  # noqa: BLE001 - closing a dead socket is fine
            pass
        self.reader.cancel()


def _safe(predicate, message):
    try:
        return bool(predicate(message))
    except Exception:  # noqa: BLE001 - a predicate looking at the wrong shape simply does not match
        return False


class Report:
    """Counts checks; prints `PASS`/`FAIL` lines and the final `N passed, M failed` line."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    async def run(self, name, coroutine):
        """Runs one check coroutine; records and prints the outcome. Returns its result or None."""
        try:
            result = await coroutine
        except CheckFailed as e:
            self.failed += 1
            print("FAIL %s\n%s" % (name, e), flush=True)
            return None
        except Exception as e:  # noqa: BLE001 - a crash in a check is a failed check, with its cause
            self.failed += 1
            print("FAIL %s\n%s: %s" % (name, type(e).__name__, e), flush=True)
            return None
        self.passed += 1
        print("PASS %s" % name, flush=True)
        return result

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        sys.exit(1 if self.failed else 0)
