# An incident that does not follow the format is told in the user's words, with its line:
# which element has what the format does not have, lacks what it requires, or holds a value it
# does not allow, and what it wants there; not libxml2's "Expecting element city, got state".
I=examples/mednax-2020/incident.xml
# NAME SED-EXPRESSION: a copy of the MEDNAX incident with one mistake
mistakes=(
    "extra-element|s|<short-name>MEDNAX</short-name>|<short-name>MEDNAX</short-name><foo>x</foo>|"
    "misspelt-element|s|<organisation |<organization |; s|</organisation>|</organization>|"
    "missing-element|s|<city>Sunrise</city>||"
    "element-twice|s|<notice>2020-12-18</notice>|<notice>2020-12-18</notice>\n    <notice>2021-01-04</notice>|"
    "attribute-value|s|access=\"undetermined\"|access=\"maybe\"|"
    "attribute-type|s|months=\"12\"|months=\"twelve\"|"
    "unknown-attribute|s|<incident id=\"mednax-2020\"|<incident colour=\"red\" id=\"mednax-2020\"|"
    "missing-attribute|s|<mailing mailer-id=\"123456\" |<mailing |"
    "text-type|s|<discovered>2020-06-19</discovered>|<discovered>soon</discovered>|"
    "element-in-text|s|<p>On June 17|<p><b>On</b> June 17|"
)
: >"$OUT/all.stderr"
for m in "${mistakes[@]}"; do
    name=${m%%|*}
    sed "${m#*|}" "$I" >"$OUT/$name.xml"
    bl render "$OUT/$name.xml" --recipients examples/mednax-2020/recipients.csv -o "$OUT/letters"
    expect_rc 3
    sed "s|$OUT/||" "$OUT/stderr" >>"$OUT/all.stderr"
    stderr_lacks "xpecting"
    stderr_lacks "failed to validate"
    stderr_lacks "interleave"
done
cp "$OUT/all.stderr" "$OUT/stderr"
expect_stderr "$CASE/expect/stderr"
[ ! -e "$OUT/letters" ] || fail "an output directory was made for a malformed incident"
# the rules and contacts files are told in the words of their own formats
mkdir -p "$OUT/data"
cp -r templates fonts "$OUT/data/"
sed -i '0,/unit="calendar"/s//unit="fortnights"/' "$OUT/data/templates/rules/jurisdictions.xml"
bl check "$I" --data-dir "$OUT/data"
expect_rc 3
stderr_has "jurisdictions.xml:12: error: <individuals> has unit='fortnights'; the rules format wants one of calendar or business (see docs/rules-format.md)"
