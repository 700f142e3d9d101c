#!/usr/bin/env python3
"""Writes the hostile-input corpus into OUTDIR and its expectations into OUTDIR/cases.tsv.

Each case is one file fed to breachletter and what must happen: the exit status, a phrase the
messages must contain, and for recipient lists the manifest row count and text the letters must
or must not show. Run by case.sh. Usage: gen.py SRCDIR OUTDIR
"""
import os
import sys

SRC, OUT = sys.argv[1], sys.argv[2]
EXAMPLE = open(os.path.join(SRC, "examples/mednax-2020/incident.xml"), encoding="utf-8").read()
HEADER = "id,first_name,last_name,address1,address2,city,state,postal_code,categories,entity\n"
ROW = "{id},{first},{last},1 Elm St,,Albany,NY,12207,contact;ssn,quillfield-neonatal\n"
cases = []


def case(name, kind, data, rc, stderr="-", rows="-", pdf_id="-", pdf_has="-", pdf_lacks="-"):
    ext = {"incident": ".xml", "csv": ".csv", "xml": ".xml", "template": ".xml"}[kind]
    path = os.path.join(OUT, name + ext)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    cases.append([name, kind, path, str(rc), stderr, str(rows), pdf_id, pdf_has, pdf_lacks])


def csv_list(*rows):
    return HEADER + "".join(ROW.format(id=i, first=f, last=l) for i, f, l in rows)


# -- incident files: refused with a clear message, never read beyond what they are ----------
doctype = '<?xml version="1.0"?>\n<!DOCTYPE incident [\n{}\n]>\n'
case("xxe-file", "incident",
     doctype.format('<!ENTITY x SYSTEM "file:///etc/passwd">') + EXAMPLE.split("?>", 1)[1]
     .replace("<name>MEDNAX Services, Inc.</name>", "<name>&x;</name>"),
     3, "DOCTYPE declaration is not allowed")
case("xxe-network", "incident",
     doctype.format('<!ENTITY x SYSTEM "http://127.0.0.1:9/secret">') + "<incident>&x;</incident>",
     3, "DOCTYPE declaration is not allowed")
case("external-dtd", "incident",
     '<?xml version="1.0"?>\n<!DOCTYPE incident SYSTEM "http://127.0.0.1:9/x.dtd">\n<incident/>',
     3, "DOCTYPE declaration is not allowed")
laughs = ['<!ENTITY lol "lol">'] + [
    '<!ENTITY lol%d "%s">' % (i, ("&lol%s;" % (i - 1 if i > 1 else "")) * 10) for i in range(1, 10)]
case("billion-laughs", "incident",
     doctype.format("\n".join(laughs)) + '<incident id="&lol9;"/>', 3, "error")
case("parameter-entity", "incident",
     doctype.format('<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;') + "<incident/>", 3, "error")
case("deep-nesting", "incident",
     '<?xml version="1.0"?>\n<incident>' + "<a>" * 100000 + "</a>" * 100000 + "</incident>", 3,
     "nested too deeply")
case("huge-attribute", "incident",  # a valid, if absurd, id: read as it is
     EXAMPLE.replace('id="mednax-2020"', 'id="' + "x" * 1_000_000 + '"'), 5, "monitoring-minimum")
case("attribute-12mb", "incident",
     EXAMPLE.replace('id="mednax-2020"', 'id="' + "x" * 12_000_000 + '"'), 3, "error")
case("invalid-utf8", "incident",
     EXAMPLE.encode("utf-8").replace(b"MEDNAX Services, Inc.", b"MEDNAX \xff\xfe Services"), 3,
     "not valid UTF-8")
case("utf8-bom", "incident", b"\xef\xbb\xbf" + EXAMPLE.encode("utf-8"), 5, "monitoring-minimum")
case("utf16-bom", "incident", EXAMPLE.replace('encoding="UTF-8"', 'encoding="UTF-16"')
     .encode("utf-16"), 5, "monitoring-minimum")
case("declared-latin1", "incident", EXAMPLE.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
     3, "declares the encoding 'ISO-8859-1'; save it as UTF-8")
case("unknown-encoding", "incident", EXAMPLE.replace('encoding="UTF-8"', 'encoding="klingon"'), 3,
     "error")
case("not-xml", "incident", b"%PDF-1.5\n\x00\x01\x02binary", 3, "error")
case("empty-incident", "incident", b"", 3, "error")
case("truncated", "incident", EXAMPLE[: len(EXAMPLE) // 2], 3, "error")
case("oversized", "incident", EXAMPLE.replace("</incident>", "<!--" + "x" * (17 << 20) + "-->"
                                               "</incident>"), 3, "larger than 16 MiB")
case("wrong-root", "incident", '<?xml version="1.0"?><recipients/>', 3, "error")

# -- CSV recipient lists: every row printed literally, rejected with its line, or neutralised,
#    and the manifest accounts for each one ---------------------------------------------------
case("embedded-quotes", "csv", HEADER + 'R-1,"Bob ""Bobby""",O\'Brien,1 Elm St,,Albany,NY,'
     '12207,contact;ssn,quillfield-neonatal\n', 0, rows=1, pdf_id="R-1",
     pdf_has='Bob "Bobby" O\'Brien')
case("quoted-newline", "csv", HEADER + 'R-1,Ann,Lee,1 Elm St,"Apt 4\nBuilding B",Albany,NY,'
     '12207,contact;ssn,quillfield-neonatal\n', 0, rows=1, pdf_id="R-1", pdf_has="Building B")
case("ragged-row", "csv", csv_list(("R-1", "Ann", "Lee")) + "R-2,Ben,Ross\n", 1,
     "row has 3 fields but the header has 10", rows=2)
case("nul-byte", "csv", csv_list(("R-1", "An\x00n", "Lee"), ("R-2", "Ben", "Ross")), 1,
     "contains a NUL byte", rows=2)
case("field-100k", "csv", csv_list(("R-1", "A" * 100_000, "Lee"), ("R-2", "Ben", "Ross")), 1,
     "more than an address line can have", rows=2)
case("formula-name", "csv", csv_list(("R-1", '=HYPERLINK("http://x")', "Lee")), 0, rows=1,
     pdf_id="R-1", pdf_has='=HYPERLINK("http://x") Lee')
case("formula-id", "csv", csv_list(("+SUM(A1)", "Ann", "Lee")), 0, rows=1)
case("markup-name", "csv", csv_list(("R-1", '<span size="x-large">Big</span>', "Lee")), 0,
     rows=1, pdf_id="R-1", pdf_has='<span size="x-large">Big</span>')
case("entity-name", "csv", csv_list(("R-1", "&amp;&lt;b&gt;", "Lee")), 0, rows=1, pdf_id="R-1",
     pdf_has="&amp;&lt;b&gt; Lee")
case("bidi-override", "csv", csv_list(("R-1", "Eve", "\u202eroxoF\u202c")), 0, rows=1,
     pdf_id="R-1", pdf_has="Eve roxoF", pdf_lacks="\u202e")
case("zero-width", "csv", csv_list(("R-1", "Ev\u200be\u2060", "Lee\ufeff")), 0, rows=1,
     pdf_id="R-1", pdf_has="Eve Lee")
# soft hyphen, tag characters (hidden text "HI") and private use go; a tab is a space
case("hidden-characters", "csv", csv_list(("R-1", "Ev\u00ade\U000E0048\U000E0049", "L\ue000ee")),
     0, rows=1, pdf_id="R-1", pdf_has="Eve Lee")
case("tab-in-name", "csv", csv_list(("R-1", "Ann\tMarie", "Lee")), 0, rows=1, pdf_id="R-1",
     pdf_has="Ann Marie Lee")
case("invisible-id", "csv", csv_list(("R-1\u200b", "Ann", "Lee"), ("R-2", "Ben", "Ross")), 1,
     "has a control or invisible character", rows=2)
case("path-id", "csv", csv_list(("../../etc/passwd", "Ann", "Lee")), 0, rows=1)
case("device-id", "csv", csv_list(("CON", "Ann", "Lee"), ("nul", "Ben", "Ross")), 0, rows=2)
# ids that differ only in case are two people, each with a letter of their own (the later one's
# named apart: one file on some disks otherwise); ids that differ only in Unicode form are one id
case("case-only-id", "csv", csv_list(("CON", "Ann", "Lee"), ("con", "Ben", "Ross")), 0,
     rows=2, pdf_id="con", pdf_has="Ben Ross", pdf_lacks="Ann Lee")
case("nfd-id", "csv", csv_list(("Jos\u00e9", "Ann", "Lee"), ("Jose\u0301", "Ben", "Ross")), 1,
     "duplicate recipient id 'Jose\u0301' (first on line 2)", rows=2)
case("control-id", "csv", csv_list(("R\x071", "Ann", "Lee"), ("R-2", "Ben", "Ross")), 1,
     "has a control or invisible character", rows=2)
case("duplicate-id", "csv", csv_list(("R-1", "Ann", "Lee"), ("R-1", "Ben", "Ross")), 1,
     "duplicate recipient id 'R-1' (first on line 2)", rows=2)
case("invalid-utf8-row", "csv", (csv_list(("R-1", "Ann", "Lee")) + ROW.format(
    id="R-2", first="B\xe9n", last="Ross")).encode("latin-1"), 1, "is not valid UTF-8", rows=2)
case("utf16-list", "csv", csv_list(("R-1", "Ann", "Lee")).encode("utf-16"), 3, "UTF-8")
case("header-only", "csv", HEADER, 0, "0 input rows = 0 letters + 0 errors", rows=0)
case("empty-list", "csv", b"", 3, "error")
case("missing-columns", "csv", "id,first_name\nR-1,Ann\n", 3, "last_name")
case("unterminated-quote", "csv", csv_list(("R-1", "Ann", "Lee")) + 'R-2,"Ben,Ross\n', 1,
     "R-2", rows=2)
case("commas-only-row", "csv", csv_list(("R-1", "Ann", "Lee")) + ",,,,,,,,,\n", 0, rows=1)
case("cr-line-ends", "csv", csv_list(("R-1", "Ann", "Lee"), ("R-2", "Ben", "Ross"))
     .replace("\n", "\r"), 0, rows=2)
case("fifty-categories", "csv", HEADER + 'R-1,Ann,Lee,1 Elm St,,Albany,NY,12207,"' +
     ";".join(["contact", "ssn"] * 25) + '",quillfield-neonatal\n', 0, rows=1, pdf_id="R-1",
     pdf_has="Social Security number")

# -- XML recipient lists --------------------------------------------------------------------
person = ('<recipient id="{id}"><first-name>Ann</first-name><last-name>Lee</last-name>'
          '<address1>1 Elm St</address1><city>Albany</city><state>NY</state>'
          '<postal-code>12207</postal-code><categories><category id="ssn"/></categories>'
          '<entity>quillfield-neonatal</entity>{extra}</recipient>')
case("xml-xxe", "xml", doctype.format('<!ENTITY x SYSTEM "file:///etc/passwd">') +
     "<recipients>" + person.format(id="R-1", extra="") + "</recipients>", 3, "DOCTYPE")
case("xml-unknown-element", "xml", "<recipients>" + person.format(id="R-1", extra="<ssn>1</ssn>")
     + person.format(id="R-2", extra="") + "</recipients>", 1, "ssn", rows=2)
case("xml-not-well-formed", "xml", "<recipients>" + person.format(id="R-1", extra="") +
     "<recipient id='R-2'>", 3, "error")
case("xml-deep-nesting", "xml", "<recipients>" + "<x>" * 100000 + "</x>" * 100000 +
     "</recipients>", 3, "nested too deeply")
case("xml-encoding-garbage", "xml", b"\x00\x00\x00\x01<recipients>" + b"\x00" * 64, 3, "error")
case("xml-markup-in-name", "xml", "<recipients>" + person.format(id="R-1", extra="").replace(
    "<first-name>Ann</first-name>", "<first-name>&lt;b&gt;Ann&lt;/b&gt;</first-name>") +
    "</recipients>", 0, rows=1, pdf_id="R-1", pdf_has="<b>Ann</b> Lee")

# -- templates -------------------------------------------------------------------------------
letter = ('<letter title="T" languages="en"><address><line><field ref="recipient.full_name"/>'
          '</line></address><body>{body}</body></letter>')
case("template-doctype", "template", '<?xml version="1.0"?><!DOCTYPE letter [<!ENTITY x SYSTEM '
     '"file:///etc/passwd">]>' + letter.format(body="<p>&x;</p>"), 3, "DOCTYPE")
case("template-include-passwd", "template", letter.format(
    body='<include src="/etc/passwd"/>'), 3, "cannot include")
case("template-include-self", "template", letter.format(body='<include src="{self}"/>'), 3,
     "includes itself")
case("template-unknown-field", "template", letter.format(body='<p><field ref="ssn"/></p>'), 3,
     "unknown field 'ssn'")

with open(os.path.join(OUT, "cases.tsv"), "w", encoding="utf-8") as f:
    for c in cases:
        assert not any("\t" in x or "\n" in x for x in c), c
        f.write("\t".join(c) + "\n")
print(len(cases), "cases")
