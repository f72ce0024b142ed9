import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backend, cpuBackend, matmul, randn, setBackend, sigmoid } from '@entropic/core';
import { createWasmBackend } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('createWasmBackend', () => {
  it("is a core Backend named 'wasm' that setBackend installs", async () => {
    const be = await createWasmBackend({ threads: 2 });
    try {
      expect(be.name).toBe('wasm');
      expect(be.threads).toBe(2);
      const previous = setBackend(be);
      try {
        expect(backend().name).toBe('wasm');
        const a = randn([64, 48], { seed: 1 });
        const b = randn([48, 32], { seed: 2 });
        const got = sigmoid(matmul(a, b)).data;
        setBackend(cpuBackend);
        const want = sigmoid(matmul(a, b)).data;
        for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-5);
      } finally {
        setBackend(previous);
      }
    } finally {
      be.dispose();
    }
  });

  it('uses the available cores by default', async () => {
    const be = await createWasmBackend();
    try {
      expect(be.threads).toBe(os.availableParallelism());
    } finally {
      be.dispose();
    }
  });

  it('checks its options', async () => {
    await expect(createWasmBackend({ threads: 0 })).rejects.toMatchObject({ code: 'OPTION' });
    await expect(createWasmBackend({ threads: 1.5 })).rejects.toMatchObject({ code: 'OPTION' });
    await expect(createWasmBackend({ thread: 2 } as never)).rejects.toMatchObject({ code: 'OPTION', message: expect.stringContaining('threads') });
  });

  it('after dispose() it computes on the calling thread, with the same results', async () => {
    const be = await createWasmBackend({ threads: 2 });
    const n = 300;
    const a = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));
    const c1 = new Float32Array(n * n);
    const c2 = new Float32Array(n * n);
    be.gemm(n, n, n, a, 0, n, 1, a, 0, n, 1, c1, 0);
    be.dispose();
    expect(be.threads).toBe(1);
    be.gemm(n, n, n, a, 0, n, 1, a, 0, n, 1, c2, 0);
    expect(c2).toEqual(c1);
  });

  it('idle worker threads do not keep Node from exiting', () => {
    const script = join(here, 'fixtures', 'exit.ts');
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--conditions=@entropic/source', '--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('threads 2, computed');
    expect(r.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(60_000);
  });
});
