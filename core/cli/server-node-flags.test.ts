import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from './server-node-flags.ts';

const repoFile = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('SERVER_NODE_FLAGS', () => {
  it('are the flags npm start and the kubernel executable run Node with', () => {
    const packageJson = JSON.parse(repoFile('package.json')) as { scripts: Record<string, string> };
    expect(packageJson.scripts['start']).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} bin/kubernel.js up`);
    const shebang = repoFile('bin/kubernel.js').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${SERVER_NODE_FLAGS.join(' ')}`);
  });
});
