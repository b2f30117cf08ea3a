#!/usr/bin/env bash
# Starts the three services (bin/run, with its local PostgreSQL) and Debian's nginx with nself.conf in
# front of them, then checks each edge behaviour through nginx. Exits non-zero on the first failure.
# Needs: nginx, curl, the built jars (mvn -DskipTests package). Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d)
port=${NSELF_EDGE_PORT:-18080}
export PLUGIN_SECRET=edge-check-secret-0123456789
export NSELF_LOCAL_PG_PORT=${NSELF_LOCAL_PG_PORT:-54339}
# every crash alert kind opens an incident in the incident-fn beside it (bin/run wires the URL and token)
export NSELF_CRASH_ALERTS_INCIDENT_KINDS=group.created,group.regressed,group.velocity,crash_rate.spike
pids=()
cleanup() {
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x "$nginx_bin" ]] || { echo "FAIL: nginx is not installed (apt-get install nginx)"; exit 1; }

# the services, with a throw-away local database
NSELF_SKIP_BUILD=1 NSELF_STATE_DIR="$work/state" bash -c "cd '$root' && exec bin/run" > "$work/run.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 900); do
  grep -q "nSentry functions are running" "$work/run.log" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/run.log"; echo "FAIL: services did not start"; exit 1; }
  sleep 0.2
done
if ! grep -q "nSentry functions are running" "$work/run.log"; then
  cat "$work/run.log"
  for log in "$work"/state/logs/*.log; do echo "--- $log"; tail -15 "$log"; done
  echo "FAIL: services did not start in 180s"
  exit 1
fi

# nginx with the shipped configuration, rendered for this machine
NSELF_INGEST_RATE=2 NSELF_INGEST_BURST=5 infra/nginx/render.sh "127.0.0.1:$port" api.localhost > "$work/nself.conf"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  include $work/nself.conf;
}
CONF
"$nginx_bin" -t -p "$work" -c "$work/nginx.conf" 2>&1 | tail -1
"$nginx_bin" -p "$work" -c "$work/nginx.conf"

failures=0
passes=0
check() { # description, expected, actual
  if [[ "$2" == "$3" ]]; then echo "ok   - $1"; passes=$((passes + 1)); else echo "FAIL - $1: expected '$2', got '$3'"; failures=$((failures + 1)); fi
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
edge="http://127.0.0.1:$port"
bearer=(-H "Authorization: Bearer $PLUGIN_SECRET")
# the issue-11 probe: an unsigned JWT (alg none) naming another account and claiming the operator, against
# the configuration bin/run ships (PLUGIN_SECRET, no HASURA_GRAPHQL_JWT_SECRET)
b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
unsigned="$(b64 '{"alg":"none","typ":"JWT"}').$(b64 '{"sub":"x","exp":4102444800,"nself_auth":"plugin_secret","https://hasura.io/jwt/claims":{"x-hasura-source-account-id":"victim"}}')."

for plugin in nself-crash nself-incident-mgmt nself-anomaly; do
  check "$plugin /health is open" 200 "$(status -H 'Host: api.localhost' "$edge/$plugin/health")"
  check "$plugin /ready is open" 200 "$(status -H 'Host: api.localhost' "$edge/$plugin/ready")"
  check "$plugin management route without a token is refused at the edge" 401 \
    "$(status -H 'Host: api.localhost' "$edge/$plugin/api/v1/auth/verify")"
  check "$plugin management route with a wrong token is refused" 401 \
    "$(status -H 'Host: api.localhost' -H 'Authorization: Bearer nope' "$edge/$plugin/api/v1/auth/verify")"
  check "$plugin management route with an unsigned JWT is refused" 401 \
    "$(status -H 'Host: api.localhost' -H "Authorization: Bearer $unsigned" "$edge/$plugin/api/v1/auth/verify")"
  check "$plugin management route with the bearer passes" 204 \
    "$(status -H 'Host: api.localhost' "${bearer[@]}" "$edge/$plugin/api/v1/auth/verify")"
done

account() { curl -s -D - -o /dev/null "$@" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-nself-account" {print $2}'; }
check "an app subdomain sets X-App-Name" acme \
  "$(account -H 'Host: acme.api.localhost' "${bearer[@]}" "$edge/nself-incident-mgmt/api/v1/auth/verify")"
check "a client cannot choose another account on an app subdomain" acme \
  "$(account -H 'Host: acme.api.localhost' -H 'X-App-Name: victim' "${bearer[@]}" "$edge/nself-anomaly/api/v1/auth/verify")"
check "the bare API host is the primary account" primary \
  "$(account -H 'Host: api.localhost' -H 'X-App-Name: victim' "${bearer[@]}" "$edge/nself-crash/api/v1/auth/verify")"

dsn=$(curl -s -H 'Host: acme.api.localhost' "${bearer[@]}" -H 'Content-Type: application/json' -d '{"name":"edge"}' \
  "$edge/nself-crash/api/v1/projects" | sed -E 's/.*"dsn":"([^"]*)".*/\1/')
check "a DSN issued through the edge names the edge's host and path" yes \
  "$([[ "$dsn" == *"@acme.api.localhost"*"/nself-crash/"* ]] && echo yes || echo "no ($dsn)")"

# two services together: a new crash group raises an alert that crash-fn's job delivers to incident-fn
crash='{"event_id":"'$(cat /proc/sys/kernel/random/uuid)'","level":"fatal","release":"edge@1","exception":{"values":[{"type":"SIGSEGV","value":"edge check","mechanism":{"type":"signalhandler","handled":false},"stacktrace":{"frames":[{"function":"edge_check_crash","in_app":true}]}}]}}'
check "a crash is ingested through the edge" 200 \
  "$(status -H 'Host: acme.api.localhost' -H 'Content-Type: application/json' -d "$crash" "$edge/nself-crash/api/v1/ingest/crash")"
opened=no
for _ in $(seq 1 60); do
  if curl -s -H 'Host: acme.api.localhost' "${bearer[@]}" "$edge/nself-incident-mgmt/api/v1/incidents" \
      | grep -q 'New crash: SIGSEGV: edge check'; then opened=yes; break; fi
  sleep 1
done
check "the new crash group opened an incident in incident-fn, in the same account" yes "$opened"
if [[ $opened != yes ]]; then
  curl -s -H 'Host: acme.api.localhost' "${bearer[@]}" "$edge/nself-crash/api/v1/alerts"; echo
  tail -20 "$work/state/logs/crash-fn.log"
fi
check "and no other account sees it" no \
  "$(curl -s -H 'Host: other.api.localhost' "${bearer[@]}" "$edge/nself-incident-mgmt/api/v1/incidents" | grep -q 'edge check' && echo yes || echo no)"

big="$work/big.json"; head -c $((3 * 1024 * 1024)) /dev/zero | tr '\0' 'x' > "$big"
check "an oversized public ingest body is refused at the edge" 413 \
  "$(status -H 'Host: api.localhost' -H 'Content-Type: application/json' --data-binary @"$big" "$edge/nself-crash/api/v1/ingest/crash")"
limited=0
for _ in $(seq 1 40); do
  code=$(status -H 'Host: api.localhost' -H 'Content-Type: application/json' -d '{}' "$edge/nself-crash/api/v1/ingest/crash")
  [[ "$code" == 429 ]] && limited=$((limited + 1))
done
check "a burst of public ingest is rate-limited with 429" yes "$([[ $limited -gt 0 ]] && echo yes || echo "no ($limited of 40)")"
check "an unknown path is 404 at the edge" 404 "$(status -H 'Host: api.localhost' "$edge/etc/passwd")"
exposed=$( (ss -ltnH 2>/dev/null || netstat -ltn 2>/dev/null) | awk '{print $4}' | grep -E ':(3841|3833|3842)$' | grep -vE '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[::1\]):' || true)
check "the services listen on loopback only" "" "$exposed"

echo "edge: $passes passed, $failures failed"
[[ $failures -eq 0 ]]
