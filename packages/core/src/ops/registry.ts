/** Every differentiable op with its gradcheck recipe, gathered from the op files. */
import type { OpInfo } from './opinfo.js';
import { opInfos as binary } from './binary.js';
import { opInfos as unary } from './unary.js';
import { opInfos as reduce } from './reduce.js';
import { opInfos as softmax } from './softmax.js';
import { opInfos as shape } from './shape.js';
import { opInfos as matmul } from './matmul.js';
import { opInfos as indexing } from './indexing.js';
import { opInfos as moments } from './moments.js';

export type { OpInfo };
/**
 * Every differentiable op of core with the input shapes and domain its gradient is checked on; a backend's test suite can run its own gradchecks over it.
 */
export const opRegistry: readonly OpInfo[] = [...binary, ...unary, ...reduce, ...softmax, ...shape, ...matmul, ...indexing, ...moments];
