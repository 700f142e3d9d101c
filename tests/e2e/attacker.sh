# Helpers of the cases about output directories another local user can write into (040-049).
# render runs as root at mail houses; the attacker is a local user who can write into the output
# directory and plants links, files and run state there. Run as root, the attacker's steps run
# as user nobody, and the victim is a root-only directory beside the output directories that
# nobody cannot even read; run as another user, the steps run as that user and the parts that
# need a second user are skipped (said on stderr).
VICTIM=$OUT/victim
EX=examples/medusind-2023
INC=$EX/incident.xml
OUTDIR_PY=tests/e2e/outdir.py

if [ "$(id -u)" = 0 ]; then
    AS_ROOT=1
    ATTACKER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    # nobody passes through $OUT to the output directories and reads nothing else in it
    chmod 711 "$OUT"
    "${ATTACKER[@]}" test -x "$OUT" ||
        fail "user nobody cannot reach $OUT: its parents must be open to others (TMPDIR)"
else
    AS_ROOT=0
    ATTACKER=()
fi

# as_attacker CMD...: one step of the attacker
as_attacker() {
    "${ATTACKER[@]}" "$@" || fail "the attacker's step failed: $*"
}

# root_only WHAT: true when the case runs as root; otherwise says what is skipped
root_only() {
    [ "$AS_ROOT" = 1 ] && return 0
    echo "skipped, not running as root: $1" >&2
    return 1
}

# tree_state DIR: every entry under DIR with its type, size, mode, owner and time of change,
# and every file's SHA-256; links are listed, not followed
tree_state() {
    (
        cd "$1" || exit 1
        find . -exec stat -c '%n %F %s %a %u %y' {} + | LC_ALL=C sort
        find . -type f -exec sha256sum {} + | LC_ALL=C sort
    )
}

# snapshot DIR NAME: keeps the state of DIR under NAME
snapshot() {
    tree_state "$1" >"$OUT/$2.state"
}

# expect_unchanged DIR NAME WHAT: DIR is as the snapshot NAME found it
expect_unchanged() {
    tree_state "$1" >"$OUT/$2.now"
    if ! diff -u "$OUT/$2.state" "$OUT/$2.now" >"$OUT/$2.diff"; then
        fail "$3:
$(grep '^[-+][^-+]' "$OUT/$2.diff" | head -n 12)"
    fi
}

# make_victim: (again) a root-only directory outside the output directories, holding files named
# as a run names its own (so that removing them "as a run's" would be easy) and other files
make_victim() {
    rm -rf "$VICTIM"
    mkdir -p "$VICTIM/ab" "$VICTIM/00" "$VICTIM/docs"
    for f in x manifest.csv errors.csv key lock MDS-000123.pdf chunk-00000000.csv \
        book-000001.pdf book-000001.csv notes.csv.part ab/x 00/MDS-000131.pdf.part docs/plan.txt; do
        printf 'a file of the victim, not of any run: %s\n' "$f" >"$VICTIM/$f"
    done
    chmod -R go= "$VICTIM"
    snapshot "$VICTIM" victim
}

# expect_victim_intact WHAT: the victim directory is exactly as make_victim left it
expect_victim_intact() {
    expect_unchanged "$VICTIM" victim "$1: the directory outside the output ($VICTIM) was changed"
}

# shared_dir DIR MODE: an output directory of ours that others may write into
shared_dir() {
    mkdir -p "$1"
    chmod "$2" "$1"
}

# stderr_names WHAT TEXT: stderr holds TEXT
stderr_names() {
    grep -qF -- "$2" "$OUT/stderr" || fail "$1: stderr lacks '$2': $(head -c 600 "$OUT/stderr")"
}

# expect_refused NAME WHAT: the command was refused (an error, not a crash) naming NAME
expect_refused() {
    if [ "$RC" -eq 0 ] || [ "$RC" -ge 128 ]; then
        fail "$2: exit status $RC, expected a refusal (an error, not a crash)"
    fi
    stderr_names "$2" "error:"
    stderr_names "$2" "$1"
}

# expect_whole_or_refused DIR ROWS WHAT [MANIFEST]: a run into DIR either succeeded, every letter
# of its ROWS-row manifest a file inside DIR with its hash, or it was refused naming DIR
expect_whole_or_refused() {
    if [ "$RC" -eq 0 ]; then
        python3 "$OUTDIR_PY" check "$1" "$2" ${4:+"$4"} >&2 ||
            fail "$3: the run's output is not whole or not inside $1"
    else
        expect_refused "$1" "$3"
    fi
}

# pdf_count DIR: letters under DIR (links to directories not followed)
pdf_count() {
    find "$1" -name '*.pdf' 2>/dev/null | wc -l
}

# make_list OUT.csv ROWS [PREFIX [BAD_EVERY]]: a list generated from the Medusind example
make_list() {
    python3 "$OUTDIR_PY" list "$EX/recipients.csv" "$@" || fail "cannot generate $1"
}

# has_pdfs DIR N: DIR holds at least N letters
has_pdfs() {
    [ "$(pdf_count "$1")" -ge "$2" ]
}
