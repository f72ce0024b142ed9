/** The runnable examples and install commands of a README, as its reader sees them. */
import { readFileSync } from 'node:fs';

export interface Example {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
}

export interface Readme {
  /** Packages named by the README's `npm install` / `pnpm add` / `yarn add` lines. */
  readonly install: string[];
  /** TypeScript / JavaScript blocks that import an `@entropic/*` package: the examples to run. */
  readonly examples: Example[];
}

export function readReadme(file: string): Readme {
  const lines = readFileSync(file, 'utf8').split('\n');
  const install = new Set<string>();
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```\s*([\w-]*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    const lang = open[1]!.toLowerCase();
    const code = body.join('\n');
    if (['sh', 'bash', 'shell', 'console'].includes(lang)) {
      for (const line of body) {
        const m = /^\s*\$?\s*(?:npm\s+(?:install|i|add)|pnpm\s+add|yarn\s+add)\s+([^#]*)/.exec(line);
        if (m) for (const word of m[1]!.trim().split(/\s+/)) if (word.startsWith('@entropic/')) install.add(word);
      }
    } else if (['ts', 'typescript', 'js', 'javascript', 'mjs'].includes(lang) && /from\s+['"]@entropic\//.test(code)) {
      examples.push({ line: start + 1, code });
    }
  }
  return { install: [...install], examples };
}

/** The `@entropic/*` packages an example imports (subpath exports map to their package). */
export function importedPackages(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/from\s+['"](@entropic\/[\w-]+)(?:\/[\w/-]*)?['"]/g)) names.add(m[1]!);
  return [...names];
}

/** File names an example reads (`'train.csv'`), so the test can provide them. */
export function csvFilesRead(code: string): string[] {
  return [...new Set([...code.matchAll(/['"]([\w./-]+\.csv)['"]/g)].map((m) => m[1]!))];
}
