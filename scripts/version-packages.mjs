// `pnpm version-packages`: applies the pending changesets (`changeset version`: new versions and
// CHANGELOG.md entries), then writes core's release into its VERSION constant.
//
// The published packages are released together at one version (the `fixed` group in
// .changeset/config.json), and loss/optim/model/data declare @entropic/core as a peer dependency
// `workspace:^`, which pnpm publishes as `^<that version>`. Left to itself, changesets bumps every
// package with a peer dependency on a package getting a minor release to a new *major* version
// (0.1.0 → 1.0.0), which is wrong for 0.x packages released in lockstep. So while changesets
// computes the versions, the `workspace:` peer entries on our own packages are taken out of the
// manifests, and put back unchanged afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const manifests = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name, 'package.json'))
  .filter((file) => existsSync(file));

const hidden = new Map(); // file → the manifest as it was
for (const file of manifests) {
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const peers = Object.entries(pkg.peerDependencies ?? {}).filter(([, range]) => String(range).startsWith('workspace:'));
  if (peers.length === 0) continue;
  hidden.set(file, pkg);
  const rest = Object.fromEntries(Object.entries(pkg.peerDependencies).filter(([, range]) => !String(range).startsWith('workspace:')));
  const { peerDependencies: _, ...withoutPeers } = pkg;
  writeFileSync(file, `${JSON.stringify(Object.keys(rest).length > 0 ? { ...withoutPeers, peerDependencies: rest } : withoutPeers, null, 2)}\n`);
}

let status = 1;
try {
  const changeset = join(root, 'node_modules', '@changesets', 'cli', 'bin.js');
  status = spawnSync(process.execPath, [changeset, 'version'], { cwd: root, stdio: 'inherit' }).status ?? 1;
} finally {
  for (const [file, before] of hidden) {
    const after = JSON.parse(readFileSync(file, 'utf8'));
    // The original key order, with the values changesets wrote (version, dependency ranges).
    const merged = Object.fromEntries(Object.keys(before).map((k) => [k, k === 'peerDependencies' ? before[k] : (after[k] ?? before[k])]));
    for (const k of Object.keys(after)) if (!(k in merged)) merged[k] = after[k];
    writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  }
}
if (status !== 0) process.exit(status);
const sync = spawnSync(process.execPath, [join(root, 'scripts', 'sync-versions.mjs')], { cwd: root, stdio: 'inherit' });
process.exit(sync.status ?? 1);
