#!/usr/bin/env bash
# Builds the web UI and the host, migrates the embedded SQLite database under data/, seeds the demo district on
# first start and serves GreenIsland at http://127.0.0.1:5080 (the demo accounts are printed at start-up). Once the host
# is ready, the demo's live feed (`greenisland simulate --sites 3`, ADR 0010) reports readings through the ingest API:
# the demo cabinets, time-compressed so that they cross 80 % within minutes, and an electricity meter (with PV and gas
# on some) at three demo enterprises' sites, the demo enterprise account's own first; it stops with the host.
#   GI_PORT=5090 ./run.sh     another port
#   ./run.sh --reset          delete data/greenisland.db first and start from a fresh demo district
#   GI_SIM_SPEED=1 ./run.sh   deposits in real time (default 1440: a simulated day per minute); GI_SIM_SPEED=0: no feed
set -euo pipefail

root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
port=${GI_PORT:-5080}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# --reset also forgets the feed's device keys: they belong to the devices of the deleted database.
if [ "${1:-}" = "--reset" ]; then rm -f data/greenisland.db data/greenisland.db-shm data/greenisland.db-wal data/simulator.json data/cabinet-keys.json; fi

if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  npm --prefix web ci --no-audit --no-fund --loglevel=error
fi
npm --prefix web run build
# The CLI references the host, so one build gives both (the simulator is the CLI's `simulate`).
dotnet build tools/GreenIsland.Cli/GreenIsland.Cli.csproj -c Release -nologo -clp:ErrorsOnly

mkdir -p data
export Database__Provider=Sqlite
export ConnectionStrings__GreenIsland="Data Source=$root/data/greenisland.db"
export Database__MigrateOnStartup=true
export Demo__Seed=true
export Demo__Enabled=true
speed=${GI_SIM_SPEED:-1440}
echo "GreenIsland starting at http://127.0.0.1:$port (Ctrl+C stops it; data in data/greenisland.db)"
dotnet src/GreenIsland.Host/bin/Release/net10.0/GreenIsland.Host.dll \
  --contentRoot "$root/src/GreenIsland.Host" --urls "http://127.0.0.1:$port" &
host=$!
feed=
stop() {
  trap - INT TERM EXIT
  if [ -n "$feed" ]; then kill "$feed" 2>/dev/null || true; fi
  kill "$host" 2>/dev/null || true
  wait "$host" 2>/dev/null || true
}
trap stop INT TERM EXIT

if [ "$speed" != "0" ]; then
  # The live feed starts once the host answers ready (first start migrates and seeds the demo district first).
  until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
    kill -0 "$host" 2>/dev/null || { wait "$host"; exit $?; }
    sleep 1
  done
  echo "Demo live feed: greenisland simulate --sites 3 --speed $speed (log in data/simulate.log)"
  dotnet tools/GreenIsland.Cli/bin/Release/net10.0/greenisland.dll simulate --url "http://127.0.0.1:$port" --sites 3 --speed "$speed" \
    --state data/simulator.json >data/simulate.log 2>&1 &
  feed=$!
fi
wait "$host"
