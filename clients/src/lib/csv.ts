import Papa from 'papaparse';

/** Every table exports to CSV: its cells as shown on screen (words in the viewer's language), as a file. */
export function downloadTableCsv(table: HTMLTableElement, filename: string) {
  const rows = [...table.rows].map((row) => [...row.cells].map((cell) => cell.innerText.replace(/\s+/g, ' ').trim()));
  const csv = Papa.unparse(rows);
  // A byte-order mark so spreadsheet programs read the accents right.
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const anchor = Object.assign(document.createElement('a'), { href: url, download: filename });
  anchor.click();
  URL.revokeObjectURL(url);
}
