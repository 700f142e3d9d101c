# Helpers for end-to-end cases. A case runs the real binary and reads the produced PDFs back
# with poppler's pdftotext, pdfinfo and pdffonts. Every helper records a failure and goes on,
# so one run lists everything that is wrong; finish() sets the exit status.
FAILS=0
RC=0

fail() {
    echo "FAIL: $*" >&2
    FAILS=$((FAILS + 1))
}

# bl ARGS...: runs breachletter; stdout, stderr and the exit status are kept.
bl() {
    "$BIN" "$@" >"$OUT/stdout" 2>"$OUT/stderr"
    RC=$?
}

expect_rc() {
    [ "$RC" -eq "$1" ] || fail "exit status $RC, expected $1; stderr:
$(cat "$OUT/stderr")"
}

# expect_stderr FILE: stderr must be exactly the file's content.
expect_stderr() {
    if [ "${BL_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$OUT/stderr" "$1"
    fi
    diff -u "$1" "$OUT/stderr" >&2 || fail "stderr differs from $1"
}

stderr_has() {
    grep -qF -- "$1" "$OUT/stderr" || fail "stderr lacks '$1':
$(cat "$OUT/stderr")"
}

# stdout_has PHRASE: stdout holds the phrase, white space folded (reports wrap long lines).
stdout_has() {
    tr -s ' \n' '  ' <"$OUT/stdout" | grep -qF -- "$1" || fail "stdout lacks '$1':
$(cat "$OUT/stdout")"
}

stderr_lacks() {
    if grep -qF -- "$1" "$OUT/stderr"; then fail "stderr shows '$1'"; fi
}

# The text of a letter with white space folded, so phrases match across line breaks.
pdf_words() {
    local pdf=$1
    [ -f "$pdf" ] || { fail "no letter $pdf"; return 1; }
    pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | tr -s ' \n\f\t' '    '
}

# pdf_has PDF PHRASE...: each phrase appears in the letter.
pdf_has() {
    local pdf=$1 words
    shift
    words=$(pdf_words "$pdf") || return
    for p in "$@"; do
        [[ "$words" == *"$p"* ]] || fail "$(basename "$pdf") lacks '$p'"
    done
}

# pdf_lacks PDF PHRASE...: no phrase appears in the letter.
pdf_lacks() {
    local pdf=$1 words
    shift
    words=$(pdf_words "$pdf") || return
    for p in "$@"; do
        [[ "$words" != *"$p"* ]] || fail "$(basename "$pdf") shows '$p'"
    done
}

# pdf_in_order PDF PHRASE...: the phrases appear in this order.
pdf_in_order() {
    local pdf=$1 words rest
    shift
    words=$(pdf_words "$pdf") || return
    rest=$words
    for p in "$@"; do
        if [[ "$rest" != *"$p"* ]]; then
            fail "$(basename "$pdf"): '$p' missing or out of order"
            return
        fi
        rest=${rest#*"$p"}
    done
}

# pdf_page_has PDF PAGE PHRASE...: each phrase appears on that page (1-based).
pdf_page_has() {
    local pdf=$1 page=$2 words
    shift 2
    words=$(pdftotext -enc UTF-8 -f "$page" -l "$page" "$pdf" - 2>/dev/null | tr -s ' \n\f\t' '    ')
    for p in "$@"; do
        [[ "$words" == *"$p"* ]] || fail "$(basename "$pdf") page $page lacks '$p'"
    done
}

# pdf_page_of PDF PHRASE: the first page on which the phrase begins a line, or 0.
pdf_page_of() {
    local pdf=$1 n
    n=$(pdf_pages "$pdf")
    for i in $(seq 1 "${n:-0}"); do
        if pdftotext -enc UTF-8 -f "$i" -l "$i" "$pdf" - 2>/dev/null | grep -q "^$2"; then
            echo "$i"
            return
        fi
    done
    echo 0
}

pdf_pages() {
    local n
    n=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}')
    echo "$n"
}

# pdf_page_numbers PDF: every page says "Page i of N" with N the real page count.
pdf_page_numbers() {
    local pdf=$1 n words
    n=$(pdf_pages "$pdf")
    [ -n "$n" ] && [ "$n" -ge 1 ] || { fail "$(basename "$pdf") has no pages"; return; }
    words=$(pdf_words "$pdf")
    for i in $(seq 1 "$n"); do
        [[ "$words" == *"Page $i of $n"* ]] || fail "$(basename "$pdf") lacks 'Page $i of $n'"
    done
}

# pdf_fonts_bundled PDF: every font embedded, and every one a Noto face of fonts/ or of the
# Debian files fonts/packaged.txt pins (NotoSerif-, NotoSansArabic-, NotoSansCJKsc-, ...).
pdf_fonts_bundled() {
    local pdf=$1 bad
    bad=$(pdffonts "$pdf" | tail -n +3 | awk '$0 !~ /\+Noto(Serif|Sans|Naskh)[A-Za-z]*-/ || $(NF-4) != "yes" {print $1}')
    [ -z "$bad" ] || fail "$(basename "$pdf") uses fonts not shipped or not embedded: $bad"
}

pdf_meta() {
    pdfinfo "$1" 2>/dev/null | sed -n "s/^$2: *//p"
}

# golden PDF FILE: the letter's layout text equals the golden (BL_UPDATE_GOLDEN=1 rewrites it).
golden() {
    local pdf=$1 file=$2
    pdftotext -enc UTF-8 -layout "$pdf" "$OUT/golden.txt"
    if [ "${BL_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$OUT/golden.txt" "$file"
    fi
    diff -u "$file" "$OUT/golden.txt" >&2 || fail "$(basename "$pdf") differs from $file"
}

# manifest_field DIR ID COLUMN: one value of the manifest row of recipient ID.
manifest_field() {
    python3 - "$1/manifest.csv" "$2" "$3" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["id"] == sys.argv[2]:
            print(row[sys.argv[3]])
            break
PY
}

# manifest_rows DIR: number of data rows.
manifest_rows() {
    python3 - "$1/manifest.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    print(sum(1 for _ in csv.DictReader(f)))
PY
}

# csv_rows FILE: number of records of a recipient CSV (quoted newlines handled).
csv_rows() {
    python3 - "$1" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
print(len(rows) - 1)
PY
}

expect_eq() {
    [ "$1" = "$2" ] || fail "${3:-value}: got '$1', expected '$2'"
}

finish() {
    if [ "$FAILS" -gt 0 ]; then
        echo "$FAILS check(s) failed" >&2
        exit 1
    fi
    echo "all checks passed"
    exit 0
}

# wait_for LIMIT WHAT CMD...: waits for an event: until CMD holds (a file appears, a log has a
# line, a process changes state), trying again every 10 ms. LIMIT (seconds) is only a safety net
# for a run that hangs, far above what any run needs: reaching it fails the test, naming WHAT,
# and returns 1.
wait_for() {
    local limit=$1 what=$2 end
    shift 2
    end=$((SECONDS + limit))
    until "$@"; do
        if [ "$SECONDS" -ge "$end" ]; then
            fail "waited ${limit}s in vain for $what"
            return 1
        fi
        sleep 0.01
    done
}

# log_has FILE N PATTERN: FILE has at least N lines matching the extended regular expression.
log_has() {
    [ "$(grep -cE -- "$3" "$1" 2>/dev/null)" -ge "$2" ]
}

# leads_group PID: PID leads its process group (setsid has run), or has ended.
leads_group() {
    [ "$(ps -o pgid= -p "$1" 2>/dev/null | tr -d ' ')" = "$1" ] || ! kill -0 "$1" 2>/dev/null
}

# group_stopped PGID: no process of the group is running (each is stopped, or a zombie). Sends
# SIGSTOP to the group again first, for a process that joined it after the last one.
group_stopped() {
    kill -STOP -- "-$1" 2>/dev/null
    [ -z "$(ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^[TZ]/')" ]
}

# group_gone PGID: no process of the group is left.
group_gone() {
    ! kill -0 -- "-$1" 2>/dev/null
}

# hold PID WHAT CMD...: PID leads a process group (a run started with setsid). Lets the group
# run in short steps, stopped (SIGSTOP) between them, until CMD holds while it is stopped, and
# leaves it stopped: what the test does next happens at that point of the run, however loaded
# the machine is (`kill -CONT -- -PID` lets it go on). Fails when the run ends first, or when it
# has not reached that point after 600 s (a hung run: a safety net, never a way to wait).
hold() {
    local pid=$1 what=$2 state end=$((SECONDS + 600))
    shift 2
    # setsid makes the group a moment after the shell started the process
    wait_for 120 "run $pid to lead its process group" leads_group "$pid" || return 1
    while :; do
        if [ "$SECONDS" -ge "$end" ]; then
            fail "the run had not reached $what after 600 s"
            return 1
        fi
        kill -STOP -- "-$pid" 2>/dev/null || break
        stopped "$pid" || return 1
        "$@" && return 0
        kill -CONT -- "-$pid" 2>/dev/null
        state=$(ps -o stat= -p "$pid" 2>/dev/null)
        [ -z "$state" ] || [ "${state:0:1}" = Z ] && break
        sleep 0.01
    done
    fail "the run ended before $what"
    return 1
}

# stopped PGID: waits until every process of the group has stopped (SIGSTOP is delivered a
# moment after kill returns: until then a process may still write); fails the test when one
# is still running after 120 s
stopped() {
    wait_for 120 "the processes of run $1 to stop" group_stopped "$1"
}

# ended PID: waits until no process of the group PID led is left (workers killed with their
# parent end a moment after it, still holding the output directory's lock until they do);
# fails the test when one outlives it by 120 s
ended() {
    wait_for 120 "the processes of run $1 to end (they outlived it)" group_gone "$1"
}
