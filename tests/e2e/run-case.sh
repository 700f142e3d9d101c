#!/usr/bin/env bash
# Runs one end-to-end case: tests/e2e/cases/<name>/case.sh, with the helpers of lib.sh.
# Usage: run-case.sh BREACHLETTER CASE_DIR SOURCE_DIR
set -uo pipefail
BIN=$(realpath "$1")
CASE=$(realpath "$2")
SRC=$(realpath "$3")
OUT=$(mktemp -d "${TMPDIR:-/tmp}/bl-e2e.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
export BIN CASE SRC OUT
cd "$SRC" || exit 1
# shellcheck source=lib.sh
source "$SRC/tests/e2e/lib.sh"
[ -f "$CASE/case.sh" ] || { echo "FAIL: no case $CASE/case.sh" >&2; exit 1; }
# shellcheck disable=SC1091
source "$CASE/case.sh"
finish
