#!/usr/bin/env bash
# The Docker image cannot be built here (no Docker daemon), so this checks what can drift
# without one: the Dockerfile copies every directory the top-level CMakeLists.txt adds (or the
# image's configure step fails), and the compose file wires three nodes as README says; and
# what the setup must never ship: a fixed admin token or database password, ports open to every
# interface, a node running as root. make-env.sh makes per-deployment secrets, 0600.
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
    grep -q "\"127.0.0.1:$port:8000\"" "$compose" ||
        { echo "compose.yml does not publish $port on 127.0.0.1 only"; status=1; }
done
# Every entry of every ports list (and no long-form "- target:" entries, which this cannot read).
for entry in $(grep -E '^\s*ports:' "$compose" | grep -oE '"[^"]*"'); do
    [[ $entry == \"127.0.0.1:* ]] || { echo "compose.yml publishes $entry beyond loopback"; status=1; }
done
if grep -qE '^\s*-\s*(target|published):' "$compose" ||
    grep -E '^\s*ports:' "$compose" | grep -qvE '^\s*ports: \['; then
    echo "compose.yml: write ports as [\"127.0.0.1:HOST:CONTAINER\", ...] (checked here)"; status=1
fi
grep -q 'API_TOKEN: ${MBC_API_TOKEN:?' "$compose" ||
    { echo "compose.yml: API_TOKEN must come from the deployment's .env (required)"; status=1; }
grep -q 'POSTGRES_PASSWORD: ${MBC_POSTGRES_PASSWORD:?' "$compose" ||
    { echo "compose.yml: POSTGRES_PASSWORD must come from the deployment's .env"; status=1; }
if grep -E '(API_TOKEN|PASSWORD):\s*[^$ ]' "$compose" | grep -v '\${' >/dev/null ||
    grep -q 'postgres:postgres@' "$compose"; then
    echo "compose.yml holds a fixed secret"; status=1
fi
grep -qE '^USER [a-z]' "$dockerfile" && ! grep -qE '^USER root' "$dockerfile" ||
    { echo "Dockerfile: the node must run as an unprivileged USER"; status=1; }
grep -qx '/packaging/docker/.env' "$root/.gitignore" ||
    { echo ".gitignore must keep packaging/docker/.env out of git"; status=1; }

# make-env.sh: two random 64-hex secrets in a 0600 file, kept when run again.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$root/packaging/docker/make-env.sh" "$work/"
"$work/make-env.sh" >/dev/null
env_file=$work/.env
[ "$(stat -c %a "$env_file")" = 600 ] || { echo "make-env.sh: .env is not 0600"; status=1; }
token=$(sed -n 's/^MBC_API_TOKEN=//p' "$env_file")
password=$(sed -n 's/^MBC_POSTGRES_PASSWORD=//p' "$env_file")
[[ $token =~ ^[0-9a-f]{64}$ && $password =~ ^[0-9a-f]{64}$ && $token != "$password" ]] ||
    { echo "make-env.sh: expected two different 64-hex secrets"; status=1; }
before=$(cat "$env_file")
"$work/make-env.sh" >/dev/null
[ "$(cat "$env_file")" = "$before" ] || { echo "make-env.sh replaced an existing .env"; status=1; }
[ "$(grep -c 'BOOTSTRAP_PEERS: http://node1:8000' "$compose")" -eq 2 ] ||
    { echo "compose.yml: node2 and node3 should bootstrap from node1"; status=1; }
[ $status -eq 0 ] && echo "the Dockerfile copies every CMake subdirectory and runs unprivileged;" \
    "compose wires node1-3 on loopback with per-deployment secrets"
exit $status
