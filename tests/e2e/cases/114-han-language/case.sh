# Han text is set the same on every machine: the letter's language, never the process's
# environment (LANG, LANGUAGE, PANGO_LANGUAGE, which Pango and fontconfig read), decides whether
# a Han character is drawn the Chinese or the Japanese way. A Chinese letter made under a
# Japanese environment is the same file, byte for byte, as under LANG=C; in an English letter a
# name in Han characters alone is set in the Simplified Chinese faces, one with kana in the
# Japanese ones, whatever the environment.
export BREACHLETTER_TODAY=2025-01-06
if [ -n "${LSAN_OPTIONS:-}" ]; then
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-cairo-cff.supp:print_suppressions=0"
fi
EX=examples/medusind-2023
python3 - "$EX/recipients.csv" "$OUT" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
h = rows[0]
lang, ident = h.index("Language"), h.index("Patient ID")
first, last = h.index("First Name"), h.index("Last Name")
for name, want in (("zh", {"MDS-000131": "zh"}), ("en", {"MDS-000142": "en"})):
    with open(f"{sys.argv[2]}/{name}.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(h)
        for r in rows[1:]:
            if r[ident] in want:
                r[lang] = want[r[ident]]
                if name == "en":
                    w.writerow(r[:first] + ["小明"] + r[first + 1:last] + ["王"] + r[last + 1:])
                    r[ident] = "MDS-000142K"
                    r[first], r[last] = "さくら", "山田"
                w.writerow(r)
PY
fonts_of() { pdffonts "$1" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u; }
for env in "LANG=C" "LANG=ja_JP.UTF-8 LC_ALL=ja_JP.UTF-8 LANGUAGE=ja PANGO_LANGUAGE=ja FC_LANG=ja"; do
    dir=$OUT/c
    [ "$env" = "LANG=C" ] || dir=$OUT/ja
    # shellcheck disable=SC2086
    env -u LANGUAGE -u PANGO_LANGUAGE -u FC_LANG -u LC_ALL $env "$BIN" render $EX/incident.xml \
        --recipients "$OUT/zh.csv" -o "$dir/zh" --quiet 2>"$OUT/stderr" || fail "zh under $env: $(cat "$OUT/stderr")"
    # shellcheck disable=SC2086
    env -u LANGUAGE -u PANGO_LANGUAGE -u FC_LANG -u LC_ALL $env "$BIN" render $EX/incident.xml \
        --recipients "$OUT/en.csv" -o "$dir/en" --quiet 2>"$OUT/stderr" || fail "en under $env: $(cat "$OUT/stderr")"
    fonts_of "$dir/zh/MDS-000131.pdf" | grep -q "CJKjp" && fail "Chinese letter in Japanese faces under $env"
    fonts_of "$dir/zh/MDS-000131.pdf" | grep -q "NotoSerifCJKsc-Regular" ||
        fail "Chinese letter not in Noto Serif CJK SC under $env"
    expect_eq "$(fonts_of "$dir/en/MDS-000142.pdf" | grep CJK | tr '\n' ' ')" "NotoSansCJKsc-Regular NotoSerifCJKsc-Regular " \
        "a Han name in an English letter under $env"
    expect_eq "$(fonts_of "$dir/en/MDS-000142K.pdf" | grep CJK | tr '\n' ' ')" "NotoSansCJKjp-Regular NotoSerifCJKjp-Regular " \
        "a Japanese name (kana) in an English letter under $env"
done
pdf_has "$OUT/c/en/MDS-000142.pdf" "王"
pdf_has "$OUT/c/en/MDS-000142K.pdf" "山田"
cmp -s "$OUT/c/zh/MDS-000131.pdf" "$OUT/ja/zh/MDS-000131.pdf" ||
    fail "the Chinese letter differs between LANG=C and a Japanese environment"
cmp -s "$OUT/c/en/MDS-000142.pdf" "$OUT/ja/en/MDS-000142.pdf" ||
    fail "the English letter with a Han name differs between LANG=C and a Japanese environment"
