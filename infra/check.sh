#!/usr/bin/env bash
# Builds and lints the Bicep in infra/ offline, with the Bicep CLI from the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (restored by infra/tools/Bicep.csproj; the .NET SDK is all it needs).
#
# Fails (exit 1) on any error, and on any warning not listed in ALLOWED_WARNINGS below. bicepconfig.json raises the
# linter rules that matter (hard-coded cloud URLs, secrets in parameters or outputs, unused parameters and
# variables, ...) to errors, so they fail here too.
#
# Usage: infra/check.sh            (from anywhere; run by the test suite, see Deployment/InfrastructureTests.cs)
set -euo pipefail

infra="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$infra/tools/Bicep.csproj"
package=azure.bicep.commandline.linux-x64

# Warnings accepted on purpose: one extended regular expression per entry, each with the reason next to it.
# There are none; keep it that way unless a warning cannot be fixed, and then say why here.
ALLOWED_WARNINGS=()

# No MSBuild node or build server may outlive the restore: it would hold the caller's output pipes open.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1

echo "== Restoring the Bicep CLI ($project)"
dotnet restore "$project" --verbosity quiet --disable-build-servers

# The version is the one the project pins; the package lands in the NuGet global packages folder.
version=$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/Ip' "$project")
packages=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')
bicep="${packages%/}/$package/$version/tools/bicep"
if [[ -z "$version" || ! -f "$bicep" ]]; then
  echo "The Bicep CLI was not found at '$bicep' after restoring $project." >&2
  exit 1
fi
# NuGet does not keep the executable bit.
chmod +x "$bicep"
echo "$("$bicep" --version)"

failed=0
diagnostics=$(mktemp)
trap 'rm -f "$diagnostics"' EXIT

run() {
  local label=$1
  shift
  echo "== $label"
  local status=0
  "$@" 2>"$diagnostics" >/dev/null || status=$?
  cat "$diagnostics"
  if ((status != 0)); then
    echo "FAILED: $label (exit code $status)"
    failed=1
  fi

  # Bicep writes one diagnostic per line: <file>(<line>,<col>) : <Level> <code>: <message>
  local warning allowed pattern unexplained=0
  while IFS= read -r warning; do
    allowed=0
    for pattern in ${ALLOWED_WARNINGS[@]+"${ALLOWED_WARNINGS[@]}"}; do
      if [[ "$warning" =~ $pattern ]]; then
        allowed=1
      fi
    done
    if ((!allowed)); then
      unexplained=$((unexplained + 1))
    fi
  done < <(grep -E ' : Warning ' "$diagnostics" || true)
  if ((unexplained > 0)); then
    echo "FAILED: $label reported $unexplained warning(s) not listed in ALLOWED_WARNINGS ($infra/check.sh)"
    failed=1
  fi
}

run "bicep build infra/main.bicep" "$bicep" build "$infra/main.bicep" --stdout
run "bicep lint infra/main.bicep" "$bicep" lint "$infra/main.bicep"

if ((failed)); then
  echo "infra check failed"
  exit 1
fi
echo "infra check passed: bicep build and bicep lint reported no errors and no warnings"
