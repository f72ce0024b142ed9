// Plain-text output helpers for the CLI: tables and the training progress bar.

/** A small table, printed by the CLI and rendered by the HTML report. */
export interface Table {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
  /** digits after the point for numbers (default 4) */
  digits?: number;
  /** column alignment (default: numeric columns right, others left) */
  align?: ('left' | 'right')[];
}

/** Whether column `c` is right-aligned. */
export function rightAligned(table: Table, c: number): boolean {
  const given = table.align?.[c];
  return given !== undefined ? given === 'right' : table.rows.every((r) => typeof r[c] === 'number');
}

export function formatCell(value: string | number, digits = 4): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  // Tiny but nonzero (e.g. an agreement to 1e-12): keep it visible.
  if (value !== 0 && Math.abs(value) < 0.5 * 10 ** -digits) return value.toExponential(1);
  return value.toFixed(digits);
}

/** The text of every cell: a numeric column of whole numbers prints them whole, any other with `digits`. */
export function tableCells(table: Table): string[][] {
  const digits = table.digits ?? 4;
  const whole = table.columns.map((_, c) => table.rows.every((r) => typeof r[c] !== 'number' || Number.isInteger(r[c])));
  return table.rows.map((row) =>
    row.map((v, c) => (typeof v === 'string' ? v : whole[c] ? String(v) : Number.isFinite(v) ? v.toFixed(digits) : String(v))),
  );
}

/** Renders a table as aligned text: text columns left-aligned, numeric ones right-aligned. */
export function formatTable(table: Table): string {
  const cells = tableCells(table);
  const numeric = table.columns.map((_, c) => rightAligned(table, c));
  const widths = table.columns.map((name, c) => Math.max(name.length, ...cells.map((r) => (r[c] ?? '').length)));
  const pad = (s: string, c: number) => (numeric[c] ? s.padStart(widths[c] ?? 0) : s.padEnd(widths[c] ?? 0));
  const line = (row: string[]) => row.map((s, c) => pad(s, c)).join('  ').trimEnd();
  return [
    table.caption,
    line(table.columns),
    line(widths.map((w) => '─'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}

/**
 * A one-line progress bar, redrawn in place on a terminal; elsewhere (pipes, CI logs) it prints a
 * plain line every tenth of the way so logs stay short.
 */
export class ProgressBar {
  private lastPrinted = -1;
  private ended = false;
  private last: { done: number; text: string } | undefined;
  private lastLineDone = -1;
  constructor(
    private readonly total: number,
    private readonly stream: { write(s: string): unknown; isTTY?: boolean } = process.stdout,
    private readonly width = 28,
  ) {}

  private line(done: number, text: string): string {
    return `${String(done).padStart(String(this.total).length)}/${this.total}  ${text}`;
  }

  update(done: number, fields: Record<string, string>): void {
    const text = Object.entries(fields)
      .map(([k, v]) => `${k} ${v}`)
      .join('  ');
    this.last = { done, text };
    if (this.stream.isTTY) {
      const filled = Math.max(0, Math.min(this.width, Math.round((done / this.total) * this.width)));
      const bar = `${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}`;
      this.stream.write(`\r\x1b[2K  ${bar} ${this.line(done, text)}`);
      if (done >= this.total) this.finish();
      return;
    }
    const tenth = Math.floor((done / this.total) * 10);
    if (tenth > this.lastPrinted) {
      this.lastPrinted = tenth;
      this.lastLineDone = done;
      this.stream.write(`  epoch ${this.line(done, text)}\n`);
    }
  }

  /** Ends the bar; says so when training stopped before `total` (converged). */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    const early = this.last !== undefined && this.last.done < this.total ? '  (stopped early: converged)' : '';
    if (this.stream.isTTY) {
      this.stream.write(`${early}\n`);
    } else if (this.last !== undefined && this.last.done !== this.lastLineDone) {
      this.stream.write(`  epoch ${this.line(this.last.done, this.last.text)}${early}\n`);
    } else if (early !== '') {
      this.stream.write(`  ${early.trim()}\n`);
    }
  }
}
