// The release, end to end, as a user meets it: `pnpm version-packages` turns the pending
// changesets into versions and CHANGELOGs, `pnpm release` builds and publishes every package to a
// registry (a local Verdaccio here), and in empty folders `npm install` of each package — as its
// README says — gets working packages whose README examples run and type-check as written.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { copyCheckout, pnpmCommand, run, runAsync } from './checkout.js';
import { csvFilesRead, importedPackages, readReadme } from './readme.js';
import { type Registry, httpGet, startRegistry } from './registry.js';

const root = resolve(import.meta.dirname, '../../..');
const nodeModulesBin = (pkg: string, file: string) => join(root, 'node_modules', pkg, file);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface Changeset {
  file: string;
  releases: Record<string, string>;
  summary: string;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** The publishable packages of a checkout: packages/* that are not private. */
function publishable(dir: string): { dir: string; manifest: Manifest }[] {
  return readdirSync(join(dir, 'packages'))
    .map((name) => join(dir, 'packages', name))
    .filter((d) => existsSync(join(d, 'package.json')))
    .map((d) => ({ dir: d, manifest: readJson<Manifest>(join(d, 'package.json')) }))
    .filter((p) => !p.manifest.private);
}

function pendingChangesets(dir: string): Changeset[] {
  const folder = join(dir, '.changeset');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((file) => {
      const text = readFileSync(join(folder, file), 'utf8');
      const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!m) throw new Error(`.changeset/${file}: no front matter`);
      const releases: Record<string, string> = {};
      for (const line of m[1]!.split('\n')) {
        const r = /^\s*["']?([^"':]+)["']?\s*:\s*(\w+)\s*$/.exec(line);
        if (r) releases[r[1]!] = r[2]!;
      }
      return { file, releases, summary: m[2]!.trim() };
    });
}

/** Compares x.y.z versions (prerelease tags ignored). */
function versionGreater(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! > pb[i]!;
  return false;
}

/** Every directory `node_modules/<name>` under `dir` (physical copies of a package). */
function installedCopies(dir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (nodeModules: string) => {
    if (!existsSync(nodeModules)) return;
    for (const entry of readdirSync(nodeModules)) {
      if (entry.startsWith('.')) continue;
      const entries = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((e) => `${entry}/${e}`) : [entry];
      for (const pkg of entries) {
        const pkgDir = join(nodeModules, pkg);
        if (pkg === name) found.push(pkgDir);
        walk(join(pkgDir, 'node_modules'));
      }
    }
  };
  walk(join(dir, 'node_modules'));
  return found;
}

let tmp = '';
let repo = '';
let registry: Registry | null = null;
let publishEnv: NodeJS.ProcessEnv = {};
let pnpm: { cmd: string; args: string[] } = { cmd: 'pnpm', args: [] };
let pending: Changeset[] = [];
let before = new Map<string, string>(); // name → version before version-packages
let released: { dir: string; manifest: Manifest }[] = [];

const pnpmRun = (args: string[], cwd: string, env?: NodeJS.ProcessEnv) => run(pnpm.cmd, [...pnpm.args, ...args], { cwd, env });
const npm = (args: string[], cwd: string) => run('npm', args, { cwd, env: publishEnv });

/** Publishes the installed copy of each third-party runtime dependency (papaparse, …) to the local registry, so installs need no network. */
function mirrorDependencies(): void {
  const done = new Set<string>();
  const mirror = (fromDir: string, dep: string) => {
    let dir = fromDir;
    let pkgDir = '';
    for (;;) {
      const candidate = join(dir, 'node_modules', dep);
      if (existsSync(join(candidate, 'package.json'))) {
        pkgDir = realpathSync(candidate);
        break;
      }
      const up = dirname(dir);
      if (up === dir) throw new Error(`cannot find ${dep} installed from ${fromDir}`);
      dir = up;
    }
    const manifest = readJson<Manifest>(join(pkgDir, 'package.json'));
    const key = `${manifest.name}@${manifest.version}`;
    if (done.has(key)) return;
    done.add(key);
    const packDir = join(tmp, 'mirror');
    mkdirSync(packDir, { recursive: true });
    const tarball = npm(['pack', pkgDir, '--ignore-scripts', '--pack-destination', packDir, '--silent'], packDir).stdout.trim().split('\n').pop()!;
    npm(['publish', join(packDir, tarball), '--ignore-scripts', '--tag', 'latest'], packDir);
    // its own dependencies sit beside it in pnpm's layout (…/node_modules/<dep>)
    for (const sub of Object.keys(manifest.dependencies ?? {})) mirror(pkgDir, sub);
  };
  for (const { dir, manifest } of released) {
    for (const dep of Object.keys(manifest.dependencies ?? {})) if (!dep.startsWith('@entropic/')) mirror(dir, dep);
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'entropic-release-'));
  repo = join(tmp, 'repo');
  const bin = join(tmp, 'bin');
  pnpm = pnpmCommand(root, bin);

  // A private copy of the checkout, installed from pnpm's store, to version and publish from.
  copyCheckout(root, repo);
  const rootName = readJson<Manifest>(join(repo, 'package.json')).name;
  const installEnv = { ...process.env, CI: 'true', PATH: `${bin}:${process.env.PATH}` };
  pnpmRun(['install', '--frozen-lockfile', '--prefer-offline', '--filter', './packages/*', '--filter', rootName], repo, installEnv);
  pending = pendingChangesets(repo);
  before = new Map(publishable(repo).map((p) => [p.manifest.name, p.manifest.version]));

  pnpmRun(['version-packages'], repo, installEnv);
  released = publishable(repo);
  // `changeset publish` tags the release in git.
  const git = (...args: string[]) => run('git', ['-c', 'user.name=release-test', '-c', 'user.email=release-test@localhost', ...args], { cwd: repo });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'release');

  registry = await startRegistry(join(tmp, 'registry'));
  publishEnv = {
    ...process.env,
    CI: 'true',
    PATH: `${bin}:${process.env.PATH}`,
    // every npm/pnpm the release runs talks to the local registry only, with the test user's token
    npm_config_registry: registry.url,
    npm_config_userconfig: registry.npmrc,
    npm_config_cache: join(tmp, 'npm-cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  mirrorDependencies();
  pnpmRun(['release'], repo, publishEnv);
}, 360_000);

afterAll(async () => {
  await registry?.stop();
  if (tmp !== '' && !process.env.ENTROPIC_KEEP_RELEASE_TMP) rmSync(tmp, { recursive: true, force: true });
});

type PublishedManifest = Manifest & { dist: { tarball: string } };

async function registryManifest(name: string, version: string): Promise<PublishedManifest> {
  const res = await httpGet(`${registry!.url}${name.replace('/', '%2f')}`);
  expect(res.status, `${name} is not on the registry`).toBe(200);
  const doc = JSON.parse(res.body.toString('utf8')) as { versions: Record<string, PublishedManifest> };
  const manifest = doc.versions[version];
  expect(manifest, `${name}@${version} is not on the registry`).toBeDefined();
  return manifest!;
}

const tarballs = new Map<string, Promise<{ data: Buffer; dir: string }>>();

/** The published tarball of `name` as downloaded from the registry, and where it is unpacked. */
function publishedTarball(name: string): Promise<{ data: Buffer; dir: string }> {
  const version = released.find((p) => p.manifest.name === name)?.manifest.version;
  if (version === undefined) throw new Error(`${name} was not released`);
  let entry = tarballs.get(name);
  if (!entry) {
    entry = (async () => {
      const { dist } = await registryManifest(name, version);
      const res = await httpGet(dist.tarball);
      expect(res.status).toBe(200);
      const dir = join(tmp, 'tarballs', name.replace('/', '-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.tgz'), res.body);
      run('tar', ['xzf', 'package.tgz'], { cwd: dir });
      return { data: res.body, dir: join(dir, 'package') };
    })();
    tarballs.set(name, entry);
  }
  return entry;
}

/** An empty project folder (ESM) in which npm installs `packages` from the local registry. */
async function consumer(name: string, packages: string[]): Promise<string> {
  const dir = join(tmp, 'consumers', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }, null, 2)}\n`);
  await runAsync('npm', ['install', '--no-audit', '--no-fund', ...packages], { cwd: dir, env: publishEnv });
  return dir;
}

describe('pnpm version-packages', () => {
  it('releases the packages together at one new version, with CHANGELOGs from the pending changesets', () => {
    const versions = new Set(released.map((p) => p.manifest.version));
    expect(versions.size, 'the fixed group releases every package at one version').toBe(1);
    const [version] = [...versions] as [string];
    if (pending.length === 0) {
      for (const p of released) expect(p.manifest.version).toBe(before.get(p.manifest.name));
      return;
    }
    for (const p of released) {
      expect(versionGreater(p.manifest.version, before.get(p.manifest.name)!), `${p.manifest.name} ${before.get(p.manifest.name)} → ${p.manifest.version}`).toBe(true);
      // CHANGELOG.md is markdown: compare the text with its escapes (`\*`) undone.
      const changelog = readFileSync(join(p.dir, 'CHANGELOG.md'), 'utf8').replace(/\\([\\`*_{}[\]()#+\-.!<>])/g, '$1');
      expect(changelog).toContain(`## ${version}`);
      for (const c of pending.filter((c) => p.manifest.name in c.releases)) {
        expect(changelog, `${c.file} missing from ${p.manifest.name}'s CHANGELOG`).toContain(c.summary.split('\n')[0]);
      }
    }
    expect(pendingChangesets(repo), 'the changesets are consumed').toEqual([]);
    const versionTs = readFileSync(join(repo, 'packages/core/src/version.ts'), 'utf8');
    expect(versionTs).toContain(`export const VERSION = '${version}';`);
  });

  it('keeps every published package in the fixed group of .changeset/config.json', () => {
    const config = readJson<{ fixed: string[][] }>(join(root, '.changeset/config.json'));
    const group = config.fixed.find((g) => g.includes('@entropic/core')) ?? [];
    expect(released.map((p) => p.manifest.name).sort()).toEqual([...group].sort());
  });
});

// Every package the checkout publishes (packages/* that are not private).
const names = publishable(root).map((p) => p.manifest.name).sort();

describe('pnpm release', () => {
  it('publishes every package with real version ranges between them', async () => {
    expect(released.map((p) => p.manifest.name).sort()).toEqual(expect.arrayContaining(names));
    for (const { manifest } of released) {
      const published = await registryManifest(manifest.name, manifest.version);
      expect(JSON.stringify({ d: published.dependencies, p: published.peerDependencies })).not.toContain('workspace:');
      for (const deps of [published.dependencies ?? {}, published.peerDependencies ?? {}]) {
        for (const [dep, range] of Object.entries(deps)) {
          if (!dep.startsWith('@entropic/')) continue;
          const depVersion = released.find((p) => p.manifest.name === dep)?.manifest.version;
          expect(range, `${manifest.name} → ${dep}`).toBe(`^${depVersion}`);
        }
      }
      if (manifest.name !== '@entropic/core') {
        expect(published.peerDependencies?.['@entropic/core'], `${manifest.name} takes core as a peer`).toBe(`^${manifest.version}`);
        expect(published.dependencies?.['@entropic/core']).toBeUndefined();
      }
    }
  });

  it('leaves internal fields out of the published type declarations', async () => {
    const { dir } = await publishedTarball('@entropic/core');
    const dts = readFileSync(join(dir, 'dist', 'tensor.d.ts'), 'utf8');
    expect(dts).toMatch(/export declare class Tensor/);
    expect(dts).not.toMatch(/\b_data\b/);
    expect(dts).not.toMatch(/\b_node\b/);
    const version = released.find((p) => p.manifest.name === '@entropic/core')!.manifest.version;
    expect(readFileSync(join(dir, 'dist', 'version.js'), 'utf8')).toContain(`'${version}'`);
  });

  it.each(names)('%s passes publint (strict)', async (name) => {
    const { dir } = await publishedTarball(name);
    const { messages, pkg } = await publint({ pkgDir: dir, pack: false, strict: true });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false })}`)).toEqual([]);
  });

  it.each(names)('%s passes arethetypeswrong (ESM-only profile)', async (name) => {
    const { data } = await publishedTarball(name);
    const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(data)));
    expect(analysis.types, `${name} ships no types`).not.toBe(false);
    // The esm-only profile: these packages are ESM, so CommonJS resolutions are out of scope.
    const problems = 'problems' in analysis ? analysis.problems : [];
    const relevant = problems.filter((p) => !('resolutionKind' in p) || !['node10', 'node16-cjs'].includes(p.resolutionKind));
    expect(relevant).toEqual([]);
  });
});

const readmes = [...publishable(root).map((p) => `${p.dir.slice(root.length + 1)}/README.md`), 'README.md'].filter((f) => existsSync(join(root, f)));

interface ConsumerRun {
  dir: string;
  files: string[];
}

describe.concurrent('npm install from the registry, then the README examples', () => {
  const runs = new Map<string, ConsumerRun>();
  const typeErrors: string[] = [];

  beforeAll(async () => {
    // Every README's install command, each in its own empty folder, all at once.
    await Promise.all(
      readmes.map(async (file) => {
        const readme = readReadme(join(root, file));
        // An example of a package that this release does not publish (one still being written) cannot be installed.
        const published = new Set(released.map((r) => r.manifest.name));
        const examples = readme.examples.filter((e) => importedPackages(e.code).every((name) => published.has(name)));
        // The README's install command, plus any other package its examples import (core's README
        // shows the WebAssembly backend, which a reader installs to try that example).
        const packages = [...new Set([...readme.install, ...examples.flatMap((e) => importedPackages(e.code))])];
        const dir = await consumer(file.replace(/\/?README\.md$/, '').replace(/\//g, '-') || 'root', packages);
        const files = examples.map((e) => `readme-line-${e.line}.ts`);
        examples.forEach((e, i) => {
          writeFileSync(join(dir, files[i]!), `${e.code}\n`);
          for (const csv of csvFilesRead(e.code)) {
            // The CSV files an example reads: a small table with a `label` column.
            const rows = Array.from({ length: 40 }, (_, k) => `${((k * 0.37) % 3).toFixed(2)},${((k * 1.3) % 5).toFixed(2)},${k % 2}`);
            writeFileSync(join(dir, csv), `x1,x2,label\n${rows.join('\n')}\n`);
          }
        });
        runs.set(file, { dir, files });
      }),
    );
    // Type-check every example against the published .d.ts (library files included): one program
    // for the browser-safe examples (no Node types), one with @types/node for `…/node` entries.
    const consumers = join(tmp, 'consumers');
    const all = [...runs.values()].flatMap((r) => r.files.map((f) => join(r.dir, f)));
    const usesNode = (f: string) => /from\s+['"]@entropic\/[\w-]+\/node['"]/.test(readFileSync(f, 'utf8'));
    const programs = [
      { name: 'tsconfig.browser.json', files: all.filter((f) => !usesNode(f)), lib: ['es2022', 'dom'], types: [] as string[] },
      { name: 'tsconfig.node.json', files: all.filter(usesNode), lib: ['es2022'], types: ['node'] },
    ];
    // @types/node (and its undici-types) for the Node program, from this workspace.
    const typesNode = realpathSync(join(import.meta.dirname, '../node_modules/@types/node'));
    cpSync(typesNode, join(consumers, 'node_modules/@types/node'), { recursive: true, dereference: true });
    cpSync(join(typesNode, '../../undici-types'), join(consumers, 'node_modules/undici-types'), { recursive: true, dereference: true });
    await Promise.all(
      programs
        .filter((p) => p.files.length > 0)
        .map(async (p) => {
          // Not `strict`: README examples read as JavaScript too (`(v) => …` without a type, no null
          // checks on `.grad`); what is checked is that every name, option and call exists as published.
          const compilerOptions = { strict: false, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: p.lib, types: p.types, skipLibCheck: false };
          writeFileSync(join(consumers, p.name), JSON.stringify({ compilerOptions, files: p.files }, null, 2));
          const r = await runAsync(process.execPath, [nodeModulesBin('typescript', 'bin/tsc'), '-p', p.name, '--pretty', 'false'], { cwd: consumers, allowFailure: true });
          // One line per diagnostic, `file(line,col): error TS…` (continuation lines are indented).
          if (r.status !== 0) {
            const lines = `${r.stdout}${r.stderr}`.split('\n');
            const diagnostics = lines.filter((l) => /^\S.*\(\d+,\d+\): error /.test(l) || /^error /.test(l));
            typeErrors.push(...(diagnostics.length > 0 ? diagnostics : [`tsc -p ${p.name} failed: ${lines.join(' ').slice(0, 2000)}`]));
          }
        }),
    );
  }, 240_000);

  it.each(readmes)('%s: its install command gets one copy of core; its examples type-check and run', async (file) => {
    const r = runs.get(file)!;
    expect(r.files.length, `${file} has no example importing @entropic/*`).toBeGreaterThan(0);
    expect(installedCopies(r.dir, '@entropic/core'), 'exactly one installed copy of core').toHaveLength(1);
    const folder = r.dir.slice(join(tmp, 'consumers').length + 1);
    expect(typeErrors.filter((l) => l.startsWith(`${folder}/`) || l.includes(`/${folder}/`))).toEqual([]);
    for (const name of r.files) {
      const out = await runAsync(process.execPath, [nodeModulesBin('tsx', 'dist/cli.mjs'), name], { cwd: r.dir, allowFailure: true });
      expect(out.status, `${file} ${name} failed:\n${out.stdout}\n${out.stderr}`).toBe(0);
    }
  });

  it('no type errors outside the examples either (in the published .d.ts)', () => {
    expect(typeErrors.filter((l) => !readmes.some((f) => l.includes(`${f.replace(/\/?README\.md$/, '').replace(/\//g, '-') || 'root'}/readme-line-`)))).toEqual([]);
  });
});

describe('two installed copies of core', () => {
  const script = `
import * as core from '@entropic/core';
import * as second from 'second-core';
import { crossEntropy } from '@entropic/loss';
function run(lib) {
  const logits = lib.tensor([[2, 0.5, -1], [0.1, 0.2, 3]], { dtype: 'float64', requiresGrad: true });
  const loss = crossEntropy(logits, lib.tensor([0, 2], { dtype: 'int32' }));
  loss.backward();
  return { value: loss.item(), grad: Array.from(logits.grad.data) };
}
let result;
try {
  result = { copies: core.Tensor !== second.Tensor, own: run(core), second: run(second) };
} catch (e) {
  result = { copies: core.Tensor !== second.Tensor, error: { name: e.name, code: e.code, message: e.message } };
}
console.log(JSON.stringify(result));
`;
  let dir = '';
  const check = () => {
    const out = run(process.execPath, ['check.mjs'], { cwd: dir }).stdout.trim().split('\n').pop()!;
    return JSON.parse(out) as { copies: boolean; own?: unknown; second?: unknown; error?: { name: string; code: string; message: string } };
  };

  beforeAll(async () => {
    const version = released.find((p) => p.manifest.name === '@entropic/core')!.manifest.version;
    // npm's alias syntax installs a second, separate copy of the same release under another name.
    dir = await consumer('two-cores', ['@entropic/core', '@entropic/loss', `second-core@npm:@entropic/core@${version}`]);
    writeFileSync(join(dir, 'check.mjs'), script);
  }, 120_000);

  it('of the same release work together: a loss from the package tarball accepts tensors of either', () => {
    expect(installedCopies(dir, '@entropic/core')).toHaveLength(1);
    expect(installedCopies(dir, 'second-core')).toHaveLength(1);
    const r = check();
    expect(r.copies).toBe(true);
    expect(r.error).toBeUndefined();
    expect(r.second).toEqual(r.own);
  });

  it('of different releases fail with an EntropicError saying two copies of core are installed', () => {
    // Make the second copy another release, as npm nests one when two packages ask for different versions.
    const versionJs = join(dir, 'node_modules', 'second-core', 'dist', 'version.js');
    writeFileSync(versionJs, readFileSync(versionJs, 'utf8').replace(/VERSION = '[^']*'/, "VERSION = '0.0.0-other'"));
    const r = check();
    expect(r.error?.name).toBe('EntropicError');
    expect(r.error?.code).toBe('TYPE');
    expect(r.error?.message).toMatch(/two copies of @entropic\/core are installed/);
    expect(r.error?.message).toContain('0.0.0-other');
  });
});
