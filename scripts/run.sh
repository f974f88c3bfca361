#!/usr/bin/env bash
# The run command: set-up and build, a private MariaDB (data in .data/dev,
# reused if already running), migrations, then Prefill serving the sandbox
# forms on 127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --run

db_dir=".data/dev"
scripts/mariadb.sh start "$db_dir"
export PREFILL_DB="${PREFILL_DB:-$(scripts/mariadb.sh url "$db_dir" prefill)}"
export PREFILL_LISTEN="${PREFILL_LISTEN:-127.0.0.1:8080}"
export PREFILL_FORMS="${PREFILL_FORMS:-forms}"
build/src/prefill migrate

cat <<TXT

Prefill is starting on http://$PREFILL_LISTEN
  demo shop:     http://$PREFILL_LISTEN/sandbox/shop   (sandbox: no money moves)
  hosted form:   http://$PREFILL_LISTEN/form/demo_sandbox_hash_0001
  form API:      http://$PREFILL_LISTEN/forms/config?hash=demo_sandbox_hash_0001
  health:        http://$PREFILL_LISTEN/healthz   readiness: http://$PREFILL_LISTEN/readyz   metrics: /metrics
  forms:         $PREFILL_FORMS/  (live and sandbox hashes are in each form file)
  stop:          Ctrl-C (MariaDB keeps running; stop it with: scripts/mariadb.sh stop $db_dir)

TXT
exec build/src/prefill serve
