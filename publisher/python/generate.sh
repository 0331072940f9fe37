#!/usr/bin/env bash
# Generates the Python classes of esdmon's wire format (esdmon/v1/*_pb2.py) from proto/src/main/proto
# with Debian's protoc (apt-get install protobuf-compiler libprotobuf-dev python3-protobuf).
#
#   publisher/python/generate.sh [OUT_DIR]      default OUT_DIR: publisher/python/generated
#
# The output is not committed (it is rebuilt from the .proto files, so it can never drift from them);
# run this after a checkout or a schema change, then put OUT_DIR on PYTHONPATH:
#   from esdmon.v1 import snapshot_pb2
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
src="$root/proto/src/main/proto"
out="${1:-$here/generated}"

command -v protoc >/dev/null || {
  echo "generate.sh: protoc not found; install it (Debian: apt-get install protobuf-compiler) and retry" >&2
  exit 1
}
mkdir -p "$out"
rm -rf "$out/esdmon"
if ! errors=$(protoc -I"$src" --python_out="$out" "$src"/esdmon/v1/*.proto 2>&1); then
  echo "$errors" >&2
  # Debian's protobuf-compiler has no google/protobuf/*.proto: libprotobuf-dev ships them.
  grep -q "google/protobuf/.*File not found" <<<"$errors" \
    && echo "generate.sh: protoc cannot find the well-known types; install them (Debian: apt-get install libprotobuf-dev) and retry" >&2
  exit 1
fi
# Regular packages, so that `import esdmon.v1` works on every Python 3 without namespace-package lookups.
touch "$out/esdmon/__init__.py" "$out/esdmon/v1/__init__.py"
echo "$out"
