# manifest merge joins only shards of one run: shard manifests made from another version of the
# incident (one word changed between the shards) or with other options (--simplex in one shard,
# print books in one and a PDF per letter in the other) are refused with an error and a
# non-zero exit, and no merged manifest is written. Shards of one run still merge.
source "$SRC/tests/e2e/attacker.sh"
L=$EX/recipients.csv
sed 's/engaged a leading cybersecurity/engaged a trusted cybersecurity/' "$INC" \
    >"$OUT/incident-v2.xml"
cmp -s "$INC" "$OUT/incident-v2.xml" && fail "the copy of the incident has no word changed"

# shard NAME K INCIDENT LIST OPTION...: renders shard K/2 into $OUT/NAME
shard() {
    local name=$1 k=$2 inc=$3 list=$4
    shift 4
    bl render "$inc" --recipients "$list" -o "$OUT/$name" --shard "$k/2" -q "$@"
    [ "$RC" -eq 0 ] || [ "$RC" -eq 1 ] ||
        fail "shard $name: exit status $RC: $(head -c 600 "$OUT/stderr")"
}

# merge WHAT ok|refused LIST A B [INCIDENT]: merges $OUT/A/manifest-0-of-2.csv and
# $OUT/B/manifest-1-of-2.csv
merge() {
    rm -f "$OUT/merged.csv"
    bl manifest merge "${6:-$INC}" --recipients "$3" -o "$OUT/merged.csv" \
        "$OUT/$4/manifest-0-of-2.csv" "$OUT/$5/manifest-1-of-2.csv"
    case $2 in
        ok) expect_rc 0 ;;
        refused)
            if [ "$RC" -eq 0 ] || [ "$RC" -ge 128 ]; then
                fail "$1: exit status $RC, expected a refusal"
            fi
            stderr_names "$1" "error:"
            [ -e "$OUT/merged.csv" ] && fail "$1: a refused merge wrote the manifest"
            ;;
    esac
}

# books of 8 letters: the 32 records are 4 chunks, 2 for each shard
shard b0 0 "$INC" "$L" --book=8
shard b1 1 "$INC" "$L" --book=8
merge "shards of one run" ok "$L" b0 b1
shard v1 1 "$OUT/incident-v2.xml" "$L" --book=8
merge "shard 1 of another version of the incident" refused "$L" b0 v1
merge "both shards of another version than merge is given" refused "$L" b0 b1 "$OUT/incident-v2.xml"
shard s0 0 "$INC" "$L" --book=8 --simplex
merge "shard 0 --simplex, shard 1 duplex" refused "$L" s0 b1

# a PDF per letter makes chunks of 500 rows: 1,000 rows, most of them errors (rendered at once),
# are two chunks, one for each shard, as are books of 500
make_list "$OUT/list.csv" 1000 MDS 50
shard p0 0 "$INC" "$OUT/list.csv"
shard p1 1 "$INC" "$OUT/list.csv"
merge "per-letter shards of one run" ok "$OUT/list.csv" p0 p1
shard k1 1 "$INC" "$OUT/list.csv" --book=500
merge "shard 0 a PDF per letter, shard 1 print books" refused "$OUT/list.csv" p0 k1
