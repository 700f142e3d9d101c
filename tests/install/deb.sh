#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Test of the Debian package: builds it with CPack from a fresh build of the sources, installs
# it with apt-get, renders the Medusind example with /usr/bin/breachletter in a temporary
# directory (no --data-dir: the package's own data), reads the letters back and purges the
# package. Needs root on Debian, with dpkg-dev (dpkg-shlibdeps) and file for CPack.
# Usage: tests/install/deb.sh
# "a && b || fail ...": fails when either is false, as meant
# shellcheck disable=SC2015
set -euo pipefail
SRC=$(realpath "$(dirname "$0")/../..")
fail() {
    echo "deb test: FAIL: $*" >&2
    exit 1
}
step() {
    echo "deb test: $*" >&2
}

[ "$(id -u)" -eq 0 ] || fail "run as root: it installs and purges the package"
for tool in cmake cpack dpkg-deb dpkg-shlibdeps file apt-get pdftotext pdfinfo; do
    command -v "$tool" >/dev/null || fail "'$tool' is not installed (see .ci/install-deps.sh)"
done
if dpkg-query -W -f='${Status}' breachletter 2>/dev/null | grep -q "ok installed"; then
    fail "a breachletter package is installed already: this test would replace and purge it"
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/bl-deb.XXXXXX")
installed=0
cleanup() {
    if [ $installed = 1 ]; then
        apt-get purge -y -qq breachletter >/dev/null 2>&1 || true
    fi
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export DEBIAN_FRONTEND=noninteractive
unset BREACHLETTER_DATA_DIR

step "build (Release, prefix /usr) and package in $T/build"
# the prefix /usr: the library's default data folder is the packaged data, /usr/share/breachletter
cmake -S "$SRC" -B "$T/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    -DCMAKE_INSTALL_PREFIX=/usr >"$T/cmake.log" ||
    { cat "$T/cmake.log" >&2; fail "configure"; }
cmake --build "$T/build" -j "$(nproc 2>/dev/null || echo 2)" >"$T/build.log" 2>&1 ||
    { tail -50 "$T/build.log" >&2; fail "build"; }
(cd "$T/build" && cpack -G DEB) >"$T/cpack.log" 2>&1 || { cat "$T/cpack.log" >&2; fail "cpack"; }
VERSION=$("$T/build/breachletter" --version | sed 's/^breachletter //')
DEB=$(echo "$T"/build/breachletter_"$VERSION"_*.deb)
[ -f "$DEB" ] || fail "no breachletter_${VERSION}_ARCH.deb: $(ls "$T/build")"

step "$(basename "$DEB")"
dpkg-deb --field "$DEB" >&2
[ "$(dpkg-deb --field "$DEB" Package)" = breachletter ] || fail "package name"
[ "$(dpkg-deb --field "$DEB" Version)" = "$VERSION" ] || fail "package version"
[ "$(dpkg-deb --field "$DEB" Section)" = utils ] || fail "package section"
dpkg-deb --field "$DEB" Maintainer | grep -q '<.*@.*>' || fail "package maintainer"
depends=$(dpkg-deb --field "$DEB" Depends)
for lib in libc6 libcairo2 libpango-1.0-0 libxml2 libzint libjson-glib libsoup-3.0 iso-codes fonts-noto-cjk; do
    [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
dpkg-deb --contents "$DEB" | awk '{print $NF}' >"$T/contents"
for f in ./usr/bin/breachletter ./usr/share/breachletter/templates/us-notice/letter.xml \
    ./usr/share/breachletter/fonts/OFL.txt ./usr/share/man/man1/breachletter.1 \
    ./usr/include/breachletter/session.h \
    ./usr/share/doc/breachletter/LICENSE; do
    grep -qxF "$f" "$T/contents" || grep -q "^$f/\?$" "$T/contents" || fail "$f is not packaged"
done
# the library's directory is Debian's multiarch one: lib/x86_64-linux-gnu (GNUInstallDirs)
grep -q '^\./usr/lib/.*libbreachletter\.so\.' "$T/contents" || fail "libbreachletter.so not packaged"
grep -q '^\./usr/lib/.*pkgconfig/breachletter\.pc$' "$T/contents" || fail "breachletter.pc not packaged"

step "apt-get install ./$(basename "$DEB")"
installed=1
(cd "$T/build" && apt-get install -y -qq "./$(basename "$DEB")") >"$T/apt.log" 2>&1 ||
    { cat "$T/apt.log" >&2; fail "apt-get install"; }
# nothing of the build is used from here on
rm -rf "$T/build"
[ "$(/usr/bin/breachletter --version)" = "breachletter $VERSION" ] || fail "installed version"
for f in /usr/bin/breachletter $(dpkg -L breachletter | grep '/libbreachletter\.so\.'); do
    if [ -f "$f" ] && grep -qF "$SRC" "$f"; then
        fail "$f names the source tree it was built from"
    fi
done

step "render the Medusind example with /usr/bin/breachletter in $T/work"
mkdir "$T/work"
cp "$SRC/examples/medusind-2023/incident.xml" "$SRC/examples/medusind-2023/recipients.csv" \
    "$T/work/"
cd "$T/work"
rc=0
/usr/bin/breachletter render incident.xml --recipients recipients.csv -o out 2>stderr || rc=$?
cat stderr >&2
[ $rc -eq 0 ] || fail "render: exit status $rc"
rows=$(($(grep -c '^' out/manifest.csv) - 1))
letters=$(find out -name '*.pdf' | wc -l)
[ "$rows" -gt 0 ] && [ "$letters" -eq "$rows" ] || fail "$letters letters for $rows rows"
pdftotext -enc UTF-8 out/MDS-000142.pdf letter.txt
for words in "Notice of Data Breach" "Łukasz Wiśniewski" "Brooklyn, NY 11222" \
    "may have obtained a copy" "For residents of New York"; do
    grep -qF "$words" letter.txt || fail "MDS-000142.pdf lacks '$words'"
done
pages=$(pdfinfo out/MDS-000142.pdf | sed -n 's/^Pages: *//p')
[ "$pages" = "$(grep '^[0-9]*,MDS-000142,' out/manifest.csv | cut -d, -f7)" ] ||
    fail "MDS-000142.pdf has $pages pages, not its manifest's"
/usr/bin/breachletter check incident.xml --recipients recipients.csv >check.txt ||
    fail "check with the packaged rules"
if command -v pkg-config >/dev/null; then
    [ "$(pkg-config --modversion breachletter)" = "$VERSION" ] || fail "breachletter.pc's version"
    [ "$(pkg-config --variable=datadir breachletter)" -ef /usr/share/breachletter ] ||
        fail "breachletter.pc's datadir is not /usr/share/breachletter"
fi

step "apt-get purge breachletter"
cd /
apt-get purge -y -qq breachletter >"$T/apt.log" 2>&1 || { cat "$T/apt.log" >&2; fail "purge"; }
installed=0
[ ! -e /usr/bin/breachletter ] && [ ! -e /usr/share/breachletter ] ||
    fail "files left after the purge"
step "ok: $letters letters from the package, $pages pages in MDS-000142.pdf; purged"
