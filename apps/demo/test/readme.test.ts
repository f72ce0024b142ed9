/** The root README's ten-line example runs as written and trains a good model. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

it('the root README example runs and reaches ≥ 0.95 test accuracy', async () => {
  const readme = readFileSync(join(here, '../../../README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code, 'a ```ts block in README.md').toBeTruthy();
  const dir = join(here, '../out/readme');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'example.ts');
  writeFileSync(file, code!);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  await import(/* @vite-ignore */ file);
  const printed = log.mock.calls.find((c) => c[0] === 'test accuracy');
  log.mockRestore();
  expect(printed?.[1]).toBeGreaterThanOrEqual(0.95);
});
