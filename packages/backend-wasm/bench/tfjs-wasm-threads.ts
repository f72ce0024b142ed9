/**
 * TensorFlow.js's WASM backend with 1 and 2 threads in one Node process, for the comparison.
 *
 * tfjs-backend-wasm 4.22 runs its threaded build only where it detects Web-style threads: in
 * Node it reports no multithread support, and its emscripten pthread workers are started from
 * `blob:` URLs, which Node's Worker refuses. Its C++ side also caps the pool at half the logical
 * cores (backend.cc assumes two hyper-threads per core), i.e. one thread on a 2-core machine.
 * This shim (bench only) lets the threaded build run here: Blob texts are written to temporary
 * files whose paths stand in for the blob: URLs, the worker loads the main script from such a
 * file, and os.cpus() reports twice the cores while the module initialises. The kernels that
 * run are tfjs's own (XNNPACK); only the loading is adapted.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

/** Registers backends 'wasm-1' and 'wasm-2' (tfjs WASM with 1 and 2 threads); returns their names that initialised. */
export async function registerTfjsWasm(tf: typeof TF): Promise<string[]> {
  const tfwasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  tfwasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-wasm-threads-'));
  const NativeBlob = globalThis.Blob;
  const files = new WeakMap<object, string>();
  let mainScript: string | null = null;
  let count = 0;
  class FileBackedBlob extends NativeBlob {
    constructor(parts: BlobPart[], options?: BlobPropertyBag) {
      let text = parts.every((p) => typeof p === 'string') ? parts.join('') : null;
      if (text?.startsWith('var WasmBackendModuleThreadedSimd')) {
        mainScript = path.join(dir, `main${count++}.js`);
        // The factory's source refers to the Node bundle's module-scope requires.
        const prelude = "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os'), commonjsGlobal = globalThis;\n";
        fs.writeFileSync(mainScript, prelude + text);
      } else if (text?.includes('importScripts(objectUrl)') && mainScript !== null) {
        text = text.replace(
          'var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)',
          `importScripts(${JSON.stringify(mainScript)})`,
        );
        parts = [text];
      }
      super(parts, options);
      if (text !== null) {
        const file = path.join(dir, `blob${count++}.js`);
        fs.writeFileSync(file, text);
        files.set(this, file);
      }
    }
  }
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  globalThis.Blob = FileBackedBlob as typeof Blob;
  URL.createObjectURL = (b: Blob) => files.get(b) ?? createObjectURL(b);
  os.cpus = () => [...cpus(), ...cpus()];
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  const factory = tf.findBackendFactory('wasm');
  const ready: string[] = [];
  try {
    for (const threads of [1, 2]) {
      const name = `wasm-${threads}`;
      tf.registerBackend(name, factory);
      for (const k of tf.getKernelsForBackend('wasm')) tf.registerKernel({ ...k, backendName: name });
      tfwasm.setThreadsCount(threads);
      const warn = console.warn;
      console.warn = () => {};
      const ok = await tf.setBackend(name);
      console.warn = warn;
      if (ok && tfwasm.getThreadsCount() === threads) ready.push(name);
    }
  } finally {
    os.cpus = cpus;
    globalThis.Blob = NativeBlob;
    URL.createObjectURL = createObjectURL;
  }
  return ready;
}
