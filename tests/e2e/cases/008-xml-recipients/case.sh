# A recipient list in XML gives the same letters as CSV would: name, address lines (a second
# line, a guardian, a foreign address with its country), categories and state inserts.
bl render examples/mednax-2020/incident.xml --recipients "$CASE/recipients.xml" \
    -o "$OUT/letters" --quiet
expect_rc 0
L=$OUT/letters
expect_eq "$(manifest_rows "$L")" "3" "manifest rows"
pdf_in_order "$L/MDX-X1.pdf" "Renée Okonkwo-Hart" "55 West 88th Street" "Apt 3C" \
    "New York, NY 10024" "Dear Renée Okonkwo-Hart:" "EIS-XML1-0001" "Social Security number" \
    "For residents of New York"
pdf_lacks "$L/MDX-X1.pdf" "Health insurance information" "For residents of Oregon"
pdf_in_order "$L/MDX-X2.pdf" "Siobhan Byrne" "Parent or Guardian of Liam Byrne" \
    "2100 NW Everett Street" "Unit 12" "Portland, OR 97210-3204" "For residents of Oregon"
pdf_in_order "$L/MDX-X3.pdf" "Marie-Ève Tremblay" "1250 Rue Sainte-Catherine Ouest" \
    "Montréal QC H3G 1P1" "CANADA" "Billing information"
for pdf in "$L"/*.pdf; do
    pdf_fonts_bundled "$pdf"
    pdf_page_numbers "$pdf"
done
