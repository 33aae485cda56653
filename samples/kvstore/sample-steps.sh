# Steps shared by run-demo.sh and run-cluster.sh; source it, don't run it. Expects $here (this folder) and $root (the
# repository) to be set.

# Packs Smf.Sdk (with the runtime and hosting packages) into artifacts/packages and builds the server and the client
# from it.
build_sample() {
  echo "== Packing Smf.Sdk, Smf.Runtime and Smf.Hosting into artifacts/packages"
  dotnet build "$root/Smf.Sdk/Smf.Sdk.csproj" -nologo -v quiet
  echo "== Building the server and the client (code generated from kvstore.fbs)"
  dotnet build "$here/KvStore.Server/KvStore.Server.csproj" -nologo -v quiet
  dotnet build "$here/KvStore.Client/KvStore.Client.csproj" -nologo -v quiet
}

server_dll="$here/KvStore.Server/bin/Debug/net10.0/KvStore.Server.dll"
client_dll="$here/KvStore.Client/bin/Debug/net10.0/KvStore.Client.dll"

# wait_for_port PORT PID: waits up to 20 s for a server to accept connections on 127.0.0.1:PORT; fails if process PID
# exits first.
wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "The server on port $1 exited before listening." >&2; return 1; }
    sleep 0.2
  done
  echo "The server on port $1 did not listen within 20 s." >&2
  return 1
}
