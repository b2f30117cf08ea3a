#!/usr/bin/env bash
# No Docker engine runs on the build machines, so this checks each Dockerfile as far as a shell can:
#   1. the build stage's WORKDIR/COPY/RUN steps run for real in a scratch copy of the repository;
#   2. every COPY --from=build source of the runtime stage exists afterwards;
#   3. the runtime stage's ENV and ENTRYPOINT start that artifact, and its HEALTHCHECK command
#      reports healthy (against a throw-away local PostgreSQL).
# Runtime-stage RUN steps (apt-get, useradd) are not run: they would change this machine.
# Usage: infra/containers/dry-build.sh [module …]   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
modules=("$@"); ((${#modules[@]})) || modules=(crash-fn incident-fn anomaly-fn)
scratch=$(mktemp -d)
pg_pid=""
cleanup() { [[ -n "$pg_pid" ]] && kill "$pg_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT

[[ -f local-db/target/local-db.jar ]] || mvn -B -q -pl local-db -DskipTests package
pg_port=54361
java -jar local-db/target/local-db.jar --data "$scratch/pg" --port $pg_port > "$scratch/pg.log" 2>&1 &
pg_pid=$!
for _ in $(seq 1 150); do grep -q '^READY' "$scratch/pg.log" && break; sleep 0.2; done
grep -q '^READY' "$scratch/pg.log" || { cat "$scratch/pg.log"; echo "FAIL: local PostgreSQL"; exit 1; }

passed=0; failed=0
for module in "${modules[@]}"; do
  dockerfile="infra/containers/$module.Dockerfile"
  ctx="$scratch/$module/src"; mkdir -p "$ctx"
  echo "== $dockerfile"
  stage=""; workdir="$ctx"; declare -A env=(); entrypoint=""; healthcheck=""; copies=()
  # join continuation lines, drop comments
  while IFS= read -r line; do
    case "$line" in
      FROM*" AS "*) stage=build ;;
      FROM*) stage=runtime ;;
      WORKDIR*)
        [[ $stage == build ]] && { workdir="$ctx"; mkdir -p "$workdir"; } ;;
      "COPY --from=build "*)
        read -r _ _ src _ <<<"$line"; copies+=("${src#/src/}") ;;
      "COPY . ."*)
        [[ $stage == build ]] && (cd "$root" && tar --exclude=./.git --exclude='*/target' --exclude=./.nself -cf - .) | (cd "$workdir" && tar -xf -) ;;
      RUN*)
        if [[ $stage == build ]]; then
          echo "   RUN ${line#RUN }"
          (cd "$workdir" && bash -c "${line#RUN }") || { echo "FAIL: $module build step"; failed=$((failed + 1)); continue 2; }
        else
          echo "   (not run here) RUN ${line#RUN }"
        fi ;;
      ENV*)
        [[ $stage == runtime ]] && eval "$(echo "${line#ENV }" | sed -E 's/([A-Z_]+)=("[^"]*"|[^ ]+)/env[\1]=\2;/g')" ;;
      ENTRYPOINT*) entrypoint=${line#ENTRYPOINT } ;;
      HEALTHCHECK*) healthcheck=${line#*CMD } ;;
    esac
  done < <(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dockerfile" | grep -v '^#' | sed -E 's/ +/ /g')

  for src in "${copies[@]}"; do
    [[ -f "$ctx/$src" ]] || { echo "FAIL: $module: COPY --from=build source $src was not built"; failed=$((failed + 1)); continue 2; }
    echo "   artifact $src ($(du -h "$ctx/$src" | cut -f1))"
  done
  # ENTRYPOINT ["java", "-jar", "/app/app.jar"] → run the copied artifact in place of /app/app.jar
  cmd=$(echo "$entrypoint" | tr -d '[]",' | sed "s#/app/app.jar#$ctx/${copies[0]}#")
  port=${env[PORT]}
  (
    for k in "${!env[@]}"; do export "$k=${env[$k]}"; done
    export HOST=127.0.0.1 DATABASE_URL="postgres://postgres:postgres@127.0.0.1:$pg_port/nself" PLUGIN_SECRET=dry-build-secret-0123456789
    exec $cmd
  ) > "$scratch/$module.log" 2>&1 &
  svc=$!
  healthy=no
  for _ in $(seq 1 90); do
    if (PORT=$port bash -c "$healthcheck") >/dev/null 2>&1; then healthy=yes; break; fi
    kill -0 $svc 2>/dev/null || break
    sleep 1
  done
  kill $svc 2>/dev/null; wait $svc 2>/dev/null || true
  if [[ $healthy == yes ]]; then
    echo "ok   - $module: built, started with the image's ENV/ENTRYPOINT, HEALTHCHECK healthy on port $port"
    passed=$((passed + 1))
  else
    tail -20 "$scratch/$module.log"; echo "FAIL - $module: HEALTHCHECK never passed"; failed=$((failed + 1))
  fi
done
echo "dockerfiles: $passed passed, $failed failed"
((failed == 0))
