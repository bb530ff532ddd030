#!/usr/bin/env bash
# Installs what the load benchmark drives and compares against, from Debian's packages: wrk (the load generator),
# nginx (the reverse proxy it is compared with) and perf (linux-perf, the profiler of the CPU profile). Does nothing when
# all three are there.
set -euo pipefail

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
command -v perf >/dev/null 2>&1 || missing+=(linux-perf)
(( ${#missing[@]} == 0 )) && exit 0

echo "== Installing ${missing[*]} (apt-get)"
sudo=()
(( EUID == 0 )) || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
# The benchmark starts nginx itself, with its own configuration on a free loopback port; the package's service must not
# start and take port 80 (exit code 101 tells invoke-rc.d that the action is forbidden).
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod +x "$policy"
  trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
