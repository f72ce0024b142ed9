// Runs once before every test file: compiles @entropic/backend-wasm's embedded kernels if they are
// missing or stale, so that the page builds, the dev server and the CLI build in parallel test
// files never compile them at the same time.
import { ensureWasmKernels } from '../tools/wasmKernels.js';

export default function setup(): void {
  ensureWasmKernels();
}
