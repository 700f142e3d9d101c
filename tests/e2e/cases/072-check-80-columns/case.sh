# The check report fits a terminal of 80 columns: long findings, laws and web addresses wrap
# under where they started instead of running on, and no name is cut short ("DC the District
# of Columbia", not "DC the District of Colum").
export BREACHLETTER_TODAY=2026-11-24
for ex in mednax-2020 medusind-2023; do
    for list in --recipients ""; do
        args=(check "examples/$ex/incident.xml")
        [ -n "$list" ] && args+=(--recipients "examples/$ex/recipients.csv")
        bl "${args[@]}"
        # columns are characters, not bytes (a typographic quote is three bytes of UTF-8)
        long=$(python3 -c 'import sys
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if len(line) > 80:
        print("%d: %s" % (len(line), line))' "$OUT/stdout")
        [ -z "$long" ] || fail "$ex ${list:-without a list}: lines over 80 columns:
$long"
        # both lists have residents of DC: their row names it whole
        [ -z "$list" ] || grep -q "^  DC the District of Columbia  " "$OUT/stdout" ||
            fail "$ex: the District of Columbia is not named whole"
        # the web addresses are broken after a '/' or before a '-', '?', '&' or '=' and come
        # back whole (Maryland's statute, which both lists' deadline warnings cite)
        [ -z "$list" ] || tr -d ' \n' <"$OUT/stdout" |
            grep -qF "https://mgaleg.maryland.gov/mgawebsite/Laws/StatuteText?article=gcl&section=14-3504" ||
            fail "$ex: a web address is not whole once the lines are joined"
    done
done
