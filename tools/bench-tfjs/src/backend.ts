/** Selecting TensorFlow.js's CPU or WASM backend in Node. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Makes `name` tfjs's active backend (the WASM files are found in the installed package); false when it cannot start. */
export async function useTfBackend(name: 'cpu' | 'wasm'): Promise<boolean> {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  }
  return tf.setBackend(name);
}
