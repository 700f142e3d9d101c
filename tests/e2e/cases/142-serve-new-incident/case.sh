# serve: the Medusind incident written from nothing in the workbench's form, as a privacy officer
# would: a first save with facts missing shows each problem beside its field in the officer's
# words; once complete, `check` with the Medusind list passes and every letter has the text of
# the shipped example's.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/new_incident.py" || fail "a new incident through the form (see above)"
