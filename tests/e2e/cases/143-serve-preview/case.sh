# serve: the editor's preview, page 1 of the letter as a PNG picture for a state and a variant,
# drawn by preview's code from the saved incident: redrawn after an edit is saved, refused for a
# name or a state it does not take, and only with the token.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/preview.py" || fail "the editor's preview (see above)"
