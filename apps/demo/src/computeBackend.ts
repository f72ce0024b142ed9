// Which backend the demo computes on: @entropic/backend-wasm's WebAssembly kernels, or core's
// JavaScript kernels (the CPU backend) when asked for or when WebAssembly cannot load here.
// Browser-safe: shared by the CLI and the page's training worker.
import { type WasmBackend, createWasmBackend } from '@entropic/backend-wasm';
import { backend, cpuBackend, setBackend } from '@entropic/core';

export const BACKENDS = ['wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** What ran, and why, for one line of output. */
export interface BackendInfo {
  name: BackendChoice;
  /** threads a large kernel is split over, the calling thread included */
  threads: number;
  /** why this backend and not the one asked for, or why fewer threads (undefined: as asked) */
  note?: string;
}

export interface InstallOptions {
  /** threads for the WebAssembly backend (default: the package's, the available cores) */
  threads?: number;
  /** how the CPU backend was asked for, for the label (e.g. `--backend cpu`) */
  chosenBy?: string;
  /** told about each failure before falling back (the CLI and the page log it) */
  onFallback?: (what: string, error: unknown) => void;
}

/** An error's own message, without the `createWasmBackend: expected …` wrapper when it has a cause. */
function reason(e: unknown): string {
  const root = e instanceof Error && e.cause !== undefined ? e.cause : e;
  const text = root instanceof Error ? root.message : String(root);
  return text.split('\n')[0] ?? text;
}

export interface InstalledBackend {
  info: BackendInfo;
  /** Puts back the backend that was active before and stops the WebAssembly backend's threads. */
  restore(): void;
}

/**
 * Installs the backend asked for. For 'wasm': with `threads` if the platform can run them, else
 * on one thread, else (WebAssembly cannot load: no SIMD, disabled, blocked) the CPU backend.
 * Never throws: the demo trains either way and says which backend ran.
 */
export async function installBackend(choice: BackendChoice, opts: InstallOptions = {}): Promise<InstalledBackend> {
  const before = backend();
  const installed = (info: BackendInfo, wasm?: WasmBackend): InstalledBackend => {
    setBackend(wasm ?? cpuBackend);
    return {
      info,
      restore: () => {
        setBackend(before);
        wasm?.dispose();
      },
    };
  };
  if (choice === 'cpu') return installed({ name: 'cpu', threads: 1, ...(opts.chosenBy !== undefined ? { note: `chosen with ${opts.chosenBy}` } : {}) });
  const unavailable = (e: unknown) => {
    opts.onFallback?.('WebAssembly backend unavailable; using the CPU backend', e);
    return installed({ name: 'cpu', threads: 1, note: `WebAssembly unavailable: ${reason(e)}` });
  };
  const threads = opts.threads;
  let threadsNote: string;
  try {
    const wasm = await createWasmBackend(threads === undefined ? {} : { threads });
    return installed({ name: 'wasm', threads: wasm.threads }, wasm);
  } catch (e) {
    if (threads === 1) return unavailable(e);
    // Worker threads that fail to start (a blocked Blob URL, a worker limit) should not cost the
    // WebAssembly kernels themselves: try once more on the calling thread alone.
    opts.onFallback?.('WebAssembly backend with threads unavailable; trying one thread', e);
    threadsNote = `threads unavailable: ${reason(e)}`;
  }
  try {
    const wasm = await createWasmBackend({ threads: 1 });
    return installed({ name: 'wasm', threads: wasm.threads, note: threadsNote }, wasm);
  } catch (e) {
    return unavailable(e);
  }
}

/** `wasm (2 threads)`, `wasm (1 thread)`, `cpu (WebAssembly unavailable: …)`, `cpu (chosen with --backend cpu)`. */
export function backendLabel(info: BackendInfo): string {
  const details: string[] = [];
  if (info.name === 'wasm') details.push(`${info.threads} thread${info.threads === 1 ? '' : 's'}`);
  if (info.note !== undefined) details.push(info.note);
  return details.length > 0 ? `${info.name} (${details.join('; ')})` : info.name;
}
