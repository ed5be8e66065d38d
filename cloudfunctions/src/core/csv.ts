/** CSV files for spreadsheets, as the exports write them (help desk statistics, admin reports). */

/** Excel reads a CSV's Chinese correctly only when the file starts with this byte-order mark. */
export const CSV_BOM = '\ufeff';

/**
 * One CSV cell: quoted when it holds a separator, a quote or a line break; a text starting with = + - @
 * (or a tab / carriage return) gets a leading apostrophe, so a spreadsheet never runs an imported name as a
 * formula. Plain numbers (a leading minus included) stay numbers.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF ended) of cells; numbers are written as they are. */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map((c) => (typeof c === 'number' ? String(c) : csvCell(c ?? ''))).join(',') + '\r\n';
}
