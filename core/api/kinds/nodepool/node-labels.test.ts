import { describe, expect, it } from 'vitest';
import { instanceFamilyOf, singleValuedLabels } from './node-labels.ts';
import type { NodeRequirement } from './types.ts';

describe('instanceFamilyOf', () => {
  it.each([
    ['m6i.large', 'm6i'],
    ['e2-standard-4', 'e2-standard'],
    ['local', 'local'],
  ])('%s is of family %s', (name, family) => {
    expect(instanceFamilyOf(name)).toBe(family);
  });
});

describe('singleValuedLabels', () => {
  it.each<[string, NodeRequirement[], Record<string, string>]>([
    ['an In with one value pins its key', [{ key: 'team', operator: 'In', values: ['web'] }], { team: 'web' }],
    ['an In with several values pins nothing', [{ key: 'team', operator: 'In', values: ['web', 'api'] }], {}],
    ['other operators pin nothing', [{ key: 'team', operator: 'NotIn', values: ['web'] }, { key: 'gpu', operator: 'Exists' }], {}],
    ['an In without values pins nothing', [{ key: 'team', operator: 'In' }], {}],
  ])('%s', (_what, requirements, labels) => {
    expect(singleValuedLabels(requirements)).toEqual(labels);
  });
});
