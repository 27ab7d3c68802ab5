#!/usr/bin/env bash
# Regenerates the benchmark report in one command: runs every benchmark of 'tradewire bench report' on this
# machine (fan-out sweep over client counts with the ws and Socket.IO peers, order flow, idle sessions) and
# writes docs/bench/: fanout.json, orders.json, connections.json, fanout-throughput.png, fanout-latency.png
# and RESULTS.md.
#   bench/report.sh                 the full report (about 15 minutes on 2 cores)
#   bench/report.sh --from-json     redraw the plots and RESULTS.md from the JSON already in docs/bench
#   bench/report.sh --only fanout   any option of './tradewire bench report --help'
# Run it on an otherwise idle machine: the servers and the load generator share its cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
exec ./tradewire bench report --out docs/bench "$@"
