import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE, main, parseCli } from '../src/cli.js';
import { InputError } from '../src/errors.js';
import { ProgressBar, formatTable } from '../src/format.js';
import { demoRoot } from './helpers.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('CLI arguments', () => {
  it('defaults to every step, writing to apps/demo/out', () => {
    const a = parseCli([]);
    expect(a.step).toBe('all');
    expect(a.outDir).toBe(join(demoRoot, 'out'));
    expect(a.help).toBe(false);
  });

  it('reads the step and the train options, and drops the `--` pnpm passes through', () => {
    const a = parseCli(['--', 'train', '--lr', '0.5', '--epochs', '200', '--l2', '0', '--solver', 'adam', '--seed', '7', '--test-size', '0.3', '--no-progress', '--out', '/tmp/x']);
    expect(a.step).toBe('train');
    expect(a.outDir).toBe('/tmp/x');
    expect(a.train).toEqual({ lr: 0.5, epochs: 200, l2: 0, solver: 'adam', seed: 7, testSize: 0.3, progress: false });
    expect(parseCli(['report']).step).toBe('all');
    expect(parseCli(['--csv', 'data.csv', '--target', 'y']).train.csv).toMatch(/data\.csv$/);
  });

  it('reads --delimiter (tab by name), --save, and predict with --model', () => {
    expect(parseCli(['train', '--csv', 'a.csv', '--target', '3', '--delimiter', ';']).train).toMatchObject({ target: '3', delimiter: ';' });
    expect(parseCli(['train', '--csv', 'a.csv', '--target', 'y', '--delimiter', 'tab']).train.delimiter).toBe('\t');
    expect(parseCli(['train', '--save', '/tmp/m.json']).train.save).toBe('/tmp/m.json');
    const p = parseCli(['predict', '--model', '/tmp/m.json', '--csv', '/tmp/new.csv', '--delimiter', ';']);
    expect(p.step).toBe('predict');
    expect(p.predict).toEqual({ model: '/tmp/m.json', csv: '/tmp/new.csv', delimiter: ';' });
  });

  it.each([
    [['nope'], /unknown step 'nope'/],
    [['train', '--lr', 'abc'], /--lr must be a number, got 'abc'/],
    [['train', '--bogus'], /Unknown option '--bogus'/],
    [['train', '--solver', 'newton'], /--solver must be one of/],
    [['curve', '--lr', '0.1'], /--lr applies to the train step only/],
    [['curve', 'train'], /one step at a time/],
    [['train', '--model', 'm.json'], /--model applies to the predict step only/],
    [['predict', '--model', 'm.json', '--lr', '0.1'], /--lr applies to the train step only/],
    [['curve', '--csv', 'a.csv'], /--csv applies to the train and predict steps only/],
    [['predict'], /predict needs --model <file>/],
    [['train', '--csv', 'a.csv', '--target', 'y', '--delimiter', ';;'], /--delimiter must be one character/],
    [['train', '--csv', 'a.csv', '--target', 'y', '--delimiter', '"'], /--delimiter must be one character/],
    [['train', '--save', ''], /--save must name a file/],
  ])('rejects %j with an InputError', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(InputError);
    expect(() => parseCli(argv)).toThrow(message);
  });

  it('prints the help and exits 0', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toBe(USAGE);
    for (const option of ['--lr', '--epochs', '--solver', '--csv', '--target', '--out']) expect(USAGE).toContain(option);
  });

  it.each([
    [['train', '--lr', '0'], '--lr must be a number > 0, got 0'],
    [['train', '--lr', '-1'], '--lr must be a number > 0, got -1'],
    [['train', '--epochs', '2.5'], '--epochs must be a whole number ≥ 1, got 2.5'],
    [['train', '--l2', '-0.1'], '--l2 must be a number ≥ 0, got -0.1'],
    [['train', '--csv', '/nonexistent/file.csv', '--target', 'y'], 'no such file: /nonexistent/file.csv'],
    [['train', '--csv', '/tmp'], '--csv needs --target <column name or number>'],
    [['train', '--target', 'y'], '--target only applies with --csv <path>'],
    [['train', '--delimiter', ';'], '--delimiter only applies with --csv <path>'],
    [['train', '--test-size', '0.001'], '--test-size 0.001 holds out 1 of 569 rows; the test set needs one row of each class: use a larger fraction'],
    [['train', '--test-size', '0.999'], '--test-size 0.999 leaves 0 of 569 rows for training; that needs one row of each class: use a smaller fraction'],
    [['train', '--out', '/dev/null/x'], '--out /dev/null/x: cannot create the folder: /dev/null is a file, not a folder'],
    [['curve', '--out', '/dev/null/x'], '--out /dev/null/x: cannot create the folder: /dev/null is a file, not a folder'],
    [['train', '--save', '/nonexistent/dir/m.json'], '--save: no such folder: /nonexistent/dir'],
    [['train', '--save', '/tmp'], '--save: /tmp is a folder; name a file, e.g. model.json'],
    [['predict', '--model', '/nonexistent/m.json'], 'no such file: /nonexistent/m.json'],
  ])('%j: one line on stderr, exit code 2', async (argv, message) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err).toEqual([`error: ${message}`]);
    expect(c.out).toEqual([]); // checked before any step runs
  });
});

describe('helpers', () => {
  it('formats tables with aligned columns', () => {
    const text = formatTable({ caption: 'T', columns: ['name', 'value'], rows: [['a', 0.5], ['bb', 12]] });
    expect(text.split('\n')).toEqual(['T', 'name    value', '────  ───────', 'a      0.5000', 'bb    12.0000']);
  });
});

describe('progress bar', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { stream: { isTTY, write: (s: string) => chunks.push(s) }, chunks };
  };

  it('prints every tenth of the way, and the last epoch, when not on a terminal', () => {
    const { stream, chunks } = sink(false);
    const bar = new ProgressBar(100, stream);
    for (let e = 1; e <= 100; e++) bar.update(e, { loss: '0.1' });
    bar.finish();
    expect(chunks).toHaveLength(11);
    expect(chunks[0]).toBe('  epoch   1/100  loss 0.1\n');
    expect(chunks.at(-1)).toBe('  epoch 100/100  loss 0.1\n');
  });

  it('reports an early stop', () => {
    const { stream, chunks } = sink(false);
    const bar = new ProgressBar(100, stream);
    for (let e = 1; e <= 37; e++) bar.update(e, { loss: '0.1' });
    bar.finish();
    expect(chunks.at(-1)).toBe('  epoch  37/100  loss 0.1  (stopped early: converged)\n');
  });

  it('redraws one line in place on a terminal', () => {
    const { stream, chunks } = sink(true);
    const bar = new ProgressBar(10, stream, 10);
    for (let e = 1; e <= 10; e++) bar.update(e, { loss: '0.1' });
    bar.finish();
    expect(chunks.filter((c) => c.startsWith('\r'))).toHaveLength(10);
    expect(chunks.at(-2)).toBe('\r\x1b[2K  ██████████ 10/10  loss 0.1');
    expect(chunks.at(-1)).toBe('\n');
  });
});
