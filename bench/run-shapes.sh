#!/usr/bin/env bash
# The runner of the payload-size, many-connections and cross-shard shapes (run.sh runs the Put shapes).
#
#   bench/run-shapes.sh [--rounds N] [--sets payload,compression,connections,cross-shard,kvstore] [--duration-ms MS]
#                       [--warmup-ms MS] [--first-warmup-ms MS] [--payload-labels ours,ours-request,c-echo,grpc] [--no-build]
#
# Sets, each label's server started fresh per round (server on core $SERVER_CPU, client on core $CLIENT_CPU):
#   payload      Echo of 1 KiB, 16 KiB, 256 KiB and 1 MiB values (PayloadText), shape P8 (one connection, 8 calls in
#                flight): the raw load generator on our server (ours: the reply built with the generated builder;
#                ours-request: the request's own bytes answered, the raw echo; checksums on as smf sends them), on the
#                C echo floor (c-echo: memcpy only) and gRPC for .NET's Echo (grpc). --payload-labels picks some.
#   compression  Echo of 16 KiB through our client (raw call, callers on the client's shard), P8: no filter
#                (rpc-echo), zstd requests and replies (rpc-zstd), lz4 (rpc-lz4).
#   connections  our server at T8 beside 0, 1,000 and 10,000 idle connections (connect and hold): server RSS and
#                managed allocation per idle connection, the time until the server holds them all, the active p99.
#   cross-shard  our server with 2 shards storing every Put (the kvstore sample's work), T8 with keys that alternate
#                between the two owning shards: stored on the connection's shard (kv-local) or forwarded to the
#                owner with InvokeOnAsync (kv-forward, half the calls remote); both shards on core $SERVER_CPU, again
#                on both cores (-2cores), and on both cores with shards that spin 100 µs before they sleep
#                (-2cores-poll: ShardGroupOptions.IdlePollDuration).
#   kvstore      (opt-in, not in the default sets) the kvstore sample's own server (samples/kvstore/KvStore.Server,
#                built in Release by bench/KvStoreSample/build.sh: the Generic Host, AddSmfServer, KvStoreService storing
#                in Sharded<KvStoreDb>) with 1 shard and logging at Warning (kvstore), our benchmark server's Put
#                (kvstore-bench: the handler checks the key and stores nothing) and the C floor (kvstore-c:
#                bench/c-floor/smf_floor.c), each at T8 (8 connections x 8 in flight) with the raw load generator's Puts.
# Writes bench/results/<run-id>-shapes.jsonl, its .hgrm files and logs, and bench/results/<run-id>-shapes-summary.md.
# Environment: SERVER_CPU (0), CLIENT_CPU (1), BASE_PORT (22770; uses BASE_PORT..BASE_PORT+4),
# DOTNET_TC_CallCountingDelayMs (0).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROUNDS=3
DURATION_MS=2000
WARMUP_MS=500
FIRST_WARMUP_MS=5000
BUILD=1
SETS=payload,compression,connections,cross-shard
PAYLOAD_LABELS=ours,ours-request,c-echo,grpc
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BASE_PORT=${BASE_PORT:-22770}
PAYLOAD_SIZES=(1024 16384 262144 1048576)
IDLE_COUNTS=(0 1000 10000)
export DOTNET_TC_CallCountingDelayMs=${DOTNET_TC_CallCountingDelayMs:-0}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --sets) SETS=$2; shift 2 ;;
    --payload-labels) PAYLOAD_LABELS=$2; shift 2 ;;
    --duration-ms) DURATION_MS=$2; shift 2 ;;
    --warmup-ms) WARMUP_MS=$2; shift 2 ;;
    --first-warmup-ms) FIRST_WARMUP_MS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "run-shapes.sh: unknown option '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done

# 10,000 idle connections plus the active ones, in the load generator and in the server.
ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < 10100 )); then
  echo "run-shapes.sh: the descriptor limit is $(ulimit -n); the connections set needs 10,100 (raise the hard limit)" >&2
  exit 1
fi

OURS_PORT=$BASE_PORT; OURS_STATS=$((BASE_PORT + 1))
GRPC_PORT=$((BASE_PORT + 2)); GRPC_STATS=$((BASE_PORT + 3))
C_PORT=$((BASE_PORT + 4))

RESULTS=$BENCH/results
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$RESULTS/$RUN_ID-shapes.jsonl
HGRM=$RESULTS/$RUN_ID-shapes-hgrm
LOGS=$RESULTS/$RUN_ID-shapes-logs
SUMMARY=$RESULTS/$RUN_ID-shapes-summary.md
mkdir -p "$RESULTS" "$HGRM" "$LOGS"
STARTED=$(date +%s)

C_ECHO=$BENCH/c-floor/bin/smf_echo_floor
C_FLOOR=$BENCH/c-floor/bin/smf_floor
KVSTORE_SERVER=$BENCH/KvStoreSample/bin/Release/net10.0/KvStore.Server
LOADGEN=$BENCH/LoadGenerator/bin/Release/net10.0/LoadGenerator
GRPC_SERVER=$BENCH/GrpcServer/bin/Release/net10.0/GrpcServer
OURS_SERVER=$BENCH/SmfBenchServer/bin/Release/net10.0/SmfBenchServer

if [[ $BUILD == 1 ]]; then
  echo "== build"
  mkdir -p "$BENCH/c-floor/bin"
  gcc -O2 -Wall -Wextra -o "$C_ECHO" "$BENCH/c-floor/smf_echo_floor.c"
  gcc -O2 -Wall -Wextra -o "$C_FLOOR" "$BENCH/c-floor/smf_floor.c"
  dotnet build "$BENCH/LoadGenerator/LoadGenerator.csproj" -c Release -nologo -v q -nr:false
  dotnet build "$BENCH/GrpcServer/GrpcServer.csproj" -c Release -nologo -v q -nr:false
  "$BENCH/SmfBenchServer/build.sh"
  "$BENCH/KvStoreSample/build.sh"
fi

SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}
trap cleanup EXIT INT TERM

# start_server LABEL CPUS COMMAND...: starts the server on CPUS in the background and waits for its "listening" line
# (one more than the label's log held before: the log gathers every round).
start_server() {
  local label=$1 cpus=$2; shift 2
  local log=$LOGS/$label.log
  local before now
  before=$(grep -c '^listening' "$log" 2>/dev/null || true)
  taskset -c "$cpus" "$@" >>"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    now=$(grep -c '^listening' "$log" 2>/dev/null || true)
    if (( ${now:-0} > ${before:-0} )); then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "run-shapes.sh: $label exited at start; see $log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "run-shapes.sh: $label did not print 'listening' within 20 s; see $log" >&2
  exit 1
}

# start_port_server LABEL CPUS PORT COMMAND...: like start_server, for a server that prints nothing when it listens
# (the kvstore sample at log level Warning): waits until PORT accepts a connection.
start_port_server() {
  local label=$1 cpus=$2 port=$3; shift 3
  taskset -c "$cpus" "$@" >>"$LOGS/$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "run-shapes.sh: $label exited at start; see $LOGS/$label.log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "run-shapes.sh: $label did not accept connections on port $port within 20 s; see $LOGS/$label.log" >&2
  exit 1
}

# load LABEL PROTOCOL PORT STATS_PORT ROUND SHAPES FIRST_WARMUP_MS [EXTRA...]: the load generator on core $CLIENT_CPU.
load() {
  local label=$1 protocol=$2 port=$3 stats=$4 round=$5 shapes=$6 first=$7; shift 7
  taskset -c "$CLIENT_CPU" "$LOADGEN" run --protocol "$protocol" --server "$label" --port "$port" --stats-port "$stats" \
    --server-pid "$SERVER_PID" --shapes "$shapes" --round "$round" \
    --first-warmup-ms "$first" --warmup-ms "$WARMUP_MS" --duration-ms "$DURATION_MS" \
    --run-id "$RUN_ID" --out "$OUT" --hgrm-dir "$HGRM" "$@" \
    || { echo "run-shapes.sh: $label round $round reported errors (see above); continuing" >&2; }
}

has_set() { [[ ",$SETS," == *",$1,"* ]]; }
has_payload_label() { [[ ",$PAYLOAD_LABELS," == *",$1,"* ]]; }

# payload_sizes LABEL PROTOCOL PORT STATS ROUND: every payload size against the running server; a fresh load generator
# per size, the first one with the long warm-up (fresh server), the others with 2 s.
payload_sizes() {
  local label=$1 protocol=$2 port=$3 stats=$4 round=$5 first=$FIRST_WARMUP_MS
  for bytes in "${PAYLOAD_SIZES[@]}"; do
    load "$label" "$protocol" "$port" "$stats" "$round" P8 "$first" --echo-bytes "$bytes"
    first=2000
  done
}

{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r)"
  echo "Runtime: .NET $(dotnet --version) SDK, $(gcc --version | head -1)"
  echo "Started: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Settings: sets $SETS, $ROUNDS rounds, ${WARMUP_MS} ms warm-up (${FIRST_WARMUP_MS} ms for a fresh server and client), ${DURATION_MS} ms windows; server on core $SERVER_CPU, client on core $CLIENT_CPU; DOTNET_TC_CallCountingDelayMs=$DOTNET_TC_CallCountingDelayMs; descriptor limit $(ulimit -n)."
} | tee "$SUMMARY.head"

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS ($(( $(date +%s) - STARTED )) s elapsed, load $(cut -d' ' -f1 /proc/loadavg))"
  if has_set payload; then
    for reply in builder request; do
      label=$([[ $reply == builder ]] && echo ours || echo ours-request)
      has_payload_label "$label" || continue
      start_server "$label" "$SERVER_CPU" "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS" --echo-reply "$reply"
      payload_sizes "$label" smf "$OURS_PORT" "$OURS_STATS" "$round"
      cleanup
    done
    if has_payload_label c-echo; then
      start_server c-echo "$SERVER_CPU" "$C_ECHO" --port "$C_PORT"
      payload_sizes c-echo smf "$C_PORT" 0 "$round"
      cleanup
    fi
    if has_payload_label grpc; then
      start_server grpc "$SERVER_CPU" "$GRPC_SERVER" --port "$GRPC_PORT" --stats-port "$GRPC_STATS"
      payload_sizes grpc grpc "$GRPC_PORT" "$GRPC_STATS" "$round"
      cleanup
    fi
  fi

  if has_set compression; then
    for filter in none zstd lz4; do
      label=rpc-$([[ $filter == none ]] && echo echo || echo "$filter")
      start_server "$label" "$SERVER_CPU" "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS" --reply-filter "$filter"
      load "$label" rpc-raw "$OURS_PORT" "$OURS_STATS" "$round" P8 "$FIRST_WARMUP_MS" --echo-bytes 16384 --client-filter "$filter" --client-on-shard
      cleanup
    done
  fi

  if has_set connections; then
    for idle in "${IDLE_COUNTS[@]}"; do
      start_server "idle-$idle" "$SERVER_CPU" "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS" --max-connections 10100
      load "idle-$idle" smf "$OURS_PORT" "$OURS_STATS" "$round" T8 "$FIRST_WARMUP_MS" --idle-connections "$idle"
      cleanup
    done
  fi

  if has_set kvstore; then
    start_port_server kvstore "$SERVER_CPU" "$OURS_PORT" "$KVSTORE_SERVER" --ip 127.0.0.1 --port "$OURS_PORT" --shards 1 --log-level Warning
    load kvstore smf "$OURS_PORT" 0 "$round" T8 "$FIRST_WARMUP_MS"
    cleanup
    start_server kvstore-bench "$SERVER_CPU" "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS"
    load kvstore-bench smf "$OURS_PORT" "$OURS_STATS" "$round" T8 "$FIRST_WARMUP_MS"
    cleanup
    start_server kvstore-c "$SERVER_CPU" "$C_FLOOR" --port "$C_PORT"
    load kvstore-c smf "$C_PORT" 0 "$round" T8 "$FIRST_WARMUP_MS"
    cleanup
  fi

  if has_set cross-shard; then
    for placement in one-core two-cores two-cores-poll; do
      cpus=$SERVER_CPU suffix="" poll=0
      if [[ $placement != one-core ]]; then cpus=$SERVER_CPU,$CLIENT_CPU suffix=-2cores; fi
      if [[ $placement == two-cores-poll ]]; then poll=100 suffix=-2cores-poll; fi
      for forward in 0 1; do
        label=kv-$([[ $forward == 0 ]] && echo local || echo forward)$suffix
        start_server "$label" "$cpus" "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS" --shards 2 --store 1 --forward "$forward" --idle-poll-us "$poll"
        load "$label" smf "$OURS_PORT" "$OURS_STATS" "$round" T8 "$FIRST_WARMUP_MS" --key-owners 2
        cleanup
      done
    done
  fi
done

echo "Finished: $(date -u '+%Y-%m-%d %H:%M:%S UTC') after $(( $(date +%s) - STARTED )) s, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$SUMMARY.head"

# The summary: medians over rounds (with min-max) per label and value size / idle count.
summarize() {
  jq -rs --arg run "$RUN_ID" '
    def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    def cell(f; d): [.[] | f | select(. != null)] as $v | if ($v | length) == 0 then "–"
      else "\($v | median | . * d | round / d) (\($v | min | . * d | round / d)-\($v | max | . * d | round / d))" end;
    def row(cols): "| " + (cols | join(" | ")) + " |";
    map(select(.runId == $run)) as $all
    | ($all | map(select(.valueBytes > 0 and .clientFilter == "none" and (.server | startswith("rpc-") | not)))
       | group_by([.valueBytes, .server]) ) as $payload
    | ($all | map(select(.server | startswith("rpc-"))) | group_by(.server)) as $compression
    | ($all | map(select(.server | startswith("idle-"))) | group_by(.idleConnections)) as $idle
    | ($all | map(select(.server | startswith("kv-"))) | group_by(.server)) as $kv
    | ($all | map(select(.server | startswith("kvstore"))) | group_by(.server)) as $kvstore
    | (if ($payload | length) > 0 then
        ["### Payload sizes (Echo, P8: 1 connection, 8 in flight; medians over rounds, min-max)", "",
         row(["value", "server", "calls/s", "value MB/s", "p50 µs", "p99 µs", "server CPU µs/call", "client CPU µs/call", "server B/call"]),
         "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        + ($payload | map(row([(.[0].valueBytes | tostring), .[0].server, cell(.throughput; 1), cell(.valueMBPerSec; 10),
             cell(.p50Us; 10), cell(.p99Us; 10), cell(.serverCpuUsPerCall; 100), cell(.clientCpuUsPerCall; 100), cell(.serverAllocBytesPerCall; 1)])))
        + [""] else [] end)
    + (if ($compression | length) > 0 then
        ["### Compression (our client, raw Echo call of 16 KiB, callers on the client shard, P8)", "",
         row(["row", "filter", "compression ratio", "calls/s", "value MB/s", "p50 µs", "p99 µs", "server CPU µs/call", "client CPU µs/call"]),
         "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        + ($compression | map(row([.[0].server, .[0].clientFilter, cell(.compressionRatio; 100), cell(.throughput; 1), cell(.valueMBPerSec; 10),
             cell(.p50Us; 10), cell(.p99Us; 10), cell(.serverCpuUsPerCall; 100), cell(.clientCpuUsPerCall; 100)])))
        + [""] else [] end)
    + (if ($idle | length) > 0 then
        ["### Many connections (our server, T8 beside idle connections)", "",
         row(["idle connections", "server RSS B per idle connection", "server allocated B per idle connection", "accepts/s (first connect to all held)", "T8 calls/s", "T8 p50 µs", "T8 p99 µs", "T8 p99.9 µs", "server CPU µs/call"]),
         "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        + ($idle | map(row([(.[0].idleConnections | tostring), cell(.idleRssBytesPerConnection; 1), cell(.idleAllocBytesPerConnection; 1),
             cell(.idleAcceptsPerSec; 1), cell(.throughput; 1), cell(.p50Us; 10), cell(.p99Us; 10), cell(.p999Us; 10), cell(.serverCpuUsPerCall; 100)])))
        + [""] else [] end)
    + (if ($kvstore | length) > 0 then
        ["### The kvstore sample'"'"'s server at T8 (1 shard, logging at Warning; raw load generator Puts; medians over rounds, min-max)", "",
         row(["server", "calls/s", "p50 µs", "p99 µs", "server CPU µs/call", "client CPU µs/call", "server B/call"]),
         "|---|---:|---:|---:|---:|---:|---:|"]
        + ($kvstore | map(row([.[0].server, cell(.throughput; 1), cell(.p50Us; 10), cell(.p99Us; 10), cell(.serverCpuUsPerCall; 100), cell(.clientCpuUsPerCall; 100), cell(.serverAllocBytesPerCall; 1)])))
        + ["", "Per round, throughput and server CPU per call against the C floor (kvstore-c):", "",
           row(["server", "calls/s / floor", "server CPU per call / floor"]), "|---|---:|---:|"]
        + (["kvstore", "kvstore-bench"] | map(. as $name
            | [range(1; ($all | map(.round) | max) + 1)] | map(. as $r
                | ($all | map(select(.round == $r and .server == $name)) | .[0]) as $x
                | ($all | map(select(.round == $r and .server == "kvstore-c")) | .[0]) as $c
                | if $x == null or $c == null then null else {rate: ($x.throughput / $c.throughput), cpu: ($x.serverCpuUsPerCall / $c.serverCpuUsPerCall)} end)
            | map(select(. != null))
            | select(length > 0)
            | row([$name, cell(.rate; 100), cell(.cpu; 100)])))
        + [""] else [] end)
    + (if ($kv | length) > 0 then
        ["### Cross-shard Puts (2 shards storing every Put, T8, keys alternating between the owning shards)", "",
         row(["row", "calls/s", "p50 µs", "p99 µs", "server CPU µs/call", "server context switches/call", "server B/call"]),
         "|---|---:|---:|---:|---:|---:|---:|"]
        + ($kv | map(row([.[0].server, cell(.throughput; 1), cell(.p50Us; 10), cell(.p99Us; 10), cell(.serverCpuUsPerCall; 100), cell(.serverContextSwitchesPerCall; 1000), cell(.serverAllocBytesPerCall; 1)])))
        + ["", "Half of kv-forward'"'"'s calls are remote, so per round a remote Put costs 2 x forward - local of server CPU:", "",
           row(["cores", "local µs/call", "remote µs/call", "remote / local"]), "|---|---:|---:|---:|"]
        + (["", "-2cores", "-2cores-poll"] | map(. as $suffix
            | [range(1; ($all | map(.round) | max) + 1)] | map(. as $r
                | ($all | map(select(.round == $r and .server == "kv-local\($suffix)")) | .[0].serverCpuUsPerCall) as $local
                | ($all | map(select(.round == $r and .server == "kv-forward\($suffix)")) | .[0].serverCpuUsPerCall) as $forward
                | if $local == null or $forward == null then null else {local: $local, remote: (2 * $forward - $local)} end)
            | map(select(. != null))
            | select(length > 0)
            | row([if $suffix == "" then "both shards on one core" elif $suffix == "-2cores" then "shards free on two cores" else "two cores, shards spin 100 µs before sleeping" end,
                   cell(.local; 100), cell(.remote; 100), cell(.remote / .local; 100)])))
        + [""] else [] end)
    | .[]' "$OUT"
}

{ cat "$SUMMARY.head"; echo; summarize; } >"$SUMMARY"
rm -f "$SUMMARY.head"
echo
cat "$SUMMARY"
echo
echo "results: $OUT, histograms: $HGRM/, summary: $SUMMARY"
