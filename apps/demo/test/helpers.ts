import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

export const demoRoot = join(import.meta.dirname, '..');
export const repoRoot = join(demoRoot, '..', '..');

const made: string[] = [];
// Test output lives in temporary folders, removed when the test process ends.
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `entropic-demo-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  signature.forEach((b, i) => {
    if (bytes[i] !== b) throw new Error('not a PNG: bad signature');
  });
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: no IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Asserts `<dir>/<name>.svg` and `.png` exist, parse as such and have a sensible size. */
export function expectFigure(dir: string, name: string): void {
  const svgPath = join(dir, `${name}.svg`);
  const pngPath = join(dir, `${name}.png`);
  expect(existsSync(svgPath), `${svgPath} exists`).toBe(true);
  expect(existsSync(pngPath), `${pngPath} exists`).toBe(true);
  const svg = readFileSync(svgPath, 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg).toMatch(/viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"/);
  expect(svg).toMatch(/<path[^>]+d="M/); // at least one drawn path (the data)
  expect(statSync(svgPath).size).toBeGreaterThan(3_000);
  expect(statSync(svgPath).size).toBeLessThan(2_000_000);
  const { width, height } = pngSize(readFileSync(pngPath));
  expect(width).toBeGreaterThanOrEqual(500);
  expect(width).toBeLessThanOrEqual(3_000);
  expect(height).toBeGreaterThanOrEqual(300);
  expect(height).toBeLessThanOrEqual(2_000);
  expect(statSync(pngPath).size).toBeGreaterThan(10_000);
}
