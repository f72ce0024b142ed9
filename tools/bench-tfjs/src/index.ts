/**
 * The TensorFlow.js side of the benchmarks, in one place: the gradient registrations tfjs-core's
 * Node build lacks (ports of tfjs-core 4.22's own), backend selection, and @entropic/model's
 * workloads written with tfjs.
 */
export { registerTfGradients } from './gradients.js';
export { useTfBackend } from './backend.js';
export { type Classification, type Layer, type Result, mlpEpoch, w1 } from './training.js';
