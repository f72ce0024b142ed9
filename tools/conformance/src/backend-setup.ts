/**
 * Vitest setup file of every package (vitest.shared.ts): installs the backend named by the
 * environment variable ENTROPIC_BACKEND before a test file runs, so the whole suite (conformance
 * vectors, gradcheck harness, package tests) runs against it:
 *
 *   ENTROPIC_BACKEND=spy pnpm test       (or: pnpm test --backend=spy)
 *
 * 'cpu' (the default) is core's JavaScript backend; 'spy' wraps it and counts kernel calls;
 * 'wasm' is @entropic/backend-wasm's `createWasmBackend({ threads })` (threads from
 * ENTROPIC_THREADS, default: the package's own default).
 * Core is imported by path, not by package name: this file belongs to no package's dependencies,
 * and every test imports core from the same source file, so this is the instance the tests use.
 */
import { backend, cpuBackend, kernelNames, setBackend } from '../../../packages/core/src/index.js';
import type { Backend } from '../../../packages/core/src/index.js';
import { spyBackend } from './spy-backend.js';

export const testBackendNames = ['cpu', 'spy', 'wasm'] as const;

/** The backend `name` stands for, ready to install. */
export async function createTestBackend(name: string): Promise<Backend> {
  switch (name) {
    case 'cpu':
      return cpuBackend;
    case 'spy':
      return spyBackend(cpuBackend, kernelNames);
    case 'wasm': {
      // The WebAssembly backend's hook: its package's source entry, imported by path like core.
      const entry = '../../../packages/backend-wasm/src/index.ts';
      let mod: { createWasmBackend?: (opts?: { threads?: number }) => Promise<Backend> };
      try {
        mod = (await import(/* @vite-ignore */ entry)) as typeof mod;
      } catch (e) {
        throw new Error(`ENTROPIC_BACKEND=wasm: cannot load @entropic/backend-wasm from packages/backend-wasm/src (${(e as Error).message})`);
      }
      if (typeof mod.createWasmBackend !== 'function') throw new Error('ENTROPIC_BACKEND=wasm: @entropic/backend-wasm exports no createWasmBackend');
      const threads = process.env.ENTROPIC_THREADS === undefined ? undefined : Number(process.env.ENTROPIC_THREADS);
      return mod.createWasmBackend(threads === undefined ? {} : { threads });
    }
    default:
      throw new Error(`ENTROPIC_BACKEND: expected one of ${testBackendNames.join(', ')}, got ${JSON.stringify(name)}`);
  }
}

const requested = process.env.ENTROPIC_BACKEND;
if (requested !== undefined && requested !== '') {
  setBackend(await createTestBackend(requested));
  if (backend().name !== requested) {
    throw new Error(`ENTROPIC_BACKEND=${requested}: installed a backend named '${backend().name}'`);
  }
}
