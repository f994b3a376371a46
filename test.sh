#!/usr/bin/env bash
# Runs every GreenIsland test suite and ends with one line: `N passed, N failed`.
#   ./test.sh                 everything: .NET unit + architecture tests, integration tests on SQLite and on a
#                             throwaway PostgreSQL, web unit tests (Vitest), browser tests (Playwright, Chromium)
#   ./test.sh --no-browser    skip the browser tests (for a quick local loop; CI never passes this)
# Exit code is non-zero when any test fails, a suite cannot run, or no test ran.
set -uo pipefail

root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
browser=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) browser=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
failed_steps="$results/failed-steps.txt"
: >"$failed_steps"

step() { printf '\n==> %s\n' "$*"; }
fail_step() { echo "$1" >>"$failed_steps"; echo "!! step failed: $1" >&2; }
# Remembers a suite's exit code next to the name of its result file (see scripts/summarize-tests.mjs).
suite_exit() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$results/suite-exits.tsv"; }

# npm ci only when node_modules is missing or older than the lock file.
npm_install() {
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    npm --prefix "$dir" ci --no-audit --no-fund --loglevel=error
  fi
}

pg_dir=""
cleanup() { [ -n "$pg_dir" ] && "$root/scripts/pg-throwaway.sh" stop "$pg_dir"; }
trap cleanup EXIT

web_ok=0
if [ -f web/package.json ]; then
  step "web UI: install and build (into the host's wwwroot)"
  if npm_install web && npm --prefix web run build; then web_ok=1; else fail_step "web build"; fi
fi

step ".NET: build the solution (Release)"
if ! dotnet build GreenIsland.slnx -c Release -nologo -clp:ErrorsOnly; then
  fail_step "dotnet build"
  node scripts/summarize-tests.mjs "$results"
  exit 1
fi

step "PostgreSQL: start a throwaway server"
pg_dir=$(mktemp -d /tmp/gi-test-pg-XXXXXX)
if conn=$("$root/scripts/pg-throwaway.sh" start "$pg_dir"); then
  export GI_TEST_POSTGRES="$conn"
  echo "PostgreSQL ready: $conn"
else
  fail_step "start PostgreSQL"
fi

for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  step ".NET tests: $name"
  dotnet test "$proj" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results/dotnet"
  suite_exit $? "$name" "$name"
  [ -f "$results/dotnet/$name.trx" ] || fail_step "$name (no results)"
done

if [ -f web/package.json ] && [ "$web_ok" = 1 ]; then
  step "web unit tests (Vitest)"
  npm --prefix web run test -- --reporter=default --reporter=junit --outputFile.junit="$results/web/web-unit.xml"
  suite_exit $? "web unit tests" web-unit
  [ -f "$results/web/web-unit.xml" ] || fail_step "web unit tests (no results)"
fi

if [ "$browser" = 1 ] && [ -f tests/e2e/package.json ]; then
  step "browser tests (Playwright, headless Chromium)"
  if [ "$web_ok" = 1 ] && npm_install tests/e2e; then
    # A free loopback port, so that a developer's running instance or a second checkout never collides.
    e2e_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    GI_E2E_PORT="$e2e_port" GI_E2E_JUNIT="$results/e2e/browser.xml" npm --prefix tests/e2e test
    suite_exit $? "browser tests" browser
    [ -f "$results/e2e/browser.xml" ] || fail_step "browser tests (no results)"
  else
    fail_step "browser tests (web UI not built or dependencies missing)"
  fi
fi

step "summary"
node scripts/summarize-tests.mjs "$results"
