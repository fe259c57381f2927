import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'plugins/**/*.test.ts', 'providers/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e suites start real servers on their own ports; files run in parallel, tests inside a file in order.
    pool: 'forks',
    // Objects the store shares between the watch cache, informers and the next update are frozen under test,
    // so that a controller changing one fails loudly (see ParsedVersions); servers spawned by tests inherit it.
    env: { KUBERNEL_FREEZE_SHARED_OBJECTS: '1' },
  },
});
