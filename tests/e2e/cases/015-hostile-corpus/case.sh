# The hostile-input corpus (gen.py): XML attacks, broken encodings, hostile names and ids,
# ragged and oversized rows, template tricks. Each input is refused with a clear message,
# rejected row by row, neutralised or printed literally, as its case says; nothing crashes and
# the manifest accounts for every row.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/gen.py" "$SRC" "$OUT" > "$OUT/gen.log" || fail "gen.py"
INC=examples/mednax-2020/incident.xml
n=0
while IFS=$'\t' read -r name kind file rc want rows pdf_id pdf_has pdf_lacks; do
    n=$((n + 1))
    case $kind in
        incident) bl check "$file" ;;
        template)
            dir=$OUT/tpl-$name
            mkdir -p "$dir/t"
            sed "s|{self}|$dir/t/letter.xml|" "$file" > "$dir/t/letter.xml"
            sed 's/template="us-notice"/template="t"/' $INC > "$dir/incident.xml"
            bl check "$dir/incident.xml" ;;
        csv | xml) bl render $INC --recipients "$file" -o "$OUT/out-$name" ;;
    esac
    [ "$RC" = "$rc" ] || fail "$name: exit status $RC, expected $rc: $(head -c 400 "$OUT/stderr")"
    if [ "$want" != "-" ] && ! grep -qF -- "$want" "$OUT/stderr" "$OUT/stdout"; then
        fail "$name: messages lack '$want': $(head -c 400 "$OUT/stderr")"
    fi
    # libxml2's own messages, which quote bytes of the input, never reach the user
    if grep -qE "I/O error|encoding error|bytes 0x" "$OUT/stderr"; then
        fail "$name: raw parser output on stderr: $(head -c 300 "$OUT/stderr")"
    fi
    # nothing the attacks point at may appear anywhere
    if grep -q "root:x:0:0" "$OUT/stderr" "$OUT/stdout"; then fail "$name: /etc/passwd leaked"; fi
    if [ "$rows" != "-" ]; then
        expect_eq "$(manifest_rows "$OUT/out-$name")" "$rows" "$name: manifest rows"
        [ -z "$(find "$OUT/out-$name" -name '*.part')" ] || fail "$name: temporary files left"
        [ -z "$(find "$OUT" -maxdepth 1 -name '*.pdf')" ] || fail "$name: a letter escaped"
    fi
    if [ "$pdf_id" != "-" ]; then
        pdf="$OUT/out-$name/$(manifest_field "$OUT/out-$name" "$pdf_id" file)"
        [ "$pdf_has" = "-" ] || pdf_has "$pdf" "$pdf_has"
        [ "$pdf_lacks" = "-" ] || pdf_lacks "$pdf" "$pdf_lacks"
    fi
done < "$OUT/cases.tsv"
[ "$n" -ge 40 ] || fail "only $n hostile cases"
# ids that are paths or device names stay inside the output directory, under distinct names
expect_eq "$(find "$OUT/out-device-id" -name '*.pdf' | wc -l)" "2" "CON and nul letters"
[ -z "$(find "$OUT/out-path-id" -name '*.pdf' -path '*etc*' ! -name '______etc_passwd-*')" ] ||
    fail "path id"
# a formula id is text in the manifest
grep -q "^2,\"'+SUM(A1)\",ok," "$OUT/out-formula-id/manifest.csv" || fail "formula id in manifest"
