import { describe, expect, it } from 'vitest';
import { planNodeLabels } from './node-labels.ts';

describe('planNodeLabels', () => {
  it.each<[string, Record<string, string> | undefined, Record<string, string> | undefined]>([
    ['no labels', undefined, undefined],
    ['agreeing labels', { 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/os': 'linux' }, undefined],
    ['a missing beta label is added', { 'kubernetes.io/arch': 'arm64' }, { 'beta.kubernetes.io/arch': 'arm64' }],
    ['a differing beta label follows the stable one', { 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/os': 'windows' }, { 'beta.kubernetes.io/os': 'linux' }],
    ['a beta label alone is left alone', { 'beta.kubernetes.io/os': 'linux' }, undefined],
  ])('%s', (_what, labels, expected) => {
    expect(planNodeLabels(labels)).toEqual(expected);
  });
});
