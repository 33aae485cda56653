#!/usr/bin/env bash
# Runs the kvstore demo on a fresh clone: packs Smf.Sdk (and the runtime and hosting packages) into the local feed, builds the server and the
# client from it, starts the server with 2 shards, runs the client, then stops the server with Ctrl+C
# (SIGINT) so every shard prints the keys it holds.
#
#   bash samples/kvstore/run-demo.sh            # port 20776, 10 keys
#   PORT=20800 COUNT=100 bash samples/kvstore/run-demo.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
port=${PORT:-20776}
count=${COUNT:-10}

. "$here/sample-steps.sh"
build_sample

# Job control gives the background server the default SIGINT behaviour, so Ctrl+C reaches it below.
set -m
echo "== Starting the server on 127.0.0.1:$port with 2 shards"
dotnet "$server_dll" --ip 127.0.0.1 --port "$port" --shards 2 &
server=$!
trap 'kill -INT $server 2>/dev/null || true' EXIT

wait_for_port "$port" "$server"

echo "== Running the client: $count puts, then $count gets"
status=0
dotnet "$client_dll" --ip 127.0.0.1 --port "$port" --count "$count" || status=$?

echo "== Stopping the server (SIGINT): each shard dumps its keys"
trap - EXIT
kill -INT "$server"
wait "$server" || true
if [ "$status" -eq 0 ]; then echo "== Demo succeeded"; else echo "== Demo FAILED (client exit code $status)"; fi
exit "$status"
