/** The cases of loss-family.json and how to call them (shared by the conformance and float32 tests). */
import type { Tensor } from '@entropic/core';
import {
  gaussianNllLoss, huberLoss, klDiv, l1Loss, multiMarginLoss, multilabelSoftMarginLoss, poissonNllLoss, sigmoidFocalLoss,
  smoothL1Loss, softMarginLoss,
} from '../src/index.js';
import { type JsonTensor, fromJson, loadCases } from './conformance.js';

const losses = {
  klDiv, l1Loss, smoothL1Loss, huberLoss, softMarginLoss, multiMarginLoss, multilabelSoftMarginLoss, poissonNllLoss,
  gaussianNllLoss, sigmoidFocalLoss,
};
type FamilyFn = keyof typeof losses;

export interface FamilyCase {
  name: string;
  fn: FamilyFn;
  input: JsonTensor;
  target: JsonTensor;
  extra?: JsonTensor[];
  opts: Record<string, unknown>;
  value: JsonTensor;
  gradInput: JsonTensor;
  gradOutput?: JsonTensor;
}

export const familyCases = loadCases<FamilyCase>('loss-family.json');

/** The case's options with `weight` as a Tensor (every other option is a plain value). */
export function familyOptions(opts: Record<string, unknown>, dtype: 'float32' | 'float64' = 'float64'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts)) out[k] = k === 'weight' ? fromJson(v as JsonTensor).cast(dtype) : v;
  return out;
}

/** `loss[fn](input, target, ...extra, opts)`. */
export function callFamily(c: FamilyCase, input: Tensor, target: Tensor, extra: Tensor[], opts: Record<string, unknown>): Tensor {
  const f = losses[c.fn] as (...args: unknown[]) => Tensor;
  return f(input, target, ...extra, opts);
}

