#!/usr/bin/env bash
# Many schools on SQLite: `scripts/benchmarks/sqlite-schools.sh [SCHOOLS]` (default 300). Not run
# by scripts/bench (a server of hundreds of schools belongs on PostgreSQL, schools.sh); kept to
# check what a schools file of many SQLite schools costs. Prints: the first start (migrating every
# school's file) and a restart, each until every school's host answers /api/v1/health, with the
# server's resident memory, open files and threads; then the same after 75 s and 135 s with no
# request (each school's files close after --sqlite-idle-secs, 60, on sqlx's next sweep).
#
# Environment: KITE_SERVER_BIN (default: a release build made here).
source "$(dirname "$0")/../lib.sh"
unset DATABASE_URL

SCHOOLS="${1:-300}"
if [ -z "${KITE_SERVER_BIN:-}" ]; then
  say "Building the server (release)"
  cargo build --release -p kite-server --bin kite-server
fi
SERVER="${KITE_SERVER_BIN:-$CARGO_TARGET_DIR/release/kite-server}"
DATA="$(mktemp -d)"
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$DATA"' EXIT
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

say "Setup: $SCHOOLS SQLite schools in the schools file"
for i in $(seq "$SCHOOLS"); do
  slug="$(printf 's%04d' "$i")"
  "$SERVER" --data-dir "$DATA" school add "$slug" --name "Bench Primary $i" --host "$slug.bench.kite.test" >/dev/null
  echo "$slug.bench.kite.test" >>"$DATA/hosts"
done

process() {
  printf 'resident memory %s MB, open files %s, threads %s' \
    "$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")" \
    "$(ls "/proc/$PID/fd" | wc -l)" "$(ls "/proc/$PID/task" | wc -l)"
}

start() {
  local began
  began="$(date +%s.%N)"
  "$SERVER" --data-dir "$DATA" serve --port "$PORT" --dist "$DATA/no-dist" >"$DATA/server-$1.log" 2>&1 &
  PID=$!
  python3 "$(dirname "$0")/schools_answering.py" "$PORT" "$PID" "$began" 600 "$DATA/hosts" >"$DATA/started" \
    || { tail -n 20 "$DATA/server-$1.log" >&2; exit 1; }
  echo "  $1: every school answered in $(cat "$DATA/started") s; $(process)"
}

say "Start"
start "first start (migrating)"
kill "$PID"; wait "$PID" 2>/dev/null || true
start "restart"
sleep 75
echo "  75 s with no request: $(process)"
sleep 60
echo "  135 s with no request: $(process)"
