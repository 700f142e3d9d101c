# serve: one person's letter. A person is found in a list by id and by part of the name (in any
# case, accents as written), never more than 20 shown; their letter downloads byte for byte as
# `breachletter render --only` makes it and as a full render's manifest hashes it, and the page
# says it is identical to the letter that run sent; after the incident changes, the page warns
# that the letter differs. A person whose id is withheld in manifests (shaped like an account
# number, as another's) gets their letter and is compared by their line. Searches are POSTs:
# no id or name reaches the server's log.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/person.py" || fail "one person's letter (see above)"
