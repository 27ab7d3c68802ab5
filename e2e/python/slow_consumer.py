#!/usr/bin/python3
"""A client that stops reading while another keeps reading, on the `exchange` dialect (websocket-client only).

The test that runs this script publishes ticks of IX2301 without pause. The reader follows them; the slow client
(a small receive buffer) subscribes, then stops reading until the gateway reports on /health that it closed a
slow consumer. Then it reads again: what it got is in order, and it ends with the gateway's 503 error and close
code 1013. The reader, meanwhile, missed nothing.

    /usr/bin/python3 slow_consumer.py --url http://127.0.0.1:PORT

Prints one line per passed check and finally `N passed, M failed`. Waits are failure guards, not measurements.
"""
import argparse
import json
import socket
import struct
import time
import urllib.request

import websocket

from wsharness import CheckFailed, Conn, Report, check

INSTRUMENT = "IX2301"
SUBSCRIBE = {"type": "subscribe", "channels": ["ticker"], "instruments": [INSTRUMENT]}


def closed_slow(base):
    """The gateway's count of sessions closed as slow consumers (/health, refreshed every second)."""
    with urllib.request.urlopen(base + "/health", timeout=10) as response:
        health = json.loads(response.read().decode("utf-8"))
    return health.get("components", {}).get("gateway", {}).get("outbound", {}).get("closed_slow", 0)


def contiguous(seqs, who):
    check(seqs, "%s received no ticker" % who)
    for before, after in zip(seqs, seqs[1:]):
        check(after == before + 1, "%s: seq %s followed by %s" % (who, before, after))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--timeout", type=float, default=60.0, help="failure guard per wait, seconds")
    args = parser.parse_args()
    ws_url = args.url.replace("http://", "ws://") + "/ws"
    report = Report()
    state = {}

    def connect():
        reader = Conn(ws_url, "reader")
        reply = reader.request(SUBSCRIBE)
        check(reply.get("type") == "subscribe_response" and reply.get("success") is True, "reader: %s" % reply)
        slow = websocket.create_connection(ws_url, timeout=args.timeout,
                                           sockopt=((socket.SOL_SOCKET, socket.SO_RCVBUF, 4096),))
        slow.send(json.dumps(SUBSCRIBE))
        while True:
            message = json.loads(slow.recv())
            if message.get("type") == "subscribe_response":
                check(message.get("success") is True, "slow client: %s" % message)
                break
        state.update(reader=reader, slow=slow)

    def stop_reading_until_closed():
        deadline = time.monotonic() + args.timeout
        while closed_slow(args.url) == 0:
            check(time.monotonic() < deadline, "the gateway closed no slow consumer within %.0f s" % args.timeout)
            time.sleep(0.2)

    def read_to_the_close():
        slow = state["slow"]
        frames, close_code, refused = [], None, False
        while True:
            try:
                opcode, data = slow.recv_data(control_frame=True)
            except websocket.WebSocketProtocolException as e:
                # websocket-client before 1.3 (Debian's 1.2.3) does not know close code 1013 ("try again later",
                # RFC 6455's registry) and refuses the close frame with this message; later versions return it.
                check(str(e) == "Invalid close opcode.", "unexpected protocol error: %s" % e)
                refused = True
                break
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                close_code = struct.unpack("!H", data[:2])[0] if len(data) >= 2 else None
                break
            if opcode == websocket.ABNF.OPCODE_TEXT:
                frames.append(json.loads(data.decode("utf-8")))
        check(close_code == 1013 or refused, "close code %s, expected 1013" % close_code)
        last = frames[-1]
        check(last.get("type") == "error" and last.get("code") == 503 and last.get("close_code") == 1013,
              "last message before the close: %s" % last)
        ticks = [m["seq"] for m in frames if m.get("type") == "ticker"]
        contiguous(ticks, "slow client")
        state["slow_last"] = ticks[-1]

    def reader_missed_nothing():
        reader = state["reader"]
        beyond = state["slow_last"] + 1_000
        reader.wait_for(lambda m: m.get("type") == "ticker" and m.get("seq") >= beyond, args.timeout,
                        "a ticker past seq %d" % beyond)
        contiguous([int(m["seq"]) for m in reader.received if m.get("type") == "ticker"], "reader")
        check(not reader.closed.is_set(), "the reader's socket ended: %s" % reader.end_note)

    for name, step in (("both clients subscribed", connect),
                       ("the gateway closed the client that stopped reading", stop_reading_until_closed),
                       ("the slow client got its messages in order, then error 503 and close 1013", read_to_the_close),
                       ("the reader missed nothing and stays connected", reader_missed_nothing)):
        if report.run(name, step) is None and report.failed:
            break
    report.finish()


if __name__ == "__main__":
    try:
        main()
    except CheckFailed as e:
        print("FAIL %s" % e)
        print("0 passed, 1 failed")
        raise SystemExit(1)
