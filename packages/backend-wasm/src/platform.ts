/**
 * What the platform offers for threads: Node's worker_threads, or Web Workers in a browser
 * worker scope that is cross-origin isolated (SharedArrayBuffer, and Atomics.wait is allowed
 * off the main thread). Node built-ins are imported dynamically, only in Node, so the package
 * bundles for browsers as is.
 */
import { EntropicError } from '@entropic/core';
import { type SpawnWorker, WORKER_KERNELS, WORKER_SOURCE } from './threads.js';

interface NodeWorker {
  once(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}
interface NodeWorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}
interface BrowserWorker {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
interface BrowserGlobals {
  Worker?: new (url: string) => BrowserWorker;
  Blob?: new (parts: string[], options: { type: string }) => unknown;
  URL?: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
  crossOriginIsolated?: boolean;
  document?: unknown;
  navigator?: { hardwareConcurrency?: number };
}

export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** A module specifier kept out of bundlers' static analysis (they would try to bundle Node built-ins). */
function nodeBuiltin<T>(name: string): Promise<T> {
  const specifier = `node:${name}`;
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;
}

/** The number of logical cores: os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers. */
export async function availableCores(): Promise<number> {
  if (isNode()) {
    const os = await nodeBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>('os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return (globalThis as BrowserGlobals).navigator?.hardwareConcurrency ?? 1;
}

/**
 * How to start a worker here, or why threads are unavailable (then the backend runs on the
 * calling thread alone).
 */
export async function workerSpawner(): Promise<SpawnWorker | string> {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is unavailable';
  if (isNode()) {
    const { Worker } = await nodeBuiltin<NodeWorkerThreads>('worker_threads');
    return (module, memory, control, index) => {
      const code = `const { parentPort, workerData: d } = require('node:worker_threads');\n${WORKER_SOURCE}\nstart(d.module, d.memory, d.control, d.index, d.names, (m) => parentPort.postMessage(m));`;
      const worker = new Worker(code, { eval: true, workerData: { module, memory, control, index, names: WORKER_KERNELS } });
      // A worker waiting for jobs must not keep the process alive.
      worker.unref();
      const ready = new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', () => reject(new EntropicError('STATE', 'createWasmBackend', 'a worker thread exited during start-up')));
      });
      return { ready, terminate: () => void worker.terminate() };
    };
  }
  const g = globalThis as BrowserGlobals;
  if (g.crossOriginIsolated !== true) return 'the page is not cross-origin isolated';
  // Atomics.wait, which a synchronous op needs, is refused on a browser's main thread.
  if (g.document !== undefined) return 'Atomics.wait is not allowed on the main thread (run training in a worker)';
  if (g.Worker === undefined || g.Blob === undefined || g.URL === undefined) return 'Web Workers are unavailable';
  const { Worker: W, Blob: B, URL: U } = g;
  return (module, memory, control, index) => {
    const code = `${WORKER_SOURCE}\nonmessage = (e) => { const d = e.data; onmessage = null; start(d.module, d.memory, d.control, d.index, d.names, (m) => postMessage(m)); };`;
    const url = U.createObjectURL(new B([code], { type: 'text/javascript' }));
    const worker = new W(url);
    const ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = () => {
        U.revokeObjectURL(url);
        resolve();
      };
      worker.onerror = reject;
    });
    worker.postMessage({ module, memory, control, index, names: WORKER_KERNELS });
    return { ready, terminate: () => worker.terminate() };
  };
}
