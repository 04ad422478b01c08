#!/usr/bin/env bash
# Durable ingest on one database: `ingest.sh <kite-server> <load> <label> <results-file>`.
# Starts the server on a fresh data dir (and on $DATABASE_URL when set, as scripts/with-postgres
# sets it), enrols 8 tablets, and measures reports/s one a request and 25 a request, 16
# connections, appending a budget line per figure (with the floor it must stay above) to the results file.
set -euo pipefail
SERVER="$1" LOAD="$2" LABEL="$3" RESULTS="$4"

DATA="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# Tablets are limited to a few requests a second each; the bench is one client posing as many.
KITE_DEVICE_RATE=100000 "$SERVER" --data-dir "$DATA" serve --port "$PORT" --dist "$DATA/no-dist" \
  >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null; rm -rf "$DATA"' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$URL/api/v1/health" >/dev/null && break; sleep 0.2; done
curl -sf "$URL/api/v1/health" >/dev/null || { cat "$DATA/server.log" >&2; exit 1; }

TOKENS=()
for i in $(seq 8); do TOKENS+=("$("$SERVER" --data-dir "$DATA" device add "bench $i" | tail -1)"); done

for spec in "1 1500" "25 5000"; do
  read -r batch floor <<<"$spec"
  line="$("$LOAD" sync "$URL" 5 16 "$batch" "${TOKENS[@]}")"
  echo "$LABEL, $batch a request: $line"
  echo "BUDGET ${LABEL}_reports_per_s_batch_$batch $(sed -E 's/.* ([0-9]+) durable reports\/s.*/\1/' <<<"$line") >= $floor" >>"$RESULTS"
done
