// Messages between the page (main.ts) and the training worker (train.worker.ts).

export interface TrainRequest {
  lr: number;
  epochs: number;
  seed: number;
  testSize: number;
}

export type TrainMessage =
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
