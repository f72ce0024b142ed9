// Messages between the page (main.ts) and the training worker (train.worker.ts).
import type { BackendChoice, BackendInfo } from '../src/computeBackend.js';

export interface TrainRequest {
  lr: number;
  epochs: number;
  seed: number;
  testSize: number;
  /** the backend to train on ('wasm' falls back to 'cpu' when WebAssembly cannot load) */
  backend: BackendChoice;
}

export type TrainMessage =
  | { type: 'backend'; info: BackendInfo; label: string }
  | { type: 'epoch'; epoch: number; loss: number; trainAccuracy: number }
  | {
      type: 'done';
      epochs: number;
      seconds: number;
      trainAccuracy: number;
      testAccuracy: number;
      testLogLoss: number;
      testRocAuc: number;
    }
  | { type: 'error'; message: string };
