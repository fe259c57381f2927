import { describe, expect, it } from 'vitest';
import { formatLabelSelector, formatLabels, labelSelectorString } from './labels.ts';

describe('formatLabels', () => {
  it.each([
    [{}, '<none>'],
    [{ app: 'web' }, 'app=web'],
    [{ tier: 'front', app: 'web' }, 'app=web,tier=front'],
  ])('%j → %s', (labels, expected) => {
    expect(formatLabels(labels)).toBe(expected);
  });
});

describe('label selectors', () => {
  it.each([
    ['nil selector', undefined, '', '<none>'],
    ['empty selector', {}, '', '<none>'],
    ['matchLabels sorted by key', { matchLabels: { tier: 'db', app: 'x' } }, 'app=x,tier=db', 'app=x,tier=db'],
    [
      'expressions, values sorted',
      {
        matchLabels: { app: 'x' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'beta', operator: 'Exists' },
        ],
      },
      'app=x,beta,!canary,env in (dev,prod),zone notin (b)',
      'app=x,beta,!canary,env in (dev,prod),zone notin (b)',
    ],
    ['bad operator', { matchExpressions: [{ key: 'a', operator: 'Near', values: ['b'] }] }, undefined, '<error>'],
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, undefined, '<error>'],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, undefined, '<error>'],
  ])('%s', (_name, selector, asString, formatted) => {
    expect(labelSelectorString(selector)).toBe(asString);
    expect(formatLabelSelector(selector)).toBe(formatted);
  });
});
