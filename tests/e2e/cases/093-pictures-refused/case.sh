# A logo or signature image that cannot be used stops the run before the first letter, with the
# incident's file and line and what to do; so does a template's picture that is not there.
mkdir -p "$OUT/inc"
cp examples/kestrel-2025/incident.xml examples/kestrel-2025/recipients.csv "$OUT/inc/"
printf 'GIF89a not a PNG' >"$OUT/inc/logo.png"
bl render "$OUT/inc/incident.xml" --recipients "$OUT/inc/recipients.csv" -o "$OUT/letters"
expect_rc 3
stderr_has "incident.xml:23: error: logo 'logo.png' is not a PNG image: save it as PNG"
stderr_has "incident.xml:27: error: signature image 'signature.png' cannot be read (looked for $OUT/inc/signature.png)"
[ ! -e "$OUT/letters/KC-20014.pdf" ] || fail "a letter was made"
# a template naming a picture file that is not there
mkdir -p "$OUT/data"
cp -r templates fonts "$OUT/data/"
cp examples/kestrel-2025/logo.png examples/kestrel-2025/signature.png "$OUT/inc/"
sed -i 's|<title>Notice of Data Breach</title>|&<image src="seal.png" height="1in"/>|' \
    "$OUT/data/templates/us-notice/letter.xml"
bl check "$OUT/inc/incident.xml" --recipients "$OUT/inc/recipients.csv" --data-dir "$OUT/data"
expect_rc 3
stderr_has "error: image 'seal.png' not found (looked for $OUT/data/templates/us-notice/seal.png)"
