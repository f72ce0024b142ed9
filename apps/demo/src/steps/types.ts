import type { Figure } from '../charts.js';
import type { Table } from '../format.js';

export type StepName = 'curve' | 'three-class' | 'mse-vs-ce' | 'train' | 'predict';

/** What every step needs: where to write figures and where to print. */
export interface StepContext {
  /** output folder for figures (created when missing) */
  outDir: string;
  /** prints one line of the step's report (default: stdout) */
  log?: (line: string) => void;
}

/** What every step returns: enough for the CLI printout, the HTML report and the tests. */
export interface StepResult {
  step: StepName;
  title: string;
  /** one paragraph on what the step shows (plain text) */
  summary: string;
  tables: Table[];
  figures: Figure[];
  /** headline numbers, by name (also written to results.json) */
  numbers: Record<string, number>;
}

export function logger(ctx: StepContext): (line: string) => void {
  return ctx.log ?? ((line) => process.stdout.write(`${line}\n`));
}

export { numbers } from '../util.js';
