#!/usr/bin/env bash
# Runtime smoke test: what `make run` and a production image install (requirements.txt alone, in a
# fresh venv) must rank. Builds the venv under a temporary directory, then runs
# .ci/smoke_runtime.py with it: python -m ml.predict, the app started as `make run` starts it, and
# sign-up → ranked set → /api/calculate/ over HTTP. Last line: `runtime smoke: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sbd-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "== runtime smoke: a fresh venv from requirements.txt alone ($WORK)"
start=$(date +%s)
"$PYTHON" -m venv "$WORK/venv"
if ! { "$WORK/venv/bin/python" -m pip install --quiet --upgrade pip &&
       "$WORK/venv/bin/python" -m pip install --quiet -r requirements.txt; } >"$WORK/pip.log" 2>&1; then
  grep -v "^WARNING: Location" "$WORK/pip.log" | tail -20
  echo "runtime smoke: 0 passed, 1 failed"
  echo "runtime smoke: pip install -r requirements.txt failed" >&2
  exit 1
fi
echo "   installed in $(($(date +%s) - start)) s"
status=0
"$WORK/venv/bin/python" .ci/smoke_runtime.py "$WORK" || status=$?
echo "   took $(($(date +%s) - start)) s"
if [ "$status" -ne 0 ]; then
  echo "runtime smoke: FAILED (see the lines above)" >&2
fi
exit "$status"
