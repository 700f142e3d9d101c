# Every command takes --quiet (only errors on stderr), --verbose (also what it loads and does),
# -V/--version and --help, and its usage and help lines name the program and the command.
I=examples/mednax-2020/incident.xml
L=examples/mednax-2020/recipients.csv
bl -V
expect_rc 0
grep -qx "breachletter [0-9][0-9.]*" "$OUT/stdout" || fail "-V: $(cat "$OUT/stdout")"
version=$(cat "$OUT/stdout")
for cmd in render check notice report preview manifest; do
    bl "$cmd" -V
    expect_rc 0
    expect_eq "$(cat "$OUT/stdout")" "$version" "$cmd -V"
    bl "$cmd" --version
    expect_eq "$(cat "$OUT/stdout")" "$version" "$cmd --version"
    bl "$cmd" --help
    expect_rc 0
    expect_eq "$(sed -n 2p "$OUT/stdout" | awk '{print $1, $2, $3}')" "breachletter $cmd [OPTION...]" \
        "$cmd --help names the program"
    for opt in --quiet --verbose --version --data-dir; do
        grep -q -- "$opt" "$OUT/stdout" || fail "$cmd --help lacks $opt"
    done
    bl "$cmd" --quiet --verbose
    expect_rc 2
    stderr_has "breachletter $cmd: --quiet or --verbose, not both"
done
bl render "$I" -o "$OUT/x"
expect_rc 2
expect_eq "$(cat "$OUT/stderr")" "breachletter render: usage: breachletter render INCIDENT.xml --recipients FILE -o OUTDIR (see 'breachletter render --help')" \
    "render's usage line"
bl manifest
expect_rc 2
stderr_has "usage: breachletter manifest merge INCIDENT.xml --recipients FILE -o MERGED.csv"

# --quiet: errors only. A list with an unknown column and a bad row: the warning goes, the
# rejected row and the summary's errors stay.
sed -e '1s/$/,Notes/' -e '2,$s/$/,x/' -e '3s/,MA,/,XX,/' "$L" >"$OUT/list.csv"
bl check "$I" --recipients "$OUT/list.csv"
stderr_has "warning: ignoring unknown columns 'Notes'"
bl check "$I" --recipients "$OUT/list.csv" --quiet
stderr_lacks "warning"
stderr_has "list.csv:3: error: unknown state 'XX'"
stdout_has "Compliance check of"
bl render "$I" --recipients "$OUT/list.csv" -o "$OUT/q" --allow-draft -q
expect_rc 1
stderr_lacks "warning"
stderr_lacks "input rows ="
stderr_lacks "DRAFT"
stderr_has "list.csv:3: error: unknown state 'XX'"
sed 's/ toll-free="true"//' "$I" >"$OUT/no-toll-free.xml"
bl notice "$OUT/no-toll-free.xml" --kind substitute -o "$OUT/substitute.pdf"
stderr_has "warning: a substitute notice must give a toll-free number"
bl notice "$OUT/no-toll-free.xml" --kind substitute -o "$OUT/substitute.pdf" -q
expect_rc 0
expect_eq "$(cat "$OUT/stderr")" "" "notice -q: stderr"
bl preview "$I" -o "$OUT/p.pdf" -q
expect_rc 0
expect_eq "$(cat "$OUT/stdout")$(cat "$OUT/stderr")" "" "preview -q: output"

# --verbose: what is loaded and done
bl render "$I" --recipients "$L" -o "$OUT/v" --allow-draft --jobs 1 --verbose
for said in "breachletter: data directory " "breachletter: incident $I: 'mednax-2020'" \
    "templates/rules/jurisdictions.xml: checked 20" "templates/us-notice/letter.xml: " \
    "breachletter: fonts " "breachletter: recipient list $L: 32 rows, 32 valid, 0 rejected" \
    "breachletter: compliance check: 3 errors" "breachletter: a PDF per letter into $OUT/v" \
    "breachletter: 32 rows in chunks of 500"; do
    stderr_has "$said"
done
bl check "$I" -v
stderr_has "breachletter: data directory "
stderr_has "breachletter: compliance check: "
bl notice "$I" --kind specimen -o "$OUT/specimen.pdf" -v
stderr_has "breachletter: wrote the specimen without personal information to $OUT/specimen.pdf ("
bl report "$I" --recipients "$L" -o "$OUT/report" -v
stderr_has "breachletter: wrote summary.csv and summary.pdf in $OUT/report"
bl preview "$I" -o "$OUT/p.pdf" -v
stderr_has "breachletter: template "
# without either, none of it
bl check "$I"
stderr_lacks "breachletter: data directory"
