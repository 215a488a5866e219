#!/usr/bin/env bash
# Writes packaging/docker/.env for compose.yml: a random admin token and PostgreSQL password for
# this deployment (git ignores the file; it is readable by its owner only). An existing .env is
# kept, so running this again changes nothing; delete it to make new secrets (and recreate the
# database volume, which keeps the old password).
set -euo pipefail
env_file="$(cd "$(dirname "$0")" && pwd)/.env"
if [ -f "$env_file" ]; then
    echo "$env_file exists; kept"
    exit 0
fi
random() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
umask 077
{
    echo "# Made by make-env.sh for this deployment; keep it secret."
    echo "MBC_API_TOKEN=$(random)"
    echo "MBC_POSTGRES_PASSWORD=$(random)"
} >"$env_file"
echo "wrote $env_file (the admin token is MBC_API_TOKEN in it)"
