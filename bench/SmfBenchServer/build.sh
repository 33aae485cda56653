#!/usr/bin/env bash
# Builds our benchmark server against a Release build of Smf.Sdk and Smf.Runtime from this checkout:
#   1. packs Smf.Sdk (which packs Smf.Runtime too) in Release into obj/bench-feed;
#   2. clears this project's package folder of their old copies (same version 0.1.0-dev every build);
#   3. builds SmfBenchServer in Release: <Project Sdk="Smf.Sdk"> generates MemoryNode from kvstore.fbs.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
rm -rf "$HERE/obj/bench-feed" "$HERE/obj/bench-packages/smf.sdk" "$HERE/obj/bench-packages/smf.runtime" "$HERE/obj/bench-packages/smfc"
dotnet build "$ROOT/Smf.Sdk/Smf.Sdk.csproj" -c Release -nologo -v q -nr:false -p:PackageOutputPath="$HERE/obj/bench-feed/"
dotnet build "$HERE/SmfBenchServer.csproj" -c Release -nologo -v q -nr:false
