import type { Tensor } from '../tensor.js';

/**
 * What the generic gradcheck harness needs to test an op (PyTorch's OpInfo, pared down). Each
 * op file lists its differentiable ops; `registry.ts` gathers them, so adding an op enrols it.
 */
export interface OpInfo {
  /** The op's name, as exported by core. */
  readonly name: string;
  /** The op applied to float64 inputs (options fixed). */
  readonly fn: (...inputs: Tensor[]) => Tensor;
  /** Tuples of input shapes to check, broadcasting ones included. */
  readonly shapes: readonly (readonly (readonly number[])[])[];
  /** Where inputs are drawn from so that the op is smooth there (default: standard normal). */
  readonly domain?: 'normal' | 'positive' | 'awayFromZero';
}
