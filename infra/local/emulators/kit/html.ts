/** Minimal HTML for the emulators' human pages: escaped text, one table per section. */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function table(
  headings: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
  empty: string,
): string {
  if (rows.length === 0) return `<p><em>${escapeHtml(empty)}</em></p>`;
  const head = headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function page(title: string, sections: readonly { heading: string; html: string }[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}th{background:#f4f4f4}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${sections.map((section) => `<h2>${escapeHtml(section.heading)}</h2>\n${section.html}`).join('\n')}
<p><small>Local emulator. Control API: GET /_emulator/requests, POST /_emulator/faults, POST /_emulator/reset.</small></p>
</body></html>`;
}
