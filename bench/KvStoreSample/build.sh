#!/usr/bin/env bash
# Builds the kvstore sample's server (samples/kvstore/KvStore.Server, its sources unchanged) in Release against the
# Release packages that ../SmfBenchServer/build.sh packs into ../SmfBenchServer/obj/bench-feed (run that first):
#   1. clears this project's package folder of their old copies (same version 0.1.0-dev every build);
#   2. builds bin/Release/net10.0/KvStore.Server.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ ! -f $HERE/../SmfBenchServer/obj/bench-feed/Smf.Sdk.0.1.0-dev.nupkg ]]; then
  echo "KvStoreSample/build.sh: no Release packages in bench/SmfBenchServer/obj/bench-feed; run bench/SmfBenchServer/build.sh first" >&2
  exit 1
fi
rm -rf "$HERE/obj/bench-packages/smf.sdk" "$HERE/obj/bench-packages/smf.runtime" "$HERE/obj/bench-packages/smf.hosting" "$HERE/obj/bench-packages/smfc"
dotnet build "$HERE/KvStoreSample.csproj" -c Release -nologo -v q -nr:false
