"""Small test harness for the Tradewire `exchange` WebSocket dialect, built on websocket-client only.

Each `Conn` owns one socket and a background reader thread that feeds every received frame into a
queue. The main thread pulls from that queue with `wait_for(predicate, timeout)` (any matching frame
not taken yet, in arrival order) or `next_reply(timeout)` (the very next frame that is not a push).
Timeouts are failure guards only: nothing here sleeps to decide an outcome.
"""
import json
import queue
import re
import struct
import sys
import threading
import time
from decimal import Decimal

import websocket

PUSH_TYPES = {"order_status", "trade", "account_update", "orderbook", "ticker"}
ORDER_ID = re.compile(r"^O\d{20}$")
TRADE_ID = re.compile(r"^T\d{20}$")
DEFAULT_TIMEOUT = 10.0


class CheckFailed(Exception):
    """A failed assertion; the message says what was expected and what arrived."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def num(value):
    """A JSON number (parsed as Decimal/int) or numeric string as a Decimal; None stays None."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except Exception:  # noqa: BLE001 - anything unparsable is simply "not that number"
        return None


def same_number(value, expected):
    got = num(value)
    return got is not None and got == Decimal(str(expected))


class Conn:
    """One WebSocket connection with a reader thread feeding a queue."""

    def __init__(self, url, name, connect_timeout=DEFAULT_TIMEOUT):
        self.name = name
        self.url = url
        self.ws = websocket.create_connection(url, timeout=connect_timeout, enable_multithread=True)
        # The reader blocks in recv(); the main thread enforces its own deadlines on the queue.
        self.ws.settimeout(None)
        self.inbox = queue.Queue()
        self.received = []    # every frame pulled from the queue (for diagnostics), in arrival order
        self.pending = []     # frames pulled from the queue and not taken by a wait yet
        self.close_code = None
        self.close_reason = None
        self.closed = threading.Event()
        self.end_note = None  # how the reader ended
        self.reader = threading.Thread(target=self._read, name="reader-" + name, daemon=True)
        self.reader.start()

    # -- reader thread -------------------------------------------------------------------------
    def _read(self):
        try:
            while True:
                opcode, data = self.ws.recv_data()
                if opcode == websocket.ABNF.OPCODE_CLOSE:
                    if len(data) >= 2:
                        self.close_code = struct.unpack("!H", data[:2])[0]
                        self.close_reason = data[2:].decode("utf-8", "replace")
                    self.end_note = "close frame %s %r" % (self.close_code, self.close_reason)
                    break
                text = data.decode("utf-8", "replace") if isinstance(data, (bytes, bytearray)) else data
                try:
                    message = json.loads(text, parse_float=Decimal)
                except ValueError:
                    message = {"type": "<non-JSON frame>", "raw": text}
                self.inbox.put(message)
        except Exception as e:  # noqa: BLE001 - the reason is reported in failure messages
            if self.end_note is None:
                self.end_note = "socket ended without a close frame: %s: %s" % (type(e).__name__, e)
        finally:
            self.closed.set()

    # -- sending ---------------------------------------------------------------------------------
    def send(self, message):
        self.send_raw(message if isinstance(message, str) else json.dumps(message))

    def send_raw(self, text):
        self.ws.send(text)

    def close(self):
        """Sends a close frame, lets the reader see the server's answer, then drops the socket."""
        try:
            if not self.closed.is_set():
                self.ws.send_close()
                self.closed.wait(2)
        except Exception:  # noqa: BLE001 - closing an already dead socket is fine
            pass
        try:
            self.ws.shutdown()
        except Exception:  # noqa: BLE001
            pass

    # -- receiving -------------------------------------------------------------------------------
    def _pull(self, deadline):
        """Moves one frame from the queue to `pending`; False when the deadline passed or the socket ended."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                message = self.inbox.get(timeout=min(remaining, 0.2))
            except queue.Empty:
                if self.closed.is_set() and self.inbox.empty():
                    return False
                continue
            self.received.append(message)
            self.pending.append(message)
            return True

    def describe(self, limit=30):
        shown = self.received[-limit:]
        lines = ["  [%s] received %d frame(s)%s:" % (
            self.name, len(self.received), "" if len(shown) == len(self.received) else ", last %d" % len(shown))]
        lines += ["    " + dumps(m) for m in shown]
        if self.closed.is_set():
            lines.append("    (socket ended: %s)" % self.end_note)
        return "\n".join(lines)

    def wait_for(self, predicate, timeout=DEFAULT_TIMEOUT, what="a matching frame"):
        """Takes the first not-yet-taken frame matching `predicate`, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        scanned = 0
        while True:
            for i in range(scanned, len(self.pending)):
                if _safe(predicate, self.pending[i]):
                    return self.pending.pop(i)
            scanned = len(self.pending)
            if not self._pull(deadline):
                if self.closed.is_set():
                    raise CheckFailed("[%s] the socket ended while waiting for %s\n%s"
                                      % (self.name, what, self.describe()))
                raise CheckFailed("[%s] timed out after %.0f s waiting for %s\n%s"
                                  % (self.name, timeout, what, self.describe()))

    def next_reply(self, timeout=DEFAULT_TIMEOUT, what="a reply"):
        """The next frame that is not a push (pushes are kept for later waits)."""
        return self.wait_for(lambda m: m.get("type") not in PUSH_TYPES, timeout, what)

    def drain(self):
        """Moves whatever has already arrived into `pending` without waiting; returns the non-push leftovers."""
        while True:
            try:
                message = self.inbox.get_nowait()
            except queue.Empty:
                break
            self.received.append(message)
            self.pending.append(message)
        leftovers = [m for m in self.pending if m.get("type") not in PUSH_TYPES]
        self.pending = [m for m in self.pending if m.get("type") in PUSH_TYPES]
        return leftovers

    def request(self, message, timeout=DEFAULT_TIMEOUT, what=None):
        """Sends a frame and returns the next non-push frame after it; stale replies fail the check."""
        leftovers = self.drain()
        check(not leftovers, "[%s] unexpected unanswered frames before sending %s: %s"
              % (self.name, _short(message), dumps(leftovers)))
        self.send(message)
        return self.next_reply(timeout, what or "the reply to " + _short(message))

    def wait_closed(self, timeout=DEFAULT_TIMEOUT):
        return self.closed.wait(timeout)

    # -- protocol helpers ------------------------------------------------------------------------
    def authenticate(self, user_id, token, timeout=DEFAULT_TIMEOUT):
        reply = self.request({"type": "auth", "user_id": user_id, "token": token}, timeout)
        check(reply.get("type") == "auth_response" and reply.get("success") is True
              and reply.get("user_id") == user_id,
              "[%s] auth as %s: expected a successful auth_response, got %s" % (self.name, user_id, _short(reply)))
        return reply

    def ping(self, timeout=DEFAULT_TIMEOUT):
        reply = self.request({"type": "ping"}, timeout)
        check(reply.get("type") == "pong",
              "[%s] ping: expected pong, got %s\n%s" % (self.name, _short(reply), self.describe()))
        return reply


def _safe(predicate, message):
    try:
        return bool(predicate(message))
    except Exception:  # noqa: BLE001 - a predicate looking at the wrong shape simply does not match
        return False


def dumps(message):
    """JSON text for diagnostics; Decimals are shown as the numbers they were on the wire."""
    return json.dumps(message, default=_plain)


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return str(value)


def _short(message, limit=300):
    text = message if isinstance(message, str) else dumps(message)
    return text if len(text) <= limit else text[:limit] + "...(%d chars)" % len(text)


class Report:
    """Counts checks; prints `PASS`/`FAIL` lines and the final `N passed, M failed` line."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name):
        self.passed += 1
        print("PASS %s" % name, flush=True)

    def fail(self, name, error):
        self.failed += 1
        print("FAIL %s\n%s" % (name, error), flush=True)

    def run(self, name, fn, *args):
        """Runs one check function; records and prints the outcome. Returns its result or None."""
        try:
            result = fn(*args)
        except CheckFailed as e:
            self.fail(name, e)
            return None
        except Exception as e:  # noqa: BLE001 - a crash in a check is a failed check, with its cause
            self.fail(name, "%s: %s" % (type(e).__name__, e))
            return None
        self.ok(name)
        return result

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        sys.exit(1 if self.failed else 0)
