#!/usr/bin/env -S node --max-semi-space-size=48
// The CLI is TypeScript run through tsx, so a checkout works without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../core/cli/main.ts');
