#!/usr/bin/env bash
# Runs the kvstore sample as a cluster of three nodes on 127.0.0.1 (ports 20776-20778), built like run-demo.sh.
#
# 1. The client puts and gets COUNT keys over all three nodes (--endpoints): the generated client sends each key to the
#    node that owns it by rendezvous hashing, and inside a node the key goes to its owner shard. The nodes are stopped
#    with Ctrl+C (SIGINT) and each node's dump is checked: every key is on exactly one node, the one the client sent it to.
# 2. A node is killed (SIGKILL) while the client runs rounds of puts and gets: the dead node's keys fail at once with
#    an error naming the node, the other nodes' keys keep working; after the node is started again on the same port,
#    the client reconnects to it and every key is served again.
#
#   bash samples/kvstore/run-cluster.sh
#   BASE_PORT=21776 COUNT=30 bash samples/kvstore/run-cluster.sh
#
# The programs' output is in artifacts/kvstore-cluster/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
base=${BASE_PORT:-20776}
count=${COUNT:-100}
ports=("$base" "$((base + 1))" "$((base + 2))")
endpoints="127.0.0.1:${ports[0]},127.0.0.1:${ports[1]},127.0.0.1:${ports[2]}"
logs="$root/artifacts/kvstore-cluster"

. "$here/sample-steps.sh"
build_sample
rm -rf "$logs" && mkdir -p "$logs"

# Job control gives the background programs the default SIGINT behaviour, so Ctrl+C reaches them below.
set -m
declare -A node_pids=()
client_pid=""
cleanup() {
  [ -n "$client_pid" ] && kill -INT "$client_pid" 2>/dev/null || true
  for pid in "${node_pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# start_node PORT LOG: starts a node with 2 shards, its output in LOG, and waits until it listens.
start_node() {
  dotnet "$server_dll" --ip 127.0.0.1 --port "$1" --shards 2 >"$2" 2>&1 &
  node_pids[$1]=$!
  wait_for_port "$1" "${node_pids[$1]}"
}

# stop_node PORT: Ctrl+C (SIGINT): the node drains, then each shard logs its dump.
stop_node() {
  kill -INT "${node_pids[$1]}"
  wait "${node_pids[$1]}" || true
  unset "node_pids[$1]"
}

# wait_for_line FILE FROM PATTERN SECONDS: prints the first line of FILE after line FROM that matches the extended
# regular expression PATTERN; fails after SECONDS.
wait_for_line() {
  local deadline=$((SECONDS + $4)) line
  while [ "$SECONDS" -lt "$deadline" ]; do
    # awk reads the file itself: a pipe into a reader that stops at the first match could end the writer with SIGPIPE.
    line=$(pattern="$3" awk -v from="$2" 'NR > from && $0 ~ ENVIRON["pattern"] { print; exit }' "$1")
    if [ -n "$line" ]; then
      echo "$line"
      return 0
    fi
    sleep 0.2
  done
  echo "No line of $1 matched '$3' within $4 s." >&2
  return 1
}

fail() {
  echo "== Cluster demo FAILED: $*" >&2
  exit 1
}

echo "== Part 1: $count keys over three nodes"
for port in "${ports[@]}"; do
  echo "   starting a node on 127.0.0.1:$port with 2 shards"
  start_node "$port" "$logs/node-$port.log"
done

echo "== Running the client over $endpoints"
dotnet "$client_dll" --endpoints "$endpoints" --count "$count" >"$logs/client.log" 2>&1 || fail "the client exited with $? (see $logs/client.log)"
grep -E 'put key=key\.[0-2] |get key=key\.[0-2] ' "$logs/client.log" | sed 's/^/   /'
echo "   ..."
grep -E 'puts and .* gets' "$logs/client.log" | sed 's/^/   /'

echo "== Stopping the nodes (SIGINT): each node's shards dump their keys"
for port in "${ports[@]}"; do stop_node "$port"; done

# The node the client sent each key to, from its put lines: "key.7 20777".
sed -nE 's/.*put key=(\S+) node=127\.0\.0\.1:([0-9]+) status=200.*/\1 \2/p' "$logs/client.log" | sort >"$logs/owners.txt"
[ "$(wc -l <"$logs/owners.txt")" -eq "$count" ] || fail "the client did not log $count successful puts"
: >"$logs/dumped.txt"
for port in "${ports[@]}"; do
  sed -nE "s/.*dump shard=[0-9]+ key=(\S+) value=.*/\1 $port/p" "$logs/node-$port.log" >>"$logs/dumped.txt"
  held=$(grep -c " $port\$" "$logs/dumped.txt" || true)
  [ "$held" -gt 0 ] || fail "the node on port $port holds no key"
  echo "   127.0.0.1:$port holds $held keys: $(grep -oE 'dump shard=[0-9]+ holds [0-9]+ keys' "$logs/node-$port.log" | sed 's/dump //' | sort | paste -sd ',' | sed 's/,/, /g')"
done
sort -o "$logs/dumped.txt" "$logs/dumped.txt"
dupes=$(cut -d ' ' -f 1 "$logs/dumped.txt" | uniq -d)
[ -z "$dupes" ] || fail "keys dumped by more than one node: $dupes"
diff -u "$logs/owners.txt" "$logs/dumped.txt" >"$logs/owners.diff" || fail "the dumps differ from the keys' owners (see $logs/owners.diff)"
echo "   every key is in exactly one node's dump, the node the client sent it to"

killed=${ports[1]}
echo "== Part 2: rounds of $count puts and gets while the node on 127.0.0.1:$killed is killed and started again"
for port in "${ports[@]}"; do start_node "$port" "$logs/node-$port-rounds.log"; done
rounds="$logs/client-rounds.log"
dotnet "$client_dll" --endpoints "$endpoints" --count "$count" --rounds 600 --interval 00:00:00.200 >"$rounds" 2>&1 &
client_pid=$!
wait_for_line "$rounds" 0 "round [0-9]+: $count ok, 0 failed" 60 | sed 's/^/   /'

echo "== Killing the node on 127.0.0.1:$killed (SIGKILL)"
mark=$(wc -l <"$rounds")
kill -KILL "${node_pids[$killed]}"
wait "${node_pids[$killed]}" 2>/dev/null || true
unset "node_pids[$killed]"
# The round under way when the node died may have stored some of its keys; the round after it has none.
wait_for_line "$rounds" "$mark" "Endpoint 127\.0\.0\.1:$killed takes no calls" 30 | sed 's/^/   /'
first=$(wait_for_line "$rounds" "$mark" 'round [0-9]+: [0-9]+ ok, [1-9][0-9]* failed' 30 | sed -nE 's/.*round ([0-9]+):.*/\1/p')
steady=$((first + 1))
summary=$(wait_for_line "$rounds" "$mark" "round $steady: " 30)
grep -m 2 -E "round $steady key=" "$rounds" | sed 's/^/   /'
echo "   ..."
echo "   $summary"
grep -E "round $steady key=" "$rounds" | sed -nE 's/.*round [0-9]+ key=(\S+) .*/\1/p' | sort >"$logs/failed.txt"
grep " $killed\$" "$logs/owners.txt" | cut -d ' ' -f 1 | sort >"$logs/killed-keys.txt"
diff -u "$logs/killed-keys.txt" "$logs/failed.txt" >"$logs/failed.diff" || fail "the keys that failed are not the killed node's (see $logs/failed.diff)"
echo "   the keys that failed are exactly the killed node's $(wc -l <"$logs/failed.txt"); the other nodes served theirs"

echo "== Starting the node on 127.0.0.1:$killed again"
mark=$(wc -l <"$rounds")
start_node "$killed" "$logs/node-$killed-restarted.log"
wait_for_line "$rounds" "$mark" "Endpoint 127\.0\.0\.1:$killed reconnected" 30 | sed 's/^/   /'
wait_for_line "$rounds" "$mark" "round [0-9]+: $count ok, 0 failed" 30 | sed 's/^/   /'

echo "== Stopping the client and the nodes (SIGINT)"
kill -INT "$client_pid"
status=0
wait "$client_pid" || status=$?
client_pid=""
[ "$status" -eq 0 ] || fail "the client's last round had failures (exit code $status, see $rounds)"
for port in "${ports[@]}"; do stop_node "$port"; done
trap - EXIT
echo "== Cluster demo succeeded"
