# A credential-only breach (examples/kestrel-2025) whose incident gives counts by state: the
# Massachusetts and Texas laws (M.G.L. c. 93H, 1; Tex. Bus. & Com. Code 521.002(a)(2)) do not
# cover a user name and password alone, so check owes their Attorney General, OCABR and the
# Texas Attorney General nothing, whatever <affected> says (1,417 and 5,620), and tells why; Colorado's law
# covers credentials and its notices are still counted on the incident's count.
export BREACHLETTER_TODAY=2025-07-10
EX=examples/kestrel-2025
bl check $EX/incident.xml --recipients $EX/recipients.csv --json
expect_rc 0
python3 - "$OUT/stdout" <<'PY' || fail "notices of a law that does not cover the data"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
report = json.loads(text[text.index("{"):])
owed = [(n["jurisdiction"], n["to"]) for n in report["notices"] if n["triggered"]]
for code in ("MA", "TX"):
    assert not any(j == code for j, _ in owed), (code, owed)
tx = [r for r in report["not_owed"] if r["jurisdiction"] == "TX"]
assert tx and not tx[0]["from_incident"] and tx[0]["residents"] == 3, tx
assert ("CO", "attorney-general") in owed, owed
PY
bl check $EX/incident.xml --recipients $EX/recipients.csv
expect_rc 0
stdout_has "TX 3 residents: none of the information exposed is personal information under the state's law"
stdout_has "Not legal advice: the rules are a summary of the law"
