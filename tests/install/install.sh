#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Test of the installed tree: copies the sources (the files git knows), builds and installs the
# copy into a temporary prefix, deletes the copy and its build, moves the prefix elsewhere, and
# then checks that the installed program renders the Medusind example with its installed data
# and fonts, that the manual page formats, and that a program builds and runs against the
# installed library through its pkg-config file. Cleans up after itself.
# Usage: install.sh SOURCE_DIR    (ctest: install/prefix; exit 77: skipped)
# A tool it needs that is missing skips the test (exit 77) on a developer's machine, but fails it
# when the environment variable CI is set: CI installs every dependency (.ci/install-deps.sh), so
# a missing one there is a broken install step, never a reason to pass.
# "a && b || fail ...": fails when either is false, as meant
# shellcheck disable=SC2015
set -euo pipefail
SRC=$(realpath "${1:-$(dirname "$0")/../..}")
SELF=$(dirname "$(realpath "$0")")
T=$(mktemp -d "${TMPDIR:-/tmp}/bl-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fail() {
    echo "install test: FAIL: $*" >&2
    exit 1
}
# skip REASON: exit 77 (CTest's skip), or a failure on CI
skip() {
    [ -z "${CI:-}" ] || fail "$* (CI=$CI: every dependency must be installed; see .ci/install-deps.sh)"
    echo "install test: skipped: $*" >&2
    exit 77
}
step() {
    echo "install test: $*" >&2
}

for tool in git cmake cc pkg-config pdftotext pdfinfo pdffonts groff readelf; do
    command -v "$tool" >/dev/null || skip "'$tool' is not installed"
done
git -C "$SRC" -c safe.directory="$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    skip "$SRC is not a git work tree (its files are listed by git)"

step "copy of the sources in $T/src"
mkdir "$T/src"
# tracked files and new ones not yet committed (not the ignored build trees); none deleted
git -C "$SRC" -c safe.directory="$SRC" ls-files -z --cached --others --exclude-standard |
    (cd "$SRC" && while IFS= read -r -d '' f; do [ -f "$f" ] && printf '%s\0' "$f"; done) |
    tar -C "$SRC" --null -T - -cf - | tar -C "$T/src" -xf -
mkdir "$T/in"
cp "$T/src/examples/medusind-2023/incident.xml" "$T/src/examples/medusind-2023/recipients.csv" \
    "$T/in/"

step "build (Release, no tests) and install into $T/prefix"
cmake -S "$T/src" -B "$T/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >"$T/cmake.log" ||
    { cat "$T/cmake.log" >&2; fail "configure"; }
cmake --build "$T/build" -j "$(nproc 2>/dev/null || echo 2)" >"$T/build.log" 2>&1 ||
    { tail -50 "$T/build.log" >&2; fail "build"; }
cmake --install "$T/build" --prefix "$T/prefix" >"$T/install.log" || fail "cmake --install"
# nothing of the sources or the build is left, and the prefix is not where it was installed
rm -rf "$T/src" "$T/build"
mv "$T/prefix" "$T/moved"
P=$T/moved
unset BREACHLETTER_DATA_DIR
(cd "$P" && find . -type f -o -type l | sort) >"$T/layout"

step "layout"
for f in bin/breachletter share/breachletter/templates/us-notice/letter.xml \
    share/breachletter/templates/categories.xml share/breachletter/templates/contacts.xml \
    share/breachletter/templates/rules/jurisdictions.xml \
    share/breachletter/templates/schema/incident.rng share/breachletter/templates/README.md \
    share/breachletter/templates/serve/page.html share/breachletter/templates/serve/app.js \
    share/breachletter/fonts/OFL.txt share/breachletter/fonts/NotoSerif-Regular.ttf \
    share/man/man1/breachletter.1 include/breachletter/session.h \
    share/doc/breachletter/LICENSE share/doc/breachletter/CHANGELOG.md; do
    grep -qx "./$f" "$T/layout" || fail "$f is not installed"
done
# exactly the public headers of generator/include/breachletter/, none of the private ones
(cd "$SRC/generator/include" && find breachletter -name '*.h' | sort) >"$T/public"
sed -n 's,^\./include/,,p' "$T/layout" | sort >"$T/installed-headers"
cmp -s "$T/public" "$T/installed-headers" ||
    fail "the installed headers are not the public ones: $(diff "$T/public" "$T/installed-headers" | tr '\n' ' ')"
LIB=$(cd "$P" && dirname "$(find . -name libbreachletter.a | head -1)" | sed "s,^\./,,")
[ "$LIB" != . ] || fail "libbreachletter.a is not installed"
[ -L "$P/$LIB/libbreachletter.so" ] || fail "libbreachletter.so (the link for -l) is missing"
SONAME=$(readelf -d "$P/$LIB/libbreachletter.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ -e "$P/$LIB/$SONAME" ] || fail "the soname '$SONAME' names no installed file"

step "one version everywhere"
VERSION=$("$P/bin/breachletter" --version | sed 's/^breachletter //')
export PKG_CONFIG_PATH=$P/$LIB/pkgconfig
[ "$(pkg-config --modversion breachletter)" = "$VERSION" ] || fail "breachletter.pc's version"
grep -q "^\.TH BREACHLETTER 1 .*\"breachletter $VERSION\"" "$P/share/man/man1/breachletter.1" ||
    fail "the manual page's header does not say version $VERSION"
[ "$(pkg-config --variable=datadir breachletter)" -ef "$P/share/breachletter" ] ||
    fail "breachletter.pc's datadir is not the installed data"

step "render the Medusind example with the installed program"
mkdir "$T/work"
cd "$T/work"
rc=0
"$P/bin/breachletter" render "$T/in/incident.xml" --recipients "$T/in/recipients.csv" -o out \
    --jobs 2 2>"$T/stderr" || rc=$?
[ $rc -eq 0 ] || { cat "$T/stderr" >&2; fail "render: exit status $rc"; }
rows=$(($(grep -c '^' out/manifest.csv) - 1))
letters=$(find out -name '*.pdf' | wc -l)
[ "$rows" -gt 0 ] && [ "$letters" -eq "$rows" ] || fail "$letters letters for $rows rows"
grep -q "= $rows letters + 0 errors" "$T/stderr" || fail "summary: $(cat "$T/stderr")"
# every letter has the pages its manifest row says, and its fonts are the installed ones
tail -n +2 out/manifest.csv | cut -d, -f4,7 | while IFS=, read -r file pages; do
    [ "$(pdfinfo "out/$file" | sed -n 's/^Pages: *//p')" = "$pages" ] ||
        fail "$file: not the $pages pages of the manifest"
    pdffonts "out/$file" | tail -n +3 | while read -r name _; do
        base=${name#*+}
        [ -f "$P/share/breachletter/fonts/$base.ttf" ] || fail "$file: font $name not installed"
    done
    [ "$(pdffonts "out/$file" | tail -n +3 | awk '$(NF-4) != "yes"' | wc -l)" -eq 0 ] ||
        fail "$file: a font is not embedded"
done
pdftotext -enc UTF-8 out/MDS-000142.pdf "$T/letter.txt"
for words in "Notice of Data Breach" "Łukasz Wiśniewski" "Brooklyn, NY 11222" \
    "may have obtained a copy" "For residents of New York"; do
    grep -qF "$words" "$T/letter.txt" || fail "MDS-000142.pdf lacks '$words'"
done

step "the installed fonts are the ones used, --data-dir and \$BREACHLETTER_DATA_DIR come first"
mv "$P/share/breachletter/fonts" "$P/share/breachletter/fonts.away"
rc=0
"$P/bin/breachletter" notice "$T/in/incident.xml" --kind media -o media.pdf 2>"$T/stderr" || rc=$?
grep -qF "$P/share/breachletter/fonts: error:" "$T/stderr" && [ $rc -ne 0 ] ||
    fail "without its fonts the installed program still renders: $(cat "$T/stderr")"
mv "$P/share/breachletter/fonts.away" "$P/share/breachletter/fonts"
"$P/bin/breachletter" notice "$T/in/incident.xml" --kind media -o media.pdf ||
    fail "notice with the fonts back"
for how in option env; do
    rc=0
    if [ $how = option ]; then
        "$P/bin/breachletter" check "$T/in/incident.xml" --data-dir "$T/nowhere" 2>"$T/stderr" ||
            rc=$?
    else
        BREACHLETTER_DATA_DIR=$T/nowhere "$P/bin/breachletter" check "$T/in/incident.xml" \
            2>"$T/stderr" || rc=$?
    fi
    [ $rc -ne 0 ] && grep -qF "$T/nowhere/templates/" "$T/stderr" ||
        fail "the data directory given by $how is not used: $(cat "$T/stderr")"
done

step "the manual page"
if command -v man >/dev/null; then
    MANWIDTH=80 MANPAGER=cat man -l "$P/share/man/man1/breachletter.1" >"$T/man.txt" 2>"$T/man.err"
else
    groff -man -Tutf8 "$P/share/man/man1/breachletter.1" >"$T/man.txt" 2>"$T/man.err"
fi
groff -man -Tutf8 -ww -z "$P/share/man/man1/breachletter.1" 2>>"$T/man.err"
[ ! -s "$T/man.err" ] || fail "the manual page has warnings: $(cat "$T/man.err")"
sed -i 's/.\x08//g' "$T/man.txt" # no overstrike for bold, whichever formatter ran
for words in NAME SYNOPSIS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "manifest merge" \
    "render INCIDENT.xml" "preview INCIDENT.xml" "check INCIDENT.xml" "report INCIDENT.xml" \
    "notice INCIDENT.xml" "errors.csv" "--data-dir" "breachletter $VERSION"; do
    grep -qF -- "$words" "$T/man.txt" || fail "the manual page lacks '$words'"
done

step "a program built against the installed library"
for h in "$P"/include/breachletter/*.h; do
    # shellcheck disable=SC2046
    echo "#include <breachletter/$(basename "$h")>" |
        cc -std=c11 -Wall -Werror -fsyntax-only -x c - $(pkg-config --cflags breachletter) ||
        fail "$(basename "$h") does not compile by itself"
done
# shellcheck disable=SC2046 # the flags are words
cc -std=c11 -Wall -Werror -DBL_TEST_VERSION="\"$VERSION\"" -o use-shared "$SELF/use-library.c" \
    $(pkg-config --cflags --libs breachletter)
readelf -d use-shared | grep -qF "[$SONAME]" || fail "use-shared does not link $SONAME"
LD_LIBRARY_PATH=$P/$LIB ./use-shared "$P/share/breachletter" "$T/in/incident.xml" \
    "$T/in/recipients.csv" >out.txt || fail "use-shared failed"
grep -qx "Medusind Inc.: $rows rows, $rows valid, [0-9]* categories" out.txt ||
    fail "use-shared printed: $(cat out.txt)"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -DBL_TEST_VERSION="\"$VERSION\"" -o use-static "$SELF/use-library.c" \
    "$P/$LIB/libbreachletter.a" $(pkg-config --static --cflags --libs breachletter)
readelf -d use-static | grep -qF libbreachletter && fail "use-static links the shared library"
./use-static "$P/share/breachletter" "$T/in/incident.xml" "$T/in/recipients.csv" >out.txt ||
    fail "use-static failed"
grep -qx "Medusind Inc.: $rows rows, $rows valid, [0-9]* categories" out.txt ||
    fail "use-static printed: $(cat out.txt)"

step "ok: $letters letters from the installed tree ($(wc -l <"$T/layout") files, $LIB/$SONAME)"
