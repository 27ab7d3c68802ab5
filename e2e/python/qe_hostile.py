#!/usr/bin/python3
"""Hostile, malformed and oversized input on the QE stream (websockets, as the SDK uses), while a second user's socket
must stay healthy and keep receiving its pushes.

    /usr/bin/python3 qe_hostile.py --base http://127.0.0.1:PORT --ws ws://127.0.0.1:PORT \
        --key K --secret S --other-key K2 --other-secret S2 --max-message-bytes N

Prints one line per passed check and finally `N passed, M failed`; exits 1 when a check failed.
"""
import argparse
import asyncio
import json

import requests
import websockets

from qe_wire import API
from wsharness import CheckFailed, Report, check


async def frames_until(socket, predicate, limit=50):
    for _ in range(limit):
        message = await asyncio.wait_for(socket.recv(), 10)  # a hang guard, not a measurement
        if message == "pong":
            continue
        frame = json.loads(message)
        if predicate(frame):
            return frame
    raise CheckFailed("no matching frame within %d frames" % limit)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("--base", "--ws", "--key", "--secret", "--other-key", "--other-secret", "--max-message-bytes"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    report = Report()
    alice = API(args.key, args.secret, args.base)
    bob = API(args.other_key, args.other_secret, args.base)
    loop = asyncio.new_event_loop()
    run = loop.run_until_complete

    def upgrade_paths():
        key = alice.create_listen_key()["listenKey"]
        wrong = requests.get("%s/api/ws/v3?listen_key=%s" % (args.base, key), timeout=10)
        check(wrong.status_code == 404, "an unknown path under /api/ws is 404: %s" % wrong.status_code)
        plain = requests.get("%s/api/ws?listen_key=%s" % (args.base, key), timeout=10)
        check(plain.status_code == 400, "a plain GET is 400: %s" % plain.status_code)
        for bad in ("' OR 1=1 --", "%00" * 10, "a" * 5000, key.upper()):
            response = requests.get("%s/api/ws/v2" % args.base, params={"listen_key": bad}, timeout=10,
                                    headers={"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                                             "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
            check(response.status_code in (401, 414, 431), "a hostile key is refused before the upgrade: %s" % response.status_code)
            check(response.status_code != 101, "never upgraded")
    report.run("wrong paths, plain GETs and hostile listen keys never open a socket", upgrade_paths)

    async def sockets():
        bob_socket = await websockets.connect("%s/api/ws?listen_key=%s" % (args.ws, bob.create_listen_key()["listenKey"]),
                                              ping_interval=1.0, ping_timeout=10.0)
        await frames_until(bob_socket, lambda f: f["type"] == "status")
        socket = await websockets.connect("%s/api/ws/v2?listen_key=%s" % (args.ws, alice.create_listen_key()["listenKey"]),
                                          ping_interval=1.0, ping_timeout=10.0, max_size=None)
        await frames_until(socket, lambda f: f["type"] == "status")
        await socket.send(b"\x00\x01binary")
        error = await frames_until(socket, lambda f: f["type"] == "error")
        check("Binary" in error["data"] or "binary" in error["data"], "binary frames are refused: %s" % error)
        await socket.send("[" * 10000)
        await frames_until(socket, lambda f: f["type"] == "error")
        await socket.send(json.dumps({"type": "subscribe", "user": "bob"}))
        await frames_until(socket, lambda f: f["type"] == "error")
        await socket.send("x" * (int(args.max_message_bytes) + 1))
        try:
            await asyncio.wait_for(socket.recv(), 10)
            raise CheckFailed("an oversized message must close the socket")
        except websockets.exceptions.ConnectionClosed as closed:
            check(closed.code == 1009, "closed with 1009: %s" % closed.code)
        # bob's socket is unharmed: his own master order still pushes
        created = bob.create_master_order("TWAP", "Tradewire", "BTCUSDT", "SPOT", "BUY", "k", totalQuantity=0.001,
                                          executionDurationSeconds=1)
        frame = await frames_until(bob_socket, lambda f: f["type"] == "master_data"
                                   and json.loads(f["data"])["master_order_id"] == created["masterOrderId"])
        check(frame["userId"] == "bob", "bob's push: %s" % frame)
        await bob_socket.close()
    report.run("binary, deeply nested and unsupported frames get errors; an oversized one closes 1009; others unharmed",
               lambda: run(sockets()))

    report.finish()


if __name__ == "__main__":
    main()
