/** A table column: the row key it shows, its header, and how to format the value. */
export interface Column {
  readonly key: string;
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** Decimal places for numbers (default: integers as-is, others 2). */
  readonly digits?: number;
}

function cell(value: unknown, digits: number | undefined): string {
  if (value === undefined || value === null) return '-';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    return digits !== undefined ? value.toFixed(digits) : Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
  return String(value);
}

/** Fixed-width text table (numbers right-aligned by default). */
export function formatTable(columns: readonly Column[], rows: readonly Record<string, unknown>[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(r[c.key], c.digits)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const right = (c: Column, i: number, row: readonly string[]) => c.align === 'right' || (c.align === undefined && /^-?[\d.]+$/.test(row[i]));
  const line = (row: readonly string[], header = false) =>
    row.map((v, i) => (!header && right(columns[i], i, row) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header), true), rule, ...cells.map((row) => line(row))].join('\n');
}
