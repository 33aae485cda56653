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

echo "== Packing Smf.Sdk, Smf.Runtime and Smf.Hosting into artifacts/packages"
dotnet build "$root/Smf.Sdk/Smf.Sdk.csproj" -nologo -v quiet
echo "== Building the server and the client (code generated from kvstore.fbs)"
dotnet build "$here/KvStore.Server/KvStore.Server.csproj" -nologo -v quiet
dotnet build "$here/KvStore.Client/KvStore.Client.csproj" -nologo -v quiet

# Job control gives the background server the default SIGINT behaviour, so Ctrl+C reaches it below.
set -m
echo "== Starting the server on 127.0.0.1:$port with 2 shards"
dotnet "$here/KvStore.Server/bin/Debug/net10.0/KvStore.Server.dll" --ip 127.0.0.1 --port "$port" --shards 2 &
server=$!
trap 'kill -INT $server 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "The server exited before listening." >&2; exit 1; }
  sleep 0.2
done

echo "== Running the client: $count puts, then $count gets"
status=0
dotnet "$here/KvStore.Client/bin/Debug/net10.0/KvStore.Client.dll" --ip 127.0.0.1 --port "$port" --count "$count" || status=$?

echo "== Stopping the server (SIGINT): each shard dumps its keys"
trap - EXIT
kill -INT "$server"
wait "$server" || true
if [ "$status" -eq 0 ]; then echo "== Demo succeeded"; else echo "== Demo FAILED (client exit code $status)"; fi
exit "$status"
