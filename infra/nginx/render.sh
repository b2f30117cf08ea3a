#!/bin/sh
# Renders nself.conf for one installation and prints it (POSIX sh: also runs in the nginx:alpine image).
# Usage: render.sh [listen] [server-name] [crash host:port] [incident host:port] [anomaly host:port]
# Env: NSELF_INGEST_RATE (requests/s per client, default 50), NSELF_INGEST_BURST (default 100).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
listen=${1:-80}
name=${2:-api.localhost}
regex=$(printf '%s' "$name" | sed 's/\./\\\\./g')
sed -e "s#__LISTEN__#$listen#" \
    -e "s#__SERVER_NAME_REGEX__#$regex#" \
    -e "s#__SERVER_NAME__#$name#g" \
    -e "s#__CRASH_UPSTREAM__#${3:-127.0.0.1:3841}#" \
    -e "s#__INCIDENT_UPSTREAM__#${4:-127.0.0.1:3833}#" \
    -e "s#__ANOMALY_UPSTREAM__#${5:-127.0.0.1:3842}#" \
    -e "s#__INGEST_RATE__#${NSELF_INGEST_RATE:-50}#" \
    -e "s#__INGEST_BURST__#${NSELF_INGEST_BURST:-100}#g" \
    -e "s#__AUTH_INCLUDE__#$here/auth-request.inc#g" \
    "$here/nself.conf"
