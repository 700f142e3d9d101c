#!/usr/bin/env bash
# Builds breachletter and runs every test (unit and end-to-end) with CTest.
#   bash tests/run.sh              build in build/ and run the tests
#   bash tests/run.sh --sanitize   also build in build-asan/ with ASan + UBSan and run them there
# With --sanitize both passes always run, whatever the first one found, and both are reported at
# the end; the exit status is non-zero when either failed.
# When the environment variable CI is set, a test that CTest skipped (exit 77: a tool it needs is
# missing) fails the pass: CI installs every dependency, so a skip there hides a broken install.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
bash .ci/install-deps.sh || exit 2
jobs=$(nproc 2>/dev/null || echo 2)

# pass NAME BUILD_DIR CMAKE_ARGS...: configures, builds and tests one build; 0 when all passed
# (and, on CI, none was skipped)
pass() {
    local name=$1 dir=$2 rc
    shift 2
    cmake -S . -B "$dir" -DBL_WERROR=ON "$@" >/dev/null &&
        cmake --build "$dir" -j "$jobs" || return 1
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" 2>&1 | tee "$dir/ctest.log"
    rc=${PIPESTATUS[0]}
    if [ -n "${CI:-}" ] && grep -q 'The following tests did not run' "$dir/ctest.log"; then
        echo "tests/run.sh: $name: a test was skipped; on CI every test must run" >&2
        rc=1
    fi
    return "$rc"
}

pass plain build -DCMAKE_BUILD_TYPE=RelWithDebInfo
plain=$?
results="plain: $([ "$plain" -eq 0 ] && echo passed || echo FAILED)"
sanitized=0
if [ "${1:-}" = "--sanitize" ]; then
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    pass sanitized build-asan -DCMAKE_BUILD_TYPE=Debug -DBL_SANITIZE=ON
    sanitized=$?
    results="$results; ASan+UBSan: $([ "$sanitized" -eq 0 ] && echo passed || echo FAILED)"
fi
echo "tests/run.sh: $results"
[ "$plain" -eq 0 ] && [ "$sanitized" -eq 0 ]
