// Which backend the demo computes on: WebAssembly with threads, one thread when threads cannot
// start, the CPU backend when WebAssembly cannot load or when asked for; each says so, and the
// CLI called in-process leaves the backend as it found it.
import { EntropicError, backend } from '@entropic/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import { backendLabel, installBackend } from '../src/computeBackend.js';
import { tempDir } from './helpers.js';

/** What the real createWasmBackend is asked for, and the failures to inject (by threads asked). */
const wasm = vi.hoisted(() => ({
  asked: [] as (number | undefined)[],
  failWith: (_threads: number | undefined): Error | undefined => undefined,
}));

vi.mock('@entropic/backend-wasm', async (importOriginal) => {
  const real = await importOriginal<typeof import('@entropic/backend-wasm')>();
  return {
    ...real,
    createWasmBackend: async (opts?: { threads?: number }) => {
      wasm.asked.push(opts?.threads);
      const e = wasm.failWith(opts?.threads);
      if (e !== undefined) throw e;
      return real.createWasmBackend(opts);
    },
  };
});

afterEach(() => {
  wasm.asked.length = 0;
  wasm.failWith = () => undefined;
});

describe('installBackend', () => {
  it('installs the WebAssembly backend with the threads asked for, and restore() puts back the previous one', async () => {
    const before = backend().name;
    const b = await installBackend('wasm', { threads: 2 });
    expect(b.info).toEqual({ name: 'wasm', threads: 2 });
    expect(backendLabel(b.info)).toBe('wasm (2 threads)');
    expect(backend().name).toBe('wasm');
    b.restore();
    expect(backend().name).toBe(before);
  });

  it('runs on one thread when the worker threads cannot start, and says why', async () => {
    wasm.failWith = (threads) => (threads !== undefined && threads > 1 ? new Error('Worker is not allowed here') : undefined);
    const told: string[] = [];
    const b = await installBackend('wasm', { threads: 2, onFallback: (what) => told.push(what) });
    expect(wasm.asked).toEqual([2, 1]);
    expect(b.info).toEqual({ name: 'wasm', threads: 1, note: 'threads unavailable: Worker is not allowed here' });
    expect(backendLabel(b.info)).toBe('wasm (1 thread; threads unavailable: Worker is not allowed here)');
    expect(told).toEqual(['WebAssembly backend with threads unavailable; trying one thread']);
    expect(backend().name).toBe('wasm');
    b.restore();
  });

  it('falls back to the CPU backend when WebAssembly cannot load, naming the cause', async () => {
    const cause = new TypeError('WebAssembly.instantiate is not a function');
    wasm.failWith = () => new EntropicError('STATE', 'createWasmBackend', `expected a platform with WebAssembly SIMD, got ${cause}`, { cause });
    const told: unknown[] = [];
    const before = backend().name;
    const b = await installBackend('wasm', { onFallback: (what, e) => told.push(what, e) });
    expect(wasm.asked).toEqual([undefined, 1]);
    expect(b.info).toEqual({ name: 'cpu', threads: 1, note: 'WebAssembly unavailable: WebAssembly.instantiate is not a function' });
    expect(backendLabel(b.info)).toBe('cpu (WebAssembly unavailable: WebAssembly.instantiate is not a function)');
    expect(told.at(-2)).toBe('WebAssembly backend unavailable; using the CPU backend');
    expect(told.at(-1)).toBeInstanceOf(EntropicError);
    expect(backend().name).toBe('cpu');
    b.restore();
    expect(backend().name).toBe(before);
  });

  it('asks for no WebAssembly on one thread twice: one failure is enough', async () => {
    wasm.failWith = () => new Error('no SIMD');
    const b = await installBackend('wasm', { threads: 1 });
    expect(wasm.asked).toEqual([1]);
    expect(backendLabel(b.info)).toBe('cpu (WebAssembly unavailable: no SIMD)');
    b.restore();
  });

  it('installs the CPU backend when asked, saying how it was asked for', async () => {
    const b = await installBackend('cpu', { chosenBy: '--backend cpu' });
    expect(wasm.asked).toEqual([]);
    expect(backendLabel(b.info)).toBe('cpu (chosen with --backend cpu)');
    expect(backend().name).toBe('cpu');
    b.restore();
    expect(backendLabel((await installBackend('cpu')).info)).toBe('cpu');
  });
});

describe('the CLI in-process', () => {
  it('prints the backend first, falls back when WebAssembly fails, and restores the backend it found', async () => {
    const before = backend().name;
    const out = tempDir('backend');
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`stderr: ${l}`) };
    expect(await main(['three-class', '--out', out], io)).toBe(0);
    expect(lines[0]).toMatch(/^backend: wasm \(\d+ threads?\)$/);
    expect(backend().name).toBe(before);

    lines.length = 0;
    wasm.failWith = () => new Error('blocked by policy');
    expect(await main(['mse-vs-ce', '--out', out], io)).toBe(0);
    expect(lines[0]).toBe('backend: cpu (WebAssembly unavailable: blocked by policy)');
    expect(lines.join('\n')).toContain('0.9801');
    expect(lines.filter((l) => l.startsWith('stderr:'))).toEqual([]);
    expect(backend().name).toBe(before);
  });
});
