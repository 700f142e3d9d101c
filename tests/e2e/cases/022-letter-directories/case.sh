# A PDF per letter at scale: with more letters than --files-per-dir, the letters go into
# subdirectories named by the SHA-256 of the recipient id, so no directory grows past the limit
# and a letter's place follows from its id; the manifest names each file where it is.
bl render examples/medusind-2023/incident.xml --recipients examples/medusind-2023/recipients.csv \
    -o "$OUT/spread" --files-per-dir 10 --jobs 2
expect_rc 0
python3 - "$OUT/spread" <<'PY' || fail "letters are not where their ids say"
import csv, hashlib, os, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "manifest.csv"), newline="", encoding="utf-8")))
assert len(rows) == 32, len(rows)
for r in rows:
    want = hashlib.sha256(r["id"].encode()).hexdigest()[:2] + "/" + r["id"] + ".pdf"
    assert r["file"] == want, (r["file"], want)
    data = open(os.path.join(out, r["file"]), "rb").read()
    assert hashlib.sha256(data).hexdigest() == r["sha256"], r["id"]
PY
# no directory holds more letters than the limit (or more than 256 subdirectories), and the top
# holds only the subdirectories and the run's files
most=$(find "$OUT/spread" -type d -exec sh -c 'find "$1" -maxdepth 1 -type f | wc -l' _ {} \; |
    sort -n | tail -n 1)
[ "$most" -le 10 ] || fail "a directory holds $most files"
expect_eq "$(find "$OUT/spread" -mindepth 2 -type d | wc -l)" "0" "a second level for 32 letters"
[ "$(find "$OUT/spread" -mindepth 1 -maxdepth 1 -type d | wc -l)" -ge 16 ] ||
    fail "32 letters in fewer than 16 directories: not spread by their ids"
expect_eq "$(find "$OUT/spread" -maxdepth 1 -type f -printf '%f\n' | sort | tr '\n' ' ')" \
    "errors.csv manifest.csv manifest.run.json " "files at the top"
# the letters are those of a flat run, byte for byte
bl render examples/medusind-2023/incident.xml --recipients examples/medusind-2023/recipients.csv \
    -o "$OUT/flat" --jobs 1
expect_rc 0
for pdf in "$OUT"/flat/*.pdf; do
    name=$(basename "$pdf")
    cmp -s "$pdf" "$OUT"/spread/*/"$name" || fail "$name differs between the flat and the spread run"
done
# the directories are owner-only like the letters
expect_eq "$(find "$OUT/spread" -mindepth 1 -type d ! -perm 700 | wc -l)" "0" "directories not 0700"
