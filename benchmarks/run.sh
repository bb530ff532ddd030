#!/usr/bin/env bash
# The benchmark command (benchmarks/README.md): installs wrk, nginx and perf if they are missing, builds in Release and runs every benchmark
# in one go (load against direct/gateway/YARP/nginx, the CPU profile with perf, distributed rate limiting, the fleet
# simulation, start-up, the saga, BenchmarkDotNet), then writes benchmarks/RESULTS.md and benchmarks/results.svg. Takes
# about 20 minutes; loopback only. Arguments go to the benchmark program: --quick (a few minutes, no BenchmarkDotNet and
# no profile), --output <directory>.
#
# `benchmarks/run.sh saga [--orders 200] [--concurrency 16] ...` runs only the saga benchmark and prints its section.
# `benchmarks/run.sh profile [--recording-s 8] ...` runs only the CPU profile (perf) and prints its section.
#
# Either way the saga is measured on the Durable engine and, first, on the engine it replaced (the gateway's own
# Table-outbox saga, removed after commit $SAGA_BASELINE_COMMIT, default 5652536): that commit is checked out into a
# temporary git worktree, its benchmark program is built in Release there and the saga benchmark runs its `saga` mode
# with the same options. The worktree is removed on exit; nothing of the old engine comes back into this checkout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

mode=all
baseline_option=--saga-baseline
if [[ "${1:-}" == saga ]]; then
  mode=saga
  baseline_option=--baseline
  shift
elif [[ "${1:-}" == profile ]]; then
  mode=profile
  shift
fi

if [[ $mode != saga ]]; then
  bash benchmarks/install-tools.sh
fi
# Also builds the gateway and the orders service: the benchmarks run both from their build output.
dotnet build -c Release tests/Serverless.Gateway.Benchmarks

# The profile needs no saga baseline.
if [[ $mode == profile ]]; then
  exec dotnet run -c Release --no-build --project tests/Serverless.Gateway.Benchmarks -- profile "$@"
fi

SAGA_BASELINE_COMMIT="${SAGA_BASELINE_COMMIT:-5652536}"
baseline_dir="$(mktemp -d "${TMPDIR:-/tmp}/serverless-saga-baseline.XXXXXX")"
remove_baseline() {
  git worktree remove --force "$baseline_dir/src" >/dev/null 2>&1 || true
  rm -rf "$baseline_dir"
}
trap remove_baseline EXIT

baseline=()
if git cat-file -e "$SAGA_BASELINE_COMMIT^{commit}" 2>/dev/null; then
  echo "Building the saga benchmark of commit $SAGA_BASELINE_COMMIT (the engine the Durable one replaced) in $baseline_dir/src"
  git worktree add --detach --quiet "$baseline_dir/src" "$SAGA_BASELINE_COMMIT"
  # The same Azurite as this checkout when the lock file is the same: no second npm install.
  if [[ -d node_modules ]] && cmp -s package-lock.json "$baseline_dir/src/package-lock.json"; then
    ln -s "$PWD/node_modules" "$baseline_dir/src/node_modules"
  fi
  if ! dotnet build -c Release "$baseline_dir/src/tests/Serverless.Gateway.Benchmarks" >"$baseline_dir/build.log" 2>&1; then
    tail -n 40 "$baseline_dir/build.log" >&2
    echo "The build of commit $SAGA_BASELINE_COMMIT failed." >&2
    exit 1
  fi
  baseline=("$baseline_option" "$baseline_dir/src/tests/Serverless.Gateway.Benchmarks/bin/Release/net10.0/Serverless.Gateway.Benchmarks.dll")
else
  echo "Commit $SAGA_BASELINE_COMMIT is not in this clone (a shallow clone?): the saga is measured on the Durable engine only." >&2
fi

dotnet run -c Release --no-build --project tests/Serverless.Gateway.Benchmarks -- "$mode" "$@" "${baseline[@]}"
