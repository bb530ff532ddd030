#!/usr/bin/env bash
# The README's benchmark command: installs wrk and nginx if they are missing, builds in Release and runs every benchmark
# in one go (load against direct/gateway/YARP/nginx, distributed rate limiting, start-up, the saga, BenchmarkDotNet),
# then writes benchmarks/RESULTS.md and benchmarks/results.svg. Takes about 20 minutes; loopback only.
# Arguments go to the benchmark program: --quick (a few minutes, no BenchmarkDotNet), --output <directory>.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

bash benchmarks/install-tools.sh
dotnet build -c Release tests/Serverless.Gateway.Benchmarks
dotnet run -c Release --no-build --project tests/Serverless.Gateway.Benchmarks -- all "$@"
