#!/usr/bin/env bash
# Builds the web UI and the host, migrates the embedded SQLite database under data/, seeds the demo district on
# first start and serves GreenIsland at http://127.0.0.1:5080 (the demo accounts are printed at start-up).
#   GI_PORT=5090 ./run.sh     another port
#   ./run.sh --reset          delete data/greenisland.db first and start from a fresh demo district
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
port=${GI_PORT:-5080}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" = "--reset" ]; then rm -f data/greenisland.db data/greenisland.db-shm data/greenisland.db-wal; fi

if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  npm --prefix web ci --no-audit --no-fund --loglevel=error
fi
npm --prefix web run build
dotnet build src/GreenIsland.Host/GreenIsland.Host.csproj -c Release -nologo -clp:ErrorsOnly

mkdir -p data
export Database__Provider=Sqlite
export ConnectionStrings__GreenIsland="Data Source=$root/data/greenisland.db"
export Database__MigrateOnStartup=true
export Demo__Seed=true
export Demo__Enabled=true
echo "GreenIsland starting at http://127.0.0.1:$port (Ctrl+C stops it; data in data/greenisland.db)"
exec dotnet src/GreenIsland.Host/bin/Release/net10.0/GreenIsland.Host.dll \
  --contentRoot "$root/src/GreenIsland.Host" --urls "http://127.0.0.1:$port"
