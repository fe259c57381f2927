import { describe, expect, it } from 'vitest';
import { isValidImageReference } from './image-reference.ts';

describe('isValidImageReference', () => {
  it.each([
    ['busybox', true],
    ['kubernel/busybox:latest', true],
    ['kubernel/busybox:1.35.0', true],
    ['registry.example.com:5000/team/app:v1', true],
    ['localhost/app', true],
    ['Registry.Example.com/app', true],
    [`busybox@sha256:${'a'.repeat(64)}`, true],
    [`busybox:1.35@sha256:${'a'.repeat(64)}`, true],
    ['my_app/with__double-dash--ok', true],
    ['', false],
    ['Not A Valid::Image', false],
    ['busybox:', false],
    ['UPPER', false],
    ['team/UPPER', false],
    ['busybox@sha256:abc', false],
    ['-leading-dash', false],
    [`x:${'t'.repeat(129)}`, false],
    [`${'a'.repeat(256)}`, false],
  ])('%s → %s', (reference, valid) => {
    expect(isValidImageReference(reference)).toBe(valid);
  });
});
