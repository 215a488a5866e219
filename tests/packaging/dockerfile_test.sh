#!/usr/bin/env bash
# The Docker image cannot be built here (no Docker daemon), so this checks what can drift
# without one: the Dockerfile copies every directory the top-level CMakeLists.txt adds (or the
# image's configure step fails), and the compose file wires three nodes as README says.
#   dockerfile_test.sh <source dir>
set -euo pipefail
root=$1
dockerfile=$root/packaging/docker/Dockerfile
compose=$root/packaging/docker/compose.yml
status=0
for dir in $(sed -n 's/^add_subdirectory(\([a-z]*\))$/\1/p' "$root/CMakeLists.txt"); do
    grep -qx "COPY $dir $dir" "$dockerfile" || { echo "Dockerfile does not copy $dir/"; status=1; }
done
for port in 8001 8002 8003; do
    grep -q "\"$port:8000\"" "$compose" || { echo "compose.yml does not publish $port"; status=1; }
done
[ "$(grep -c 'BOOTSTRAP_PEERS: http://node1:8000' "$compose")" -eq 2 ] ||
    { echo "compose.yml: node2 and node3 should bootstrap from node1"; status=1; }
[ $status -eq 0 ] && echo "the Dockerfile copies every CMake subdirectory; compose wires node1-3"
exit $status
