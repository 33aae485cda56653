#!/usr/bin/env bash
# The benchmark runner: our smf server, gRPC for .NET and the C floor, side by side, in one run.
#
#   bench/run.sh [--rounds N] [--duration-ms MS] [--warmup-ms MS] [--first-warmup-ms MS] [--shapes L1,T1,...]
#                [--client-shapes L1,T1,T8] [--suites base,tls,nodes3] [--tls-shapes L1,T1,T8,CONN]
#                [--nodes3-shapes T8] [--no-build]
#
# Builds the C floor (gcc -O2), the load generator, the gRPC server and our benchmark server, then:
#   1. calibration: our server at T8 gives the reference rate for the open-loop shapes (O50, O80);
#   2. N interleaved rounds (default 5), each: ours (raw load generator), our client on our server
#      (rpc-raw, rpc-status, rpc-typed with callers on the thread pool, each followed by its -shard twin with
#      callers on the clients' shard, --client-on-shard: --client-shapes), ours-noverify (VerifyRequests off, raw load
#      generator, --client-shapes), gRPC pinned, gRPC unpinned, C floor, ours-poll (L1), busy-polling
#      C floor (L1). Every server is started fresh per label and round and gets a warm-up before each
#      measurement window. Server on core $SERVER_CPU, client on core $CLIENT_CPU (taskset), except
#      "grpc-unpinned" (both free: gRPC's best case).
# --suites picks what each round runs (default base, the list above); opt-in suites, in the same rounds:
#   tls:    our client with callers on its shard (rpc-status) on our server, plaintext (rpc-status-shard-plain) and TLS
#           (rpc-status-shard-tls), and gRPC for .NET plaintext (grpc-plain) and TLS (grpc-tls, Kestrel h2 over TLS,
#           Grpc.Net.Client https), all with one self-signed ECDSA P-256 CA and server certificate for 127.0.0.1 made with
#           openssl per run (<run-id>-tls/); shapes --tls-shapes, where CONN is new connections per second (4 loops of
#           connect, handshake, one call, close);
#   nodes3: three of our servers on core $SERVER_CPU (ports BASE_PORT+5..+7) and our client (rpc-status, callers on its
#           shard) on core $CLIENT_CPU calling all three: one RpcClient per server with the callers split evenly
#           (n3-direct), one RpcChannel round-robin (n3-channel-rr), one RpcChannel routed by each request's key
#           (n3-channel-keyed); shapes --nodes3-shapes (Connections x Depth callers in all).
# Writes one JSON line per measurement to bench/results/<run-id>.jsonl, one .hgrm per measurement to
# bench/results/<run-id>-hgrm/, and the markdown summary to bench/results/<run-id>-summary.md.
# The first shape of every fresh load generator and server warms up for --first-warmup-ms (5 s; the others 0.5 s), and
# every .NET process runs with DOTNET_TC_CallCountingDelayMs=0 (see below), the same for all .NET clients and servers.
# Environment: SERVER_CPU (0), CLIENT_CPU (1), BASE_PORT (21770; uses BASE_PORT..BASE_PORT+9),
# DOTNET_TC_CallCountingDelayMs (0).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROUNDS=5
DURATION_MS=2000
WARMUP_MS=500
FIRST_WARMUP_MS=5000
BUILD=1
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BASE_PORT=${BASE_PORT:-21770}
SHAPES=L1,T1,T8,T64,O50,O80
CLIENT_SHAPES=L1,T1,T8
SUITES=base
TLS_SHAPES=L1,T1,T8,CONN
NODES3_SHAPES=T8
# Tiered JIT: every .NET process (both servers, every load generator) starts call counting at once instead of after
# the call-counting delay (100 ms, multiplied when the process may use one CPU only, as every pinned process here,
# and restarted by every new tier-0 method), so optimized code arrives within the first warm-up: with the default,
# bench/warmup-curve.sh showed our client still improving 10 s after start on a loaded machine. Override to compare.
export DOTNET_TC_CallCountingDelayMs=${DOTNET_TC_CallCountingDelayMs:-0}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration-ms) DURATION_MS=$2; shift 2 ;;
    --warmup-ms) WARMUP_MS=$2; shift 2 ;;
    --first-warmup-ms) FIRST_WARMUP_MS=$2; shift 2 ;;
    --shapes) SHAPES=$2; shift 2 ;;
    --client-shapes) CLIENT_SHAPES=$2; shift 2 ;;
    --suites) SUITES=$2; shift 2 ;;
    --tls-shapes) TLS_SHAPES=$2; shift 2 ;;
    --nodes3-shapes) NODES3_SHAPES=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "run.sh: unknown option '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done

OURS_PORT=$BASE_PORT; OURS_STATS=$((BASE_PORT + 1))
GRPC_PORT=$((BASE_PORT + 2)); GRPC_STATS=$((BASE_PORT + 3))
C_PORT=$((BASE_PORT + 4))
NODE_PORTS=($((BASE_PORT + 5)) $((BASE_PORT + 6)) $((BASE_PORT + 7)))
suite() { [[ ",$SUITES," == *",$1,"* ]]; }

RESULTS=$BENCH/results
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$RESULTS/$RUN_ID.jsonl
CALIBRATION=$RESULTS/$RUN_ID-calibration.jsonl
HGRM=$RESULTS/$RUN_ID-hgrm
SUMMARY=$RESULTS/$RUN_ID-summary.md
LOGS=$RESULTS/$RUN_ID-logs
mkdir -p "$RESULTS" "$HGRM" "$LOGS"
STARTED=$(date +%s)

C_FLOOR=$BENCH/c-floor/bin/smf_floor
LOADGEN=$BENCH/LoadGenerator/bin/Release/net10.0/LoadGenerator
GRPC_SERVER=$BENCH/GrpcServer/bin/Release/net10.0/GrpcServer
OURS_SERVER=$BENCH/SmfBenchServer/bin/Release/net10.0/SmfBenchServer

if [[ $BUILD == 1 ]]; then
  echo "== build"
  mkdir -p "$BENCH/c-floor/bin"
  gcc -O2 -Wall -Wextra -o "$C_FLOOR" "$BENCH/c-floor/smf_floor.c"
  # -nr:false: the load generator's build runs the SmfCompile task from a fresh Smf.Build.Tasks; no node keeps it loaded.
  dotnet build "$BENCH/LoadGenerator/LoadGenerator.csproj" -c Release -nologo -v q -nr:false
  dotnet build "$BENCH/GrpcServer/GrpcServer.csproj" -c Release -nologo -v q
  "$BENCH/SmfBenchServer/build.sh"
fi

SERVER_PID=
NODE_PIDS=()
cleanup() {
  for pid in $SERVER_PID "${NODE_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  SERVER_PID=
  NODE_PIDS=()
}
trap cleanup EXIT INT TERM

# listening_lines LOG: how many "listening" lines a server log has (0 when it does not exist yet).
listening_lines() {
  local n
  n=$(grep -c '^listening' "$1" 2>/dev/null) || true
  echo "${n:-0}"
}

# start_server LABEL PIN(yes|no) COMMAND...: starts the server in the background and waits for its "listening" line.
start_server() {
  local label=$1 pin=$2; shift 2
  local log=$LOGS/$label.log before
  # The log gathers every round's output: wait for one more "listening" line than it had.
  before=$(listening_lines "$log")
  if [[ $pin == yes ]]; then
    taskset -c "$SERVER_CPU" "$@" >>"$log" 2>&1 &
  else
    "$@" >>"$log" 2>&1 &
  fi
  SERVER_PID=$!
  for _ in $(seq 1 200); do
    if (( $(listening_lines "$log") > before )); then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "run.sh: $label exited at start; see $log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "run.sh: $label did not print 'listening' within 20 s; see $log" >&2
  exit 1
}

# start_nodes LABEL: our server three times on core $SERVER_CPU (ports NODE_PORTS), waiting for each "listening" line.
start_nodes() {
  local label=$1 pids=() port
  for port in "${NODE_PORTS[@]}"; do
    start_server "$label-$port" yes "$OURS_SERVER" --port "$port"
    pids+=("$SERVER_PID")
  done
  NODE_PIDS=("${pids[@]}")
  SERVER_PID=
}

# load LABEL PIN PROTOCOL PORT STATS_PORT ROUND SHAPES [EXTRA...]: runs the load generator against the running server.
load() {
  local label=$1 pin=$2 protocol=$3 port=$4 stats=$5 round=$6 shapes=$7; shift 7
  local pinned=true prefix=(taskset -c "$CLIENT_CPU")
  if [[ $pin == no ]]; then pinned=false; prefix=(); fi
  "${prefix[@]}" "$LOADGEN" run --protocol "$protocol" --server "$label" --port "$port" --stats-port "$stats" \
    --server-pid "${SERVER_PID:-0}" --shapes "$shapes" --reference-rate "$REFERENCE_RATE" --round "$round" \
    --first-warmup-ms "$FIRST_WARMUP_MS" --warmup-ms "$WARMUP_MS" --duration-ms "$DURATION_MS" \
    --pinned "$pinned" --run-id "$RUN_ID" --out "$OUT" --hgrm-dir "$HGRM" "$@" \
    || { echo "run.sh: $label round $round reported errors (see above); continuing" >&2; }
}

{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r)"
  echo "Runtime: .NET $(dotnet --version) SDK, $(gcc --version | head -1)"
  echo "Started: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Settings: $ROUNDS rounds, ${WARMUP_MS} ms warm-up (${FIRST_WARMUP_MS} ms for a fresh server and client), ${DURATION_MS} ms windows; server on core $SERVER_CPU, client on core $CLIENT_CPU; DOTNET_TC_CallCountingDelayMs=$DOTNET_TC_CallCountingDelayMs for every .NET process."
} | tee "$SUMMARY.head"

if suite tls; then
  # One CA and one server certificate (ECDSA P-256, for 127.0.0.1) per run, for our server and Kestrel alike.
  TLS_DIR=$RESULTS/$RUN_ID-tls
  mkdir -p "$TLS_DIR"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=smf bench CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
    -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$TLS_DIR/server.key" -out "$TLS_DIR/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' >"$TLS_DIR/server.ext"
  openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca.key" -CAcreateserial -days 2 \
    -extfile "$TLS_DIR/server.ext" -out "$TLS_DIR/server.pem" 2>/dev/null
  TLS_SERVER=(--tls-cert "$TLS_DIR/server.pem" --tls-key "$TLS_DIR/server.key")
  echo "TLS: $(openssl x509 -in "$TLS_DIR/server.pem" -noout -subject -ext subjectAltName | tr '\n' ' '), ECDSA P-256, signed by a self-signed CA ($TLS_DIR)" | tee -a "$SUMMARY.head"
fi

echo "== probe: the C floor must answer with the same bytes as our server"
start_server ours-probe yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS"
if ! grep -q 'Smf.Runtime Release' "$LOGS/ours-probe.log"; then
  echo "run.sh: our server runs on a Debug build of Smf.Runtime (see $LOGS/ours-probe.log); run bench/SmfBenchServer/build.sh" >&2
  exit 1
fi
OURS_REPLY=$("$LOADGEN" probe --port "$OURS_PORT" | tee /dev/stderr | grep '^reply ')
cleanup
start_server c-probe yes "$C_FLOOR" --port "$C_PORT"
C_REPLY=$("$LOADGEN" probe --port "$C_PORT" | grep '^reply ')
cleanup
if [[ $OURS_REPLY != "$C_REPLY" ]]; then
  echo "run.sh: the C floor's reply differs from ours:" >&2
  echo "  ours: $OURS_REPLY" >&2
  echo "  C:    $C_REPLY" >&2
  exit 1
fi
echo "identical replies: $C_REPLY" | tee -a "$SUMMARY.head"

REFERENCE_RATE=1
if suite base; then
  echo "== calibration: our T8 maximum sets the open-loop rates"
  start_server ours-calibration yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS"
  OUT_SAVED=$OUT; OUT=$CALIBRATION
  load ours-calibration yes smf "$OURS_PORT" "$OURS_STATS" 0 T8
  OUT=$OUT_SAVED
  cleanup
  REFERENCE_RATE=$(grep -o '"throughput":[0-9.]*' "$CALIBRATION" | tail -1 | cut -d: -f2)
  echo "reference rate (our T8 maximum): $REFERENCE_RATE calls/s; O50 and O80 offer 50% and 80% of it" | tee -a "$SUMMARY.head"
fi

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS ($(( $(date +%s) - STARTED )) s elapsed, load $(cut -d' ' -f1 /proc/loadavg))"
  if suite tls; then
    start_server rpc-status-shard-plain yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS"
    load rpc-status-shard-plain yes rpc-status "$OURS_PORT" "$OURS_STATS" "$round" "$TLS_SHAPES" --client-on-shard
    cleanup
    start_server rpc-status-shard-tls yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS" "${TLS_SERVER[@]}"
    load rpc-status-shard-tls yes rpc-status "$OURS_PORT" "$OURS_STATS" "$round" "$TLS_SHAPES" --client-on-shard --tls-ca "$TLS_DIR/ca.pem"
    cleanup
    start_server grpc-plain yes "$GRPC_SERVER" --port "$GRPC_PORT" --stats-port "$GRPC_STATS"
    load grpc-plain yes grpc "$GRPC_PORT" "$GRPC_STATS" "$round" "$TLS_SHAPES"
    cleanup
    start_server grpc-tls yes "$GRPC_SERVER" --port "$GRPC_PORT" --stats-port "$GRPC_STATS" "${TLS_SERVER[@]}"
    load grpc-tls yes grpc "$GRPC_PORT" "$GRPC_STATS" "$round" "$TLS_SHAPES" --tls-ca "$TLS_DIR/ca.pem"
    cleanup
  fi

  if suite nodes3; then
    NODES=$(printf '127.0.0.1:%s,' "${NODE_PORTS[@]}")
    for balance in direct round-robin keyed; do
      label=n3-$([[ $balance == direct ]] && echo direct || echo "channel-${balance/round-robin/rr}")
      start_nodes "$label"
      load "$label" yes rpc-status "${NODE_PORTS[0]}" 0 "$round" "$NODES3_SHAPES" --client-on-shard --endpoints "${NODES%,}" --balance "$balance"
      cleanup
    done
  fi

  if ! suite base; then
    continue
  fi

  start_server ours yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS"
  load ours yes smf "$OURS_PORT" "$OURS_STATS" "$round" "$SHAPES"
  cleanup

  # Our client (RpcClient raw calls, the generated PutWithStatusAsync and PutAsync) against our server, each path
  # twice: callers on the thread pool (rpc-*), then callers on the clients' own shard (rpc-*-shard, --client-on-shard).
  for client in rpc-raw rpc-status rpc-typed; do
    start_server "$client" yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS"
    load "$client" yes "$client" "$OURS_PORT" "$OURS_STATS" "$round" "$CLIENT_SHAPES"
    cleanup
    start_server "$client-shard" yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS"
    load "$client-shard" yes "$client" "$OURS_PORT" "$OURS_STATS" "$round" "$CLIENT_SHAPES" --client-on-shard
    cleanup
  done

  # The cost of request verification: the same server with RpcServerOptions.VerifyRequests off.
  start_server ours-noverify yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS" --verify 0
  load ours-noverify yes smf "$OURS_PORT" "$OURS_STATS" "$round" "$CLIENT_SHAPES"
  cleanup

  start_server grpc yes "$GRPC_SERVER" --port "$GRPC_PORT" --stats-port "$GRPC_STATS"
  load grpc yes grpc "$GRPC_PORT" "$GRPC_STATS" "$round" "$SHAPES"
  cleanup

  start_server grpc-unpinned no "$GRPC_SERVER" --port "$GRPC_PORT" --stats-port "$GRPC_STATS"
  load grpc-unpinned no grpc "$GRPC_PORT" "$GRPC_STATS" "$round" "$SHAPES"
  cleanup

  start_server c yes "$C_FLOOR" --port "$C_PORT"
  load c yes smf "$C_PORT" 0 "$round" "$SHAPES"
  cleanup

  start_server ours-poll yes "$OURS_SERVER" --port "$OURS_PORT" --stats-port "$OURS_STATS" --idle-poll-us 2000
  load ours-poll yes smf "$OURS_PORT" "$OURS_STATS" "$round" L1 --client-spin
  cleanup

  start_server c-busy yes "$C_FLOOR" --port "$C_PORT" --busy-poll
  load c-busy yes smf "$C_PORT" 0 "$round" L1 --client-spin
  cleanup
done

echo "Finished: $(date -u '+%Y-%m-%d %H:%M:%S UTC') after $(( $(date +%s) - STARTED )) s, load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$SUMMARY.head"
{ cat "$SUMMARY.head"; echo; "$LOADGEN" summarize "$OUT" --run-id "$RUN_ID"; } >"$SUMMARY"
rm -f "$SUMMARY.head"
echo
cat "$SUMMARY"
echo
echo "results: $OUT, histograms: $HGRM/, summary: $SUMMARY"
