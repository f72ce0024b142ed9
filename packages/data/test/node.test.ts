import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBreastCancer, readCSV, streamCSV } from '../src/node.js';
import { code } from './codes.js';

let dir: string;
let big: string;
const N = 20_000;
const D = 6;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'entropic-data-'));
  // A file of ~1.5 MB: many read chunks (64 KiB) and many batches, with a quoted header
  // cell, quoted numbers, a CRLF line end and blank lines along the way.
  const lines = ['id,"feature, one",f2,f3,f4,f5,label'];
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < N; i++) {
    const vals = Array.from({ length: D - 1 }, () => (next() * 200 - 100).toPrecision(17));
    const first = i % 7 === 0 ? `"${vals[0]}"` : vals[0];
    lines.push([i, first, ...vals.slice(1), i % 3].join(','));
    if (i % 5000 === 4999) lines.push('');
  }
  big = join(dir, 'big.csv');
  writeFileSync(big, `${lines.join('\n').replace('\n1,', '\r\n1,')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readCSV', () => {
  it('reads a file into tensors as parseCSV does', async () => {
    const d = await readCSV(big, { dtype: 'float64' });
    expect(d.X.shape).toEqual([N, D]);
    expect(d.y.shape).toEqual([N]);
    expect(d.featureNames).toEqual(['id', 'feature, one', 'f2', 'f3', 'f4', 'f5']);
    expect(d.targetName).toBe('label');
    expect(d.X.data[D]).toBe(1);
  });

  it('accepts a file: URL and names the file in errors', async () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'a,t\n1,0\nabc,1\n');
    await expect(readCSV(pathToFileURL(f))).rejects.toThrow(code('FORMAT', `readCSV: line 3 of ${f}, column "a": expected a number, got "abc"`));
    await expect(readCSV(join(dir, 'missing.csv'))).rejects.toThrow(code('VALUE', `readCSV: cannot read ${join(dir, 'missing.csv')}: ENOENT`));
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(readCSV(empty)).rejects.toThrow(code('FORMAT', `readCSV: empty input (${empty}): no rows`));
    await expect(readCSV(big, { target: 'nope' })).rejects.toThrow(code('VALUE', 'readCSV: unknown target column "nope"; available columns: 0: "id"'));
    await expect(readCSV('', {})).rejects.toThrow(code('TYPE', 'readCSV: expected a file path (a non-empty string or a file: URL), got ""'));
  });
});

describe('streamCSV', () => {
  it('yields the same data as readCSV, in batches, for a file larger than a batch', async () => {
    expect(statSync(big).size).toBeGreaterThan(1_000_000);
    const whole = await readCSV(big, { dtype: 'float64' });
    const sizes: number[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for await (const b of streamCSV(big, { batchSize: 4096, dtype: 'float64' })) {
      expect(b.X.dtype).toBe('float64');
      expect(b.y.dtype).toBe('int32');
      expect(b.X.shape[1]).toBe(D);
      expect(b.featureNames).toEqual(whole.featureNames);
      sizes.push(b.X.shape[0]!);
      for (const v of b.X.data) xs.push(v);
      for (const v of b.y.data) ys.push(v);
    }
    expect(sizes).toEqual([4096, 4096, 4096, 4096, 3616]);
    expect(xs).toEqual([...whole.X.data]);
    expect(ys).toEqual([...whole.y.data]);
  });

  it('float32 by default, matches readCSV with the same options; target null; a Readable input', async () => {
    const whole = await readCSV(big, { columns: ['f3', 'id'], target: 'f2' , targetDtype: 'float32' });
    const parts: number[] = [];
    const targets: number[] = [];
    for await (const b of streamCSV(big, { batchSize: 999, columns: ['f3', 'id'], target: 'f2', targetDtype: 'float32' })) {
      expect(b.X.dtype).toBe('float32');
      parts.push(...b.X.data);
      targets.push(...b.y.data);
    }
    expect(parts).toEqual([...whole.X.data]);
    expect(targets).toEqual([...whole.y.data]);
    const fromStream: number[][] = [];
    for await (const b of streamCSV(Readable.from(['a,b\n1,', '2\n3,4\n']), { target: null, batchSize: 1 })) {
      expect('y' in b).toBe(false);
      fromStream.push(...(b.X.toArray() as number[][]));
    }
    expect(fromStream).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('errors name the line, and breaking out early is fine', async () => {
    const f = join(dir, 'late-error.csv');
    const rows = ['a,t', ...Array.from({ length: 3000 }, (_, i) => `${i},0`), 'x,1'];
    writeFileSync(f, rows.join('\n'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const b of streamCSV(f, { batchSize: 1000 })) seen.push(b.X.shape[0]!);
      })(),
    ).rejects.toThrow(code('FORMAT', `streamCSV: line 3002 of ${f}, column "a": expected a number, got "x"`));
    expect(seen).toEqual([1000, 1000, 1000]);
    for await (const b of streamCSV(big, { batchSize: 10 })) {
      expect(b.X.shape).toEqual([10, D]);
      break;
    }
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'a,b,t\n1,2,0\n1,2\n');
    await expect(streamCSV(ragged).next()).rejects.toThrow(code('FORMAT', `streamCSV: line 3 of ${ragged}: expected 3 fields (as in the header), got 2 (ragged row)`));
    const headerOnly = join(dir, 'header-only.csv');
    writeFileSync(headerOnly, 'a,b\n');
    await expect(streamCSV(headerOnly).next()).rejects.toThrow(code('FORMAT', `streamCSV: no data rows after the header (${headerOnly})`));
    await expect(streamCSV(join(dir, 'missing.csv')).next()).rejects.toThrow(expect.objectContaining({ code: 'VALUE', message: expect.stringMatching(/^streamCSV: cannot read .*missing\.csv: ENOENT/) }));
    expect(() => streamCSV(big, { batchSize: 0 })).toThrow(code('OPTION', "streamCSV: expected option 'batchSize' to be an integer >= 1, got number 0"));
    expect(() => streamCSV(big, { labels: 'auto' as never })).toThrow("streamCSV: labels: 'auto' needs the whole file");
  });

  it('the node entry re-exports the main entry', () => {
    expect(loadBreastCancer().X.shape).toEqual([569, 30]);
  });
});
