# serve: the editor round-trips. Every shipped example opened in the editor and saved unchanged
# through the browser's form gives an incident with the same facts: `check` says the same, word
# for word, and every letter of the example's list has the same text. (Comments in the original
# file are not kept.)
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/round_trip.py" || fail "the editor's round trip (see above)"
