/**
 * @entropic/data — CSV and array loading, StandardScaler, seeded train/test splits and
 * mini-batches, and bundled real data sets. Browser-safe: the file-reading functions
 * (`readCSV`, `streamCSV`) live in the node-only entry `@entropic/data/node`.
 */
export { fromArrays, type FromArraysOptions } from './arrays.js';
export { Batches, batches, type Batch, type BatchesOptions } from './batches.js';
export {
  parseCSV,
  type Dataset,
  type LabeledCSVOptions,
  type UnlabeledCSVOptions,
  type UnlabeledDataset,
} from './csv.js';
export type { CSVOptions, ColumnRef, DType, FloatDType } from './csv-table.js';
export {
  BREAST_CANCER_DESCRIPTION,
  IRIS_DESCRIPTION,
  loadBreastCancer,
  loadIris,
  type BundledDataset,
  type LoadOptions,
} from './datasets/index.js';
export { StandardScaler, type StandardScalerJSON, type StandardScalerOptions } from './scaler.js';
export { trainTestSplit, type TrainTestSplit, type TrainTestSplitOptions } from './split.js';
