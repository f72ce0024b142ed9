/**
 * The conformance suites of core, loss, optim and model (PyTorch and scikit-learn reference
 * vectors, gradchecks, float32 checks, bad-input errors), run as they are with the WebAssembly
 * backend installed: 2 threads, and minSize 0 so that even the suites' small tensors go through
 * the WebAssembly kernels rather than the CPU ones.
 */
import { afterAll } from 'vitest';
import { setBackend } from '@entropic/core';
import { createWasmBackend } from '../src/index.js';

const wasm = await createWasmBackend({ threads: 2, minSize: 0 });
const previous = setBackend(wasm);
afterAll(() => {
  setBackend(previous);
  wasm.dispose();
});

await import('../../core/test/core-conformance.test.js');
await import('../../core/test/gradcheck.test.js');
await import('../../core/test/tensor.test.js');
await import('../../loss/test/conformance.test.js');
await import('../../loss/test/gradcheck.test.js');
await import('../../loss/test/float32.test.js');
await import('../../loss/test/errors.test.js');
await import('../../optim/test/optim-conformance.test.js');
await import('../../model/test/sklearn.test.js');
