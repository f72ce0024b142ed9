import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig(mergeConfig(sharedTestConfig, { test: { globalSetup: ['test/global-setup.ts'] } }));
