#!/usr/bin/env bash
# Makes the pictures of letters in README.md and docs/letters.md from a real run of the shipped
# examples, and prints the page counts docs/letters.md gives: every example is rendered in full
# and every letter counted with pdfinfo.
#
#   bash docs/pictures.sh [BINARY]        (default build/breachletter; run from the source tree)
#
# Pictures are page PNGs at 60 dpi (pdftoppm -r 60), small enough for the repository.
set -euo pipefail
BIN=${1:-build/breachletter}
[ -x "$BIN" ] || { echo "pictures.sh: no program at $BIN (build it first)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bl-pictures.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
IMG=docs/img

# example, the day its run is made (its check's deadlines are counted from it), options
render() {
    BREACHLETTER_TODAY=$2 "$BIN" render "examples/$1/incident.xml" \
        --recipients "examples/$1/recipients.csv" -o "$WORK/$1" --quiet "${@:3}"
}
render medusind-2023 2026-11-24
# MEDNAX's real notice falls short in three states (see its README): those letters are counted
# as the watermarked drafts --allow-draft makes, of the same pages
render mednax-2020 2026-11-24 --allow-draft
render tamarack-2025 2025-10-01
render kestrel-2025 2025-07-10

# picture NAME EXAMPLE ID PAGE: page PAGE of the letter to ID
picture() {
    pdftoppm -png -r 60 -f "$4" -l "$4" -singlefile "$WORK/$2/$3.pdf" "$IMG/$1"
}
picture medusind-adult-page1 medusind-2023 MDS-000188 1
picture medusind-adult-page2 medusind-2023 MDS-000188 2
picture medusind-minor-page1 medusind-2023 MDS-000137 1
picture medusind-deceased-page1 medusind-2023 MDS-000258 1
picture kestrel-page1 kestrel-2025 KC-20041 1
picture tamarack-page1 tamarack-2025 TTO-10021 1
# the Maryland resident's last page: the state's insert
last=$(pdfinfo "$WORK/medusind-2023/MDS-000188.pdf" | awk '/^Pages:/ {print $2}')
picture medusind-maryland-insert medusind-2023 MDS-000188 "$last"

# the page counts of each example's letters: "N letters of P pages", fewest pages first
for ex in medusind-2023 mednax-2020 tamarack-2025 kestrel-2025; do
    printf '%s:' "$ex"
    for pdf in "$WORK/$ex"/*.pdf; do
        pdfinfo "$pdf" | awk '/^Pages:/ {print $2}'
    done | sort -n | uniq -c | awk '{printf " %d x %d pages;", $1, $2}'
    echo
done
