// The committed reference vectors: each has a generator in scripts/, parses in the documented
// format, and — when the project's shared copy sits beside the repository (../shared/conformance)
// — agrees with it case for case within the documented tolerances.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, vectorsDir } from '../src/index.js';

const scriptsDir = resolve(vectorsDir, '../scripts');
const sharedDir = resolve(vectorsDir, '../../../../shared/conformance');
const hasShared = existsSync(join(sharedDir, 'core.json'));

// README "Tolerances": |a − e| ≤ atol + rtol·|e|; sklearn.json: max abs difference 1e-4.
const tolerances: Record<string, { atol: number; rtol: number }> = {
  'core.json': { atol: 1e-9, rtol: 1e-7 },
  'loss.json': { atol: 1e-9, rtol: 1e-7 },
  'loss-family.json': { atol: 1e-9, rtol: 1e-7 },
  'optim.json': { atol: 1e-7, rtol: 1e-6 },
  'sklearn.json': { atol: 1e-4, rtol: 0 },
};
const fallbackTolerance = { atol: 1e-9, rtol: 1e-7 };
// Explanations, not things to assert (README "Common format"); `about`/`source` describe provenance.
const informational = new Set(['note', 'losses', 'closureCalls', 'crossCheck', 'gradientCheck', 'sklearnLbfgs', 'source', 'sklearn']);

interface Case {
  name: string;
  [key: string]: unknown;
}

function read(dir: string, file: string): { about: string; dtype: string; cases: Case[] } {
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

const vectorFiles = readdirSync(vectorsDir).filter((f) => f.endsWith('.json')).sort();
const generators = readdirSync(scriptsDir).filter((f) => f.endsWith('.py'));

/** Differences between a committed value and the shared one, as `path: message` lines. */
function differences(actual: unknown, expected: unknown, path: string, tol: { atol: number; rtol: number }, out: string[]): void {
  if (out.length > 5) return;
  const isNumber = (v: unknown) => typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
  if (isNumber(expected)) {
    if (!isNumber(actual)) {
      out.push(`${path}: expected a number, got ${JSON.stringify(actual)}`);
      return;
    }
    const a = decode(actual as number | string);
    const e = decode(expected as number | string);
    const ok = Number.isNaN(e) ? Number.isNaN(a) : !Number.isFinite(e) ? a === e : Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
    if (!ok) out.push(`${path}: ${a} vs shared ${e}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: expected ${expected.length} entries, got ${Array.isArray(actual) ? actual.length : typeof actual}`);
      return;
    }
    expected.forEach((e, i) => {
      differences(actual[i], e, `${path}[${i}]`, tol, out);
    });
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') {
      out.push(`${path}: expected an object`);
      return;
    }
    for (const [k, e] of Object.entries(expected)) {
      if (informational.has(k)) continue;
      if (!(k in actual)) out.push(`${path}.${k}: missing`);
      else differences((actual as Record<string, unknown>)[k], e, `${path}.${k}`, tol, out);
    }
    return;
  }
  if (actual !== expected) out.push(`${path}: ${JSON.stringify(actual)} vs shared ${JSON.stringify(expected)}`);
}

describe('committed reference vectors', () => {
  it('holds the five files the packages test against', () => {
    expect(vectorFiles).toEqual(expect.arrayContaining(['core.json', 'loss.json', 'loss-family.json', 'optim.json', 'sklearn.json']));
  });

  it.each(vectorFiles)('%s has a generator in tools/conformance/scripts', (file) => {
    const writers = generators.filter((g) => readFileSync(join(scriptsDir, g), 'utf8').includes(file));
    expect(writers, `no script in tools/conformance/scripts writes ${file}`).not.toHaveLength(0);
  });

  it.each(vectorFiles)('%s is {about, dtype: float64, cases} with unique case names', (file) => {
    const json = read(vectorsDir, file);
    expect(typeof json.about).toBe('string');
    expect(json.dtype).toBe('float64');
    expect(json.cases.length).toBeGreaterThan(0);
    const names = json.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

/** Test and source files of the workspace (not node_modules), for the plain-clone check below. */
function workspaceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...workspaceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

describe('a plain clone tests itself', () => {
  it('no package reads the reference vectors from outside the repository (../shared)', () => {
    const repo = resolve(vectorsDir, '../../..');
    const self = resolve(vectorsDir, '../test/vectors.test.ts');
    const offenders = ['packages', 'apps', 'tools']
      .filter((top) => existsSync(join(repo, top)))
      .flatMap((top) => workspaceFiles(join(repo, top)))
      .filter((f) => f !== self && /['"`][^'"`\n]*shared\/(conformance|data)/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => f.slice(repo.length + 1)), 'read them with loadCases() from @entropic/conformance').toEqual([]);
  });
});

const sharedFiles = hasShared ? readdirSync(sharedDir).filter((f) => f.endsWith('.json')).sort() : [];

describe.skipIf(!hasShared)('agreement with ../shared/conformance', () => {
  it.each(sharedFiles)('%s: every shared case is committed, with the same inputs and values', (file) => {
    expect(existsSync(join(vectorsDir, file)), `${file} is not in tools/conformance/vectors`).toBe(true);
    const committed = new Map(read(vectorsDir, file).cases.map((c) => [c.name, c]));
    const tol = tolerances[file] ?? fallbackTolerance;
    const problems: string[] = [];
    for (const expected of read(sharedDir, file).cases) {
      const actual = committed.get(expected.name);
      if (!actual) problems.push(`${expected.name}: missing`);
      else differences(actual, expected, expected.name, tol, problems);
      if (problems.length > 5) break;
    }
    expect(problems).toEqual([]);
  });
});
