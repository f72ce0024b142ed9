// The API reference: TypeDoc over every published package, with every export documented and
// every link resolving (typedoc.json turns each such warning into an error).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAsync } from './checkout.js';

const root = resolve(import.meta.dirname, '../../..');
const out = mkdtempSync(join(tmpdir(), 'entropic-api-docs-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('API reference (pnpm docs)', () => {
  it('builds with no undocumented export, no broken link and no other warning', async () => {
    // backend-wasm's sources import its compiled kernels (src/generated, made by its build:wasm).
    const wasm = join(root, 'packages', 'backend-wasm');
    if (existsSync(wasm) && !existsSync(join(wasm, 'src', 'generated'))) {
      await runAsync(process.execPath, [join(wasm, 'scripts', 'build-wasm.mjs')], { cwd: wasm });
    }
    const typedoc = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
    const r = await runAsync(process.execPath, [typedoc, '--out', out], { cwd: root, allowFailure: true });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal colours from TypeDoc's report
    const report = `${r.stdout}\n${r.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
    const problems = report.split('\n').filter((l) => /\[(warning|error)\]/.test(l));
    expect(problems).toEqual([]);
    expect(r.status, report).toBe(0);
  }, 240_000);

  it('has a page for every package, linked from the start page', () => {
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const name of ['core', 'loss', 'optim', 'model', 'data', 'backend-wasm']) {
      const page = join(out, 'modules', `_entropic_${name}.html`);
      expect(existsSync(page), `${page} missing`).toBe(true);
      expect(index).toContain(`modules/_entropic_${name}.html`);
    }
  });

  it('is linked from the root README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/pnpm docs/);
    expect(readme).toMatch(/docs\/api\/index\.html/);
  });
});
