// The report page's only stylesheet, inlined so the file stands alone (no fonts,
// scripts or images to fetch). Print follows the Word report: A4 landscape, Times New
// Roman 12 pt in single spacing, ruled table whose entry rows may break across pages
// (a row pushed whole to the next page left half-empty pages: 12 pages for the 2023
// report, 9 now, Word 8); a phone gets one card per measure instead.
export const REPORT_CSS = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 24px; color: #000; background: #fff;
  font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 12pt; line-height: 1.3; }
h1, h2 { font-size: 14pt; font-weight: bold; text-align: center; margin: 0 0 1em; }
h2 { margin-top: 2em; }
table.report { width: 100%; border-collapse: collapse; table-layout: fixed; }
.report th, .report td { border: 1px solid #000; padding: 4px 6px; vertical-align: top; text-align: left;
  white-space: pre-line; overflow-wrap: anywhere; }
.report thead th { text-align: center; vertical-align: middle; }
.report thead { display: table-header-group; }
.report tr.section th { text-align: center; }
.report td.number, .report td.term { text-align: center; }
.report col.number { width: 7%; }
.report col.title { width: 22%; }
.report col.term { width: 11%; }
.report col.executors { width: 20%; }
.report col.info { width: 40%; }
.executor, .party { display: block; }
.party { font-style: italic; margin-bottom: 0.3em; }
.executor + .executor { margin-top: 0.6em; }
.footnotes { margin-top: 1em; }
.footnotes p { margin: 0 0 0.3em; }
.provenance { margin-top: 2em; font-size: 8pt; color: #666; overflow-wrap: anywhere; }
@page { size: A4 landscape; margin: 20mm 10mm 20mm 30mm; }
@media print {
  body { margin: 0; line-height: 1.15; }
  .report th, .report td { padding: 2pt 4pt; orphans: 3; widows: 3; }
  .report thead tr, .report tr.section { break-inside: avoid; }
  .report tr.section { break-after: avoid; }
  .report tr.entry-first, .report tr.entry-more, .report tr.party-first { break-inside: auto; }
  .report-end { break-before: avoid; break-inside: avoid; }
  .provenance { margin-top: 1em; }
  .appendix { break-before: page; }
}
@media screen and (max-width: 700px) {
  body { margin: 12px; font-size: 16px; }
  h1, h2 { font-size: 18px; }
  .report, .report tbody, .report tr, .report th, .report td { display: block; width: auto; }
  .report colgroup { display: none; }
  .report thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .report tbody.measure { border: 1px solid #999; border-radius: 6px; margin: 0 0 12px; padding: 6px 10px; }
  .report th, .report td { border: 0; padding: 4px 0; }
  .report td.number, .report td.term { text-align: left; }
  .report td::before { content: attr(data-label); display: block; font-size: 0.8em; font-weight: bold; color: #555; }
  .report tr.entry-more td, .report tr.party-first td { border-top: 1px dashed #bbb; padding-top: 8px; }
  .report tr.entry-more td::before, .report td:empty { display: none; }
  .report tr.section th { padding: 16px 0 8px; }
}
`;
