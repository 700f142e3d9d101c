#!/usr/bin/env bash
# Compares every output of both shipped examples made by the working tree's build with those of
# another revision: letters, print books, manifests, errors, notices, the regulators' report,
# and check's report as text and JSON. For a restructuring that must change no byte.
#   bash bench/same-outputs.sh REV [BUILD_DIR]     (BUILD_DIR: build/, already built)
# Prints each file that differs and "N of M files identical"; exits 1 when any differs. A run's
# record (manifest.run.json) names the data folder's hash, so it differs whenever templates or
# rules do; its other members are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=$1
build=$(realpath "${2:-build}")
T=$(mktemp -d)
trap 'git worktree remove --force "$T/src" >/dev/null 2>&1 || true; rm -rf "$T"' EXIT
git worktree add -q --detach "$T/src" "$rev"
cmake -S "$T/src" -B "$T/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$T/build" -j "$(nproc)" --target breachletter >/dev/null

# outputs SRC BIN OUT
outputs() {
    local src=$1 bin=$2 out=$3 ex I L k
    mkdir -p "$out"
    # from the source folder, with the same relative names: messages and records name them
    cd "$src"
    for ex in mednax-2020 medusind-2023; do
        I=examples/$ex/incident.xml
        L=examples/$ex/recipients.csv
        BREACHLETTER_TODAY=2025-01-06 "$bin" render "$I" --recipients "$L" -o "$out/$ex" -q || true
        BREACHLETTER_TODAY=2025-01-06 "$bin" render "$I" --recipients "$L" -o "$out/$ex-books" \
            --book=8 -q || true
        BREACHLETTER_TODAY=2025-01-06 "$bin" check "$I" --recipients "$L" >"$out/$ex-check.txt" \
            2>&1 || true
        BREACHLETTER_TODAY=2025-01-06 "$bin" check "$I" --recipients "$L" --json \
            >"$out/$ex-check.json" 2>/dev/null || true
        BREACHLETTER_TODAY=2025-01-06 "$bin" report "$I" --recipients "$L" -o "$out/$ex-report" \
            -q || true
        for k in specimen substitute media; do
            BREACHLETTER_TODAY=2025-01-06 "$bin" notice "$I" --kind "$k" -o "$out/$ex-$k.pdf" \
                >/dev/null 2>&1 || true
        done
    done 2>/dev/null
    cd - >/dev/null
}
outputs "$T/src" "$T/build/breachletter" "$T/old"
outputs "$PWD" "$build/breachletter" "$T/new"
n=0
same=0
while IFS= read -r f; do
    n=$((n + 1))
    if [ "$(basename "$f")" = manifest.run.json ]; then
        grep -v '"run"\|data_sha256' "$T/old/$f" >"$T/a"
        grep -v '"run"\|data_sha256' "$T/new/$f" >"$T/b" 2>/dev/null || true
        cmp -s "$T/a" "$T/b" && same=$((same + 1)) && continue
    elif cmp -s "$T/old/$f" "$T/new/$f"; then
        same=$((same + 1))
        continue
    fi
    echo "differs: $f"
done < <(cd "$T/old" && find . -type f | sort)
echo "$same of $n files identical"
[ "$same" -eq "$n" ]
