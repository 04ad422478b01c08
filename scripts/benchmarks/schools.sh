#!/usr/bin/env bash
# A local authority's server: `scripts/benchmarks/schools.sh [SCHOOLS] [RESULTS_FILE]` (default
# 1000 schools), on PostgreSQL (under scripts/with-postgres, started here when DATABASE_URL is not
# a postgres:// one).
#
#   1. Setup, not measured: SCHOOLS schools in the directory (`kite-server school add`); the
#      server's first start migrates every school's schema (timed on its own, "first start");
#      then, a process a school, a class of 30 pupils (`dev seed class`) and TABLETS tablets with
#      their tokens (`dev seed tablets`).
#   2. Measured: the server restarted, from spawn until every school's host answers
#      /api/v1/health, and its resident memory then.
#   3. Monday morning (server/examples/monday.rs): every tablet comes back online within SPREAD
#      seconds and drains the day's outbox; each sync's latency, 5xx and refusals are counted,
#      one batch is sent again (all duplicates). Then each school's schema is counted with psql:
#      every item acknowledged is stored, once. Memory again after the load.
#
# Prints the figures, and appends BUDGET lines (start ≤ 10 s, RSS ≤ 500 MB, no 5xx, every item
# stored once) to RESULTS_FILE for scripts/bench's table. Exits non-zero, saying why (with the
# server's last log lines), when the server does not start or an item is lost or doubled.
#
# Environment: KITE_SERVER_BIN and KITE_MONDAY_BIN (default: a release build made here),
# TABLETS (20 a school), SPREAD (60 s), JOBS (parallel setup processes, 2), FIRST_START_TIMEOUT
# (1800 s: migrating a schema takes longer as the database holds more) and START_TIMEOUT (600 s),
# KITE_MONDAY_DEADLINE_SECS (1200: when the load generator stops retrying what is left),
# KITE_PG_MAX_CONNECTIONS (for the throwaway cluster: 100, PostgreSQL's own default, which a server of any number of schools fits in).
source "$(dirname "$0")/../lib.sh"

if [[ "${DATABASE_URL:-}" != postgres* ]]; then
  export KITE_PG_MAX_CONNECTIONS="${KITE_PG_MAX_CONNECTIONS:-100}"
  exec ./scripts/with-postgres "$0" "$@"
fi

SCHOOLS="${1:-1000}"
RESULTS="${2:-/dev/null}"
TABLETS="${TABLETS:-20}"
SPREAD="${SPREAD:-60}"
JOBS="${JOBS:-2}"
FIRST_START_TIMEOUT="${FIRST_START_TIMEOUT:-1800}"
START_TIMEOUT="${START_TIMEOUT:-600}"
if [ -z "${KITE_SERVER_BIN:-}" ] || [ -z "${KITE_MONDAY_BIN:-}" ]; then
  say "Building the server and the Monday-morning load generator (release)"
  cargo build --release -p kite-server --bin kite-server --example monday
fi
SERVER="${KITE_SERVER_BIN:-$CARGO_TARGET_DIR/release/kite-server}"
MONDAY="${KITE_MONDAY_BIN:-$CARGO_TARGET_DIR/release/examples/monday}"
# Every tablet may be mid-request at once; each is a socket on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

DATA="$(mktemp -d)"
SERVER_PID=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap 'stop_server; rm -rf "$DATA"' EXIT
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
kite() { "$SERVER" --data-dir "$DATA" "$@"; }
slug() { printf 's%04d' "$1"; }
HOST_SUFFIX=.bench.kite.test
host() { echo "$1$HOST_SUFFIX"; }

# `start_server NAME TIMEOUT`: starts the server and sets STARTED_IN to the seconds from spawn
# until every school's host answered /api/v1/health (asked in order, each until it answers).
# Fails with the log's tail if the server exits or takes longer than TIMEOUT seconds.
start_server() {
  local log="$DATA/server-$1.log" began
  began="$(date +%s.%N)"
  # Tablets are limited to a few requests a second each; here a tablet sends one or two. No
  # backtrace, so that a failed start's last lines are its error.
  RUST_BACKTRACE=0 RUST_LIB_BACKTRACE=0 KITE_DEVICE_RATE=100000 "$SERVER" --data-dir "$DATA" serve --port "$PORT" --dist "$DATA/no-dist" \
    >"$log" 2>&1 &
  SERVER_PID=$!
  if ! python3 "$(dirname "$0")/schools_answering.py" "$PORT" "$SERVER_PID" "$began" "$2" "$DATA/hosts" \
    >"$DATA/started"
  then
    echo "server did not start ($1 start, $SCHOOLS schools): its last log lines:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  STARTED_IN="$(cat "$DATA/started")"
}

rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

say "Setup: $SCHOOLS schools, $TABLETS tablets each (not measured)"
began=$SECONDS
for i in $(seq "$SCHOOLS"); do
  kite school add "$(slug "$i")" --name "Bench Primary $i" --host "$(host "$(slug "$i")")" >/dev/null
  host "$(slug "$i")" >>"$DATA/hosts"
done
echo "  $SCHOOLS schools in the directory in $((SECONDS - began)) s"
start_server first "$FIRST_START_TIMEOUT"
FIRST_START="$STARTED_IN"
echo "  first start (migrating $SCHOOLS schools): $FIRST_START s"

seed_school() {
  local slug="$1" pupils=() first initial
  # A class of 30 (first names and last initials, as a school's list has them) to sign the AUP.
  for first in Amira Ben Chloe Dev Ella Finn Grace Hamza Isla Jack; do
    for initial in A B C; do pupils+=(--pupil "$first $initial"); done
  done
  kite --school "$slug" dev seed class --name "Oak" --band ks1 "${pupils[@]}" >/dev/null
  kite --school "$slug" dev seed tablets --count "$TABLETS" >"$DATA/enrolled/$slug.json"
}
export -f seed_school kite host
export SERVER DATA TABLETS HOST_SUFFIX
mkdir "$DATA/enrolled"
began=$SECONDS
# Each school's class and tablets in a process of its own, JOBS at a time.
for i in $(seq "$SCHOOLS"); do slug "$i"; echo; done \
  | xargs -P "$JOBS" -I{} bash -c 'set -euo pipefail; seed_school {}' \
  || { echo "setup failed" >&2; exit 1; }
# `slug host token`, a line a tablet, for the load generator.
python3 - "$DATA/enrolled" "$HOST_SUFFIX" >"$DATA/tablets" <<'PY'
import json, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    for token in json.loads(f.read_text())["tokens"]:
        print(f.stem, f.stem + sys.argv[2], token)
PY
echo "  $(wc -l <"$DATA/tablets") tablets enrolled and $SCHOOLS classes made in $((SECONDS - began)) s"
stop_server

say "Start: the server with $SCHOOLS schools, from spawn until every school answers"
start_server measured "$START_TIMEOUT"
START="$STARTED_IN"
RSS_STARTED="$(rss_mb)"
echo "  started in $START s; resident memory $RSS_STARTED MB"

say "Monday morning: every tablet back online within $SPREAD s, draining the day's outbox"
"$MONDAY" "$URL" "$SPREAD" "$DATA/tablets" "$DATA/counts" | tee "$DATA/monday" | grep -v "^FIGURE"
RSS_LOADED="$(rss_mb)"
echo "  resident memory after the morning: $RSS_LOADED MB"
figure() { awk -v n="$1" '$1 == "FIGURE" && $2 == n { print $3 }' "$DATA/monday"; }

say "Stored once: each school's records counted in its schema"
{
  for i in $(seq "$SCHOOLS"); do
    s="$(slug "$i")"
    [ "$i" -gt 1 ] && echo "UNION ALL"
    echo "SELECT '$s', (SELECT count(*) FROM school_$s.reports), (SELECT count(*) FROM school_$s.lesson_records), (SELECT count(*) FROM school_$s.pupil_signatures)"
  done
  echo "ORDER BY 1;"
} >"$DATA/count.sql"
psql "$DATABASE_URL" -X -q -At -F ' ' -f "$DATA/count.sql" >"$DATA/stored"
sort "$DATA/counts" >"$DATA/acked"
if [ "$(figure stored)" = "$(figure items)" ] && diff -q "$DATA/acked" "$DATA/stored" >/dev/null \
  && [ "$(figure resend_all_duplicates)" = 1 ]; then
  STORED_ONCE=1
  echo "  every item stored once: $(figure items) items acknowledged, the same in each school's tables; a batch sent again stored nothing more"
else
  STORED_ONCE=0
  echo "  NOT stored once: $(figure stored) of $(figure items) acknowledged; schools whose tables differ (acknowledged | stored):"
  diff "$DATA/acked" "$DATA/stored" | head -n 10
fi

{
  echo "BUDGET schools_${SCHOOLS}_start_s $START <= 10"
  echo "BUDGET schools_${SCHOOLS}_rss_after_start_mb $RSS_STARTED <= 500"
  echo "BUDGET schools_${SCHOOLS}_rss_after_monday_mb $RSS_LOADED <= 500"
  echo "BUDGET schools_${SCHOOLS}_monday_5xx $(figure server_errors) <= 0"
  echo "BUDGET schools_${SCHOOLS}_monday_stored_once $STORED_ONCE >= 1"
} | tee -a "$RESULTS"
say "Summary"
echo "  $SCHOOLS schools, $(figure tablets) tablets, $(figure items) items; first start $FIRST_START s;" \
  "start $START s; memory $RSS_STARTED MB after the start, $RSS_LOADED MB after the morning;" \
  "every outbox empty after $(figure drained_s) s;" \
  "sync p50/p95/p99/max $(figure p50_ms)/$(figure p95_ms)/$(figure p99_ms)/$(figure max_ms) ms;" \
  "5xx $(figure server_errors); stored once: $([ "$STORED_ONCE" = 1 ] && echo yes || echo NO)"
[ "$STORED_ONCE" = 1 ]
