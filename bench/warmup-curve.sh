#!/usr/bin/env bash
# How long the .NET processes need before they run optimized (tier-1) code: one fresh server and one load-generator
# process per client, then back-to-back measurement windows of one shape (same JIT state, fresh connections each
# window), printing throughput and CPU per call against the seconds since the load generator started. When the
# figures stop improving, the warm-up is long enough; run.sh's --first-warmup-ms comes from this.
#
#   bench/warmup-curve.sh [--windows N] [--window-ms MS] [--clients smf:T1,rpc-status-shard:T8,...]
#
# Clients: smf (raw load generator), rpc-raw|rpc-status|rpc-typed (our client, callers on the thread pool), the same
# with -shard (callers on the clients' shard), grpc (Grpc.Net.Client on the gRPC server). Server on core $SERVER_CPU,
# client on core $CLIENT_CPU, as in run.sh. Needs the builds run.sh makes (run it once, or build as it does).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WINDOWS=12
WINDOW_MS=500
CLIENTS=smf:T1,rpc-status:T8,rpc-status-shard:T8,grpc:T8
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${BASE_PORT:-21770}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --windows) WINDOWS=$2; shift 2 ;;
    --window-ms) WINDOW_MS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    *) echo "warmup-curve.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

LOADGEN=$BENCH/LoadGenerator/bin/Release/net10.0/LoadGenerator
GRPC_SERVER=$BENCH/GrpcServer/bin/Release/net10.0/GrpcServer
OURS_SERVER=$BENCH/SmfBenchServer/bin/Release/net10.0/SmfBenchServer
TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  SERVER_PID=
}
trap 'cleanup; rm -rf "$TMP"' EXIT

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for spec in ${CLIENTS//,/ }; do
  client=${spec%%:*} shape=${spec##*:}
  protocol=${client%-shard} extra=()
  [[ $client == *-shard ]] && extra=(--client-on-shard)
  server=("$OURS_SERVER" --port "$PORT" --stats-port $((PORT + 1)))
  [[ $protocol == grpc ]] && server=("$GRPC_SERVER" --port "$PORT" --stats-port $((PORT + 1)))
  log=$TMP/$client.log out=$TMP/$client.jsonl
  : >"$log"
  taskset -c "$SERVER_CPU" "${server[@]}" >"$log" 2>&1 &
  SERVER_PID=$!
  until grep -q '^listening' "$log"; do sleep 0.1; done
  shapes=$(printf "$shape,%.0s" $(seq 1 "$WINDOWS"))
  start=$(date +%s.%N)
  taskset -c "$CLIENT_CPU" "$LOADGEN" run --protocol "$protocol" --server "$client" --port "$PORT" --stats-port $((PORT + 1)) \
    --server-pid "$SERVER_PID" --shapes "${shapes%,}" --first-warmup-ms 100 --warmup-ms 100 --duration-ms "$WINDOW_MS" \
    --out "$out" "${extra[@]}" >/dev/null || echo "warmup-curve.sh: $client reported errors" >&2
  cleanup
  echo "== $client $shape (window $WINDOW_MS ms; t = seconds since the load generator started, at the window's end)"
  python3 - "$start" "$out" <<'EOF'
import json, sys, datetime
start = float(sys.argv[1])
for line in open(sys.argv[2]):
    r = json.loads(line)
    t = datetime.datetime.fromisoformat(r["utc"].replace("Z", "+00:00")).timestamp() - start
    print(f"t {t:5.1f} s  {r['throughput']:>9,.0f} calls/s  client CPU {r['clientCpuUsPerCall'] or 0:6.2f} us/call  "
          f"server CPU {r['serverCpuUsPerCall'] or 0:6.2f} us/call  p50 {r['p50Us']:8.1f} us")
EOF
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
