// The pages' one stylesheet and one small script, served from /assets/ so the
// Content-Security-Policy needs no inline code. Everything works without the script;
// it only sizes the embedded report to its content and moves focus to form errors.
import { createHash } from 'node:crypto';

export const PAGES_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif;
  font-size: 1rem; line-height: 1.5; color: #1a1a1a; background: #f6f7f9; }
a { color: #0b4f8a; }
a:hover { color: #073660; }
:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; box-shadow: 0 0 0 6px #ffdd57; }
.skip { position: absolute; left: -10000px; top: 0; background: #fff; padding: 8px 12px; z-index: 10; }
.skip:focus { left: 8px; top: 8px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
header.top { background: #0b3a66; color: #fff; padding: 8px 16px; display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: center; }
header.top a { color: #fff; }
.brand { font-weight: 700; margin-right: auto; }
.brand a { text-decoration: none; }
nav.main ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav.main a { display: inline-block; padding: 6px 2px; }
nav.main a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.signout { display: flex; align-items: center; gap: 8px; margin: 0; }
.signout .who { font-size: 0.875rem; }
.signout button { background: transparent; color: #fff; border: 1px solid #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 16px; background: #fff; min-height: 60vh; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 8px 0 16px; }
h2 { font-size: 1.25rem; margin: 24px 0 8px; }
h3 { font-size: 1.05rem; margin: 16px 0 8px; }
p { margin: 0 0 12px; }
.lead { color: #3b3f45; }
.muted { color: #4b5563; font-size: 0.875rem; }
footer.bottom { max-width: 72rem; margin: 0 auto; padding: 12px 16px; color: #4b5563; font-size: 0.875rem; }
form.stacked { max-width: 40rem; }
fieldset { border: 1px solid #c4c9d0; border-radius: 6px; padding: 8px 16px 12px; margin: 0 0 16px; }
legend { font-weight: 700; padding: 0 4px; }
.field { margin: 0 0 16px; }
.field label, .field .label { display: block; font-weight: 600; margin-bottom: 4px; }
.hint { color: #4b5563; font-size: 0.875rem; margin: 0 0 4px; }
.req { color: #b00020; }
input[type=text], input[type=password], input[type=date], input[type=number], input[type=file], select, textarea {
  font: inherit; width: 100%; max-width: 100%; padding: 8px 10px; border: 2px solid #6b7280; border-radius: 4px;
  background: #fff; color: #1a1a1a; }
input[type=number] { max-width: 12rem; }
input[type=date] { max-width: 14rem; }
textarea { min-height: 8rem; resize: vertical; }
.choices { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0 0 12px; }
.choices label { font-weight: 400; display: inline-flex; gap: 6px; align-items: center; padding: 4px 0; }
.choices input { width: 1.25rem; height: 1.25rem; }
.check { display: flex; gap: 8px; align-items: center; margin: 0 0 16px; }
.check input { width: 1.25rem; height: 1.25rem; }
.has-error input, .has-error select, .has-error textarea { border-color: #b00020; }
.has-error { border-left: 4px solid #b00020; padding-left: 12px; }
.error { color: #b00020; font-weight: 600; margin: 0 0 4px; }
.error-summary { border: 3px solid #b00020; border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; background: #fff5f5; }
.error-summary h2 { margin-top: 0; font-size: 1.1rem; }
.error-summary ul { margin: 0; padding-left: 20px; }
.error-summary a { color: #b00020; font-weight: 600; }
button, .button { font: inherit; font-weight: 600; padding: 8px 16px; border-radius: 4px; border: 2px solid #0b4f8a;
  background: #0b4f8a; color: #fff; cursor: pointer; text-decoration: none; display: inline-block; min-height: 44px; }
button:hover, .button:hover { background: #073660; color: #fff; }
button.secondary, .button.secondary { background: #fff; color: #0b4f8a; }
button.danger { background: #a4001d; border-color: #a4001d; }
.actions { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 8px 0 16px; }
.notice { border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; border: 2px solid; }
.notice.success { background: #eaf6ee; border-color: #1e7b3c; color: #0f3f1f; }
.notice.info { background: #eef4fb; border-color: #0b4f8a; color: #0b2c4d; }
.notice.warning { background: #fff8e6; border-color: #8a5a00; color: #4d3200; }
.secret { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1rem; word-break: break-all;
  background: #f1f3f5; padding: 8px; border-radius: 4px; display: block; }
code, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 0 0 16px; }
caption { text-align: left; font-weight: 700; padding: 4px 0; }
th, td { border-bottom: 1px solid #d5d9de; padding: 8px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #6b7280; font-size: 0.9rem; }
tr.highlight td { background: #fff8d6; }
.status { display: inline-block; padding: 0 8px; border-radius: 12px; font-size: 0.875rem; font-weight: 600; border: 1px solid; white-space: nowrap; }
.status.ok { color: #0f5d2a; background: #eaf6ee; border-color: #1e7b3c; }
.status.missing { color: #8a1020; background: #fdecee; border-color: #a4001d; }
.status.neutral { color: #374151; background: #f1f3f5; border-color: #6b7280; }
.cards, .plain { list-style: none; margin: 0; padding: 0; }
.plain li { margin: 0 0 8px; }
table.progress th:first-child { width: 4rem; }
table.progress th:nth-child(3) { width: 45%; }
.card { border: 1px solid #c4c9d0; border-radius: 6px; padding: 12px 16px; margin: 0 0 12px; background: #fff; }
.card h2, .card h3 { margin-top: 0; }
.entry { border-top: 1px solid #e1e4e8; padding: 8px 0; }
.entry:first-child { border-top: 0; }
.entry .text { white-space: pre-line; overflow-wrap: anywhere; }
.entry.withdrawn .text { text-decoration: line-through; color: #4b5563; }
.meta { color: #4b5563; font-size: 0.875rem; }
.filters { display: flex; flex-wrap: wrap; gap: 0 16px; align-items: flex-end; }
.filters .field { min-width: 10rem; max-width: 24rem; flex: 1 1 12rem; }
.pager { display: flex; gap: 16px; margin: 16px 0; }
iframe.report { width: 100%; height: 75vh; border: 1px solid #c4c9d0; border-radius: 4px; background: #fff; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.period .when { margin-left: 0; }
@supports selector(:has(*)) {
  .period .when { display: none; }
  .period:has(input[value=day]:checked) .when-day,
  .period:has(input[value=range]:checked) .when-range,
  .period:has(input[value=month]:checked) .when-month,
  .period:has(input[value=month]:checked) .when-year,
  .period:has(input[value=none]:checked) .when-year { display: block; }
}
@media (max-width: 700px) {
  main { padding: 12px; }
  h1 { font-size: 1.35rem; }
  header.top { padding: 8px 12px; }
  table.stack, table.stack tbody, table.stack tr, table.stack td, table.stack th[scope=row] { display: block; width: 100%; }
  table.stack caption { display: block; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.stack tr { border: 1px solid #c4c9d0; border-radius: 6px; margin: 0 0 12px; padding: 4px 8px; }
  table.stack td, table.stack th[scope=row] { border: 0; padding: 4px 0; }
  table.stack td[data-label]::before { content: attr(data-label); display: block; font-size: 0.8rem; font-weight: 700; color: #4b5563; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 8px; }
}
@media print {
  header.top, footer.bottom, .actions, form { display: none; }
  main { max-width: none; padding: 0; }
}
`;

export const PAGES_JS = `
(function () {
  // The embedded report: as tall as its content, so the page scrolls once.
  function fit(frame) {
    try {
      var doc = frame.contentDocument;
      if (doc && doc.body) frame.style.height = (doc.documentElement.scrollHeight + 24) + 'px';
    } catch (e) { /* another origin: keep the CSS height */ }
  }
  document.querySelectorAll('iframe.report').forEach(function (frame) {
    frame.addEventListener('load', function () { fit(frame); });
    if (frame.contentDocument && frame.contentDocument.readyState === 'complete') fit(frame);
  });
  // A form with errors: focus its summary, which links to each field.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
`;

/** Content hashes, so the files can be cached for long and still change with a deploy. */
const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
export const ASSET_PATHS = {
  css: `/assets/pages-${version(PAGES_CSS)}.css`,
  js: `/assets/pages-${version(PAGES_JS)}.js`,
};
