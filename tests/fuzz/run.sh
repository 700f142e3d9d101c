#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan and runs them, seeded from the
# examples and the test data.
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]   (default: 1800 s each, every target)
# Each target runs for SECONDS of wall time, all of them in parallel at low priority. A crash
# leaves its input in build-fuzz/crashes/<target>/: fix the cause, then keep the input as a
# regression test (tests/data/hostile/) before deleting it.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-1800}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(incident template csv xml render)
command -v clang >/dev/null || { echo "clang is needed: apt-get install clang libclang-rt-14-dev" >&2; exit 2; }
CC=clang cmake -S . -B build-fuzz -DBL_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" >/dev/null

put() { # put DIR FILE...: copies files under names made from their paths
    local dir=$1
    shift
    for f in "$@"; do cp "$f" "$dir/$(echo "$f" | tr / _)"; done
}

seed() { # seed TARGET: copies example and test inputs into the working corpus
    local dir=build-fuzz/corpus/$1
    mkdir -p "$dir"
    case $1 in
        incident) put "$dir" examples/*/incident.xml tests/data/incident/*.xml tests/e2e/cases/*/*.xml \
                      tests/data/fuzz/incident/* ;;
        template) put "$dir" templates/us-notice/*.xml templates/us-notice/inserts/*.xml tests/data/template/*.xml ;;
        csv) put "$dir" examples/*/recipients.csv tests/data/source/*.csv tests/e2e/cases/*/recipients.csv ;;
        xml) put "$dir" tests/data/source/*.xml tests/e2e/cases/*/recipients.xml ;;
        render) put "$dir" examples/medusind-2023/recipients.csv ;;
    esac
}

pids=()
for t in "${targets[@]}"; do
    seed "$t"
    mkdir -p "build-fuzz/crashes/$t"
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
    nice -n 10 "build-fuzz/tests/fuzz/fuzz_$t" "build-fuzz/corpus/$t" \
        -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix="build-fuzz/crashes/$t/" -print_final_stats=1 \
        > "build-fuzz/fuzz_$t.log" 2>&1 &
    pids+=($!)
done
status=0
for i in "${!pids[@]}"; do
    if wait "${pids[$i]}"; then
        echo "fuzz_${targets[$i]}: no crash in ${seconds} s ($(grep -o 'stat::number_of_executed_units: [0-9]*' "build-fuzz/fuzz_${targets[$i]}.log" | grep -o '[0-9]*$') runs)"
    else
        echo "fuzz_${targets[$i]}: CRASH, see build-fuzz/fuzz_${targets[$i]}.log and build-fuzz/crashes/${targets[$i]}/"
        status=1
    fi
done
exit $status
