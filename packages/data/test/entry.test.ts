import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const src = new URL('../src/', import.meta.url);

describe('browser-safe main entry', () => {
  it('no module the main entry can reach imports a Node built-in (only src/node.ts does)', () => {
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('node.ts');
    for (const f of files) {
      if (f === 'node.ts') continue;
      const text = readFileSync(new URL(f, src), 'utf8');
      const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
      for (const spec of imports) {
        expect(spec.startsWith('.') || spec === '@entropic/core' || spec === 'papaparse', `${f} imports ${spec}`).toBe(true);
      }
      expect(text).not.toMatch(/import\(|require\(/);
    }
  });

  it('package.json exports "." and "./node" with the same condition layout', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./node']).toEqual({
      types: './dist/node.d.ts',
      '@entropic/source': './src/node.ts',
      import: './dist/node.js',
      default: './dist/node.js',
    });
    expect(Object.keys(pkg.exports['.'])).toEqual(Object.keys(pkg.exports['./node']));
  });
});
