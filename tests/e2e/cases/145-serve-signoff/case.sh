# serve: sign-off. The sign-off page shows each variant of a list once, with page 1 of its letter;
# a reviewer approves each under their name through the page's form (the CSRF token required);
# the approvals file beside the incident (owner-only) records each variant's wording hash, the
# time, the name and the incident's SHA-256; render --require-approval then makes every letter;
# after a change of wording (months of monitoring) it refuses them, saying whose approval no
# longer holds, and the page says the same; with no approval, it refuses every variant.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/signoff.py" || fail "the sign-off page (see above)"
