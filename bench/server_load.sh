#!/usr/bin/env bash
# Load test of `lifeguard serve` (screener backend) with Debian's wrk:
# CONNECTIONS keep-alive connections (default 64) post /v1/screen for
# DURATION (default 15s); prints requests/s and latency percentiles.
#   bench/server_load.sh [path/to/lifeguard]
# The server and wrk share the machine, as they would on one host.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-./build/lifeguard}
connections=${CONNECTIONS:-64}
duration=${DURATION:-15s}
threads=${THREADS:-2}
port=${PORT:-18431}
command -v wrk > /dev/null || { echo "wrk is not installed (scripts/setup installs it)" >&2; exit 1; }

"$bin" serve --port "$port" --rate-per-minute 0 2> /tmp/lifeguard_server_load.log &
server=$!
trap 'kill -TERM $server 2> /dev/null || true; wait $server 2> /dev/null || true' EXIT
for _ in $(seq 100); do
  if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then break; fi
  sleep 0.05
done
echo "lifeguard serve (screener) on $(nproc) cores; wrk: $threads threads, $connections connections, $duration"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/screen_load.lua "http://127.0.0.1:$port/v1/screen"
