#!/usr/bin/env bash
# Start-up time to the first 200 on /health, and resident memory, for each function's fat jar.
# Usage: DATABASE_URL=postgres://… bench/startup.sh [runs] [java]
# Method: start the jar, poll /health every 10 ms from the moment of exec, record the elapsed time at the
# first 200 and VmRSS at that moment and after 200 sequential authenticated requests; median of N runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
java=${2:-java}
: "${DATABASE_URL:?set DATABASE_URL to a running PostgreSQL}"
export PLUGIN_SECRET=${PLUGIN_SECRET:-bench-secret-0123456789abcdef} LOG_FORMAT=text
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
printf '%-12s %-8s %12s %14s %16s\n' module jdk "start ms" "RSS at start" "RSS after 200 req"
for module in crash-fn incident-fn anomaly-fn; do
  starts=(); rss0=(); rss1=()
  for _ in $(seq 1 "$runs"); do
    port=$((20000 + RANDOM % 10000))
    t0=$(date +%s%N)
    PORT=$port $java -jar "$module/target/$module-0.1.0-SNAPSHOT.jar" >/dev/null 2>&1 &
    pid=$!
    deadline=$(( $(date +%s) + 120 ))
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
      kill -0 $pid 2>/dev/null && (( $(date +%s) < deadline )) || { echo "$module did not start" >&2; kill $pid 2>/dev/null; exit 1; }
      sleep 0.01
    done
    t1=$(date +%s%N)
    starts+=($(( (t1 - t0) / 1000000 )))
    rss0+=($(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status))
    for _ in $(seq 1 200); do
      curl -fsS -o /dev/null -H "Authorization: Bearer $PLUGIN_SECRET" "http://127.0.0.1:$port/api/v1/auth/verify"
    done
    rss1+=($(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status))
    kill $pid; wait $pid 2>/dev/null || true
  done
  jdk=$($java -version 2>&1 | head -1 | sed -E 's/.*version "([0-9]+).*/\1/')
  printf '%-12s %-8s %12s %14s %16s\n' "$module" "$jdk" "$(printf '%s\n' "${starts[@]}" | median)" \
    "$(printf '%s\n' "${rss0[@]}" | median) MiB" "$(printf '%s\n' "${rss1[@]}" | median) MiB"
done
