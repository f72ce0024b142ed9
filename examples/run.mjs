// `pnpm example <name>` (from the repository root) runs examples/<name>.ts against the
// packages' TypeScript sources: no build needed. `pnpm example browser` serves the browser
// example on http://127.0.0.1:5174 until you stop it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.config.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const name = process.argv[2];

if (name === undefined || name === '--help' || name === '-h') {
  console.log(`Usage: pnpm example <name>\n\nExamples: ${[...names, 'browser'].join(', ')}`);
  process.exit(name === undefined ? 2 : 0);
}

let command;
if (name === 'browser') {
  command = [join(here, 'node_modules', 'vite', 'bin', 'vite.js'), '--config', join(here, 'browser', 'vite.config.ts')];
} else if (names.includes(name) && existsSync(join(here, `${name}.ts`))) {
  command = ['--conditions=@entropic/source', '--import', 'tsx', join(here, `${name}.ts`), ...process.argv.slice(3)];
} else {
  console.error(`error: no example '${name}'; the examples are ${[...names, 'browser'].join(', ')}`);
  process.exit(2);
}
const child = spawn(process.execPath, command, { cwd: here, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
