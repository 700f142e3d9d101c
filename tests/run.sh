#!/usr/bin/env bash
# Builds breachletter and runs every test (unit and end-to-end) with CTest.
#   bash tests/run.sh              build in build/ and run the tests
#   bash tests/run.sh --sanitize   also build in build-asan/ with ASan + UBSan and run them there
# With --sanitize both passes always run, whatever the first one found, and both are reported at
# the end; the exit status is non-zero when either failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
bash .ci/install-deps.sh || exit 2
jobs=$(nproc 2>/dev/null || echo 2)

# pass NAME BUILD_DIR CMAKE_ARGS...: configures, builds and tests one build; 0 when all passed
pass() {
    local name=$1 dir=$2
    shift 2
    cmake -S . -B "$dir" -DBL_WERROR=ON "$@" >/dev/null &&
        cmake --build "$dir" -j "$jobs" &&
        ctest --test-dir "$dir" --output-on-failure -j "$jobs"
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
