import { describe, expect, it } from 'vitest';
import { labelSelectorFromObject } from '../../../api/selectors/label-selector.ts';
import { LabelIndex, requiredLabelKeys } from './label-index.ts';
import { pod } from './test-fixtures.ts';

describe('LabelIndex', () => {
  it.each<[string, Parameters<typeof labelSelectorFromObject>[0] | null, string[] | undefined]>([
    ['matchLabels', { matchLabels: { app: 'web' } }, ['app\u0000web']],
    ['In', { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] }, ['app\u0000a', 'app\u0000b']],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, ['app']],
    ['only NotIn (any pod may match)', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }, undefined],
    ['empty (every pod matches)', {}, undefined],
    ['null (no pod matches)', null, []],
  ])('files a selector with %s', (_name, selector, keys) => {
    expect(requiredLabelKeys(selector === null ? null : labelSelectorFromObject(selector))).toEqual(keys);
  });

  it('visits the items a pod could concern, each once, and the ones filed under nothing', () => {
    const index = new LabelIndex<string>();
    index.add('web', [['app\u0000web'], ['app']]);
    index.add('db', [['app\u0000db']]);
    index.add('any', [undefined]);
    const visited: string[] = [];
    index.forEachConcerning(pod('p', { labels: { app: 'web' } }), (item) => visited.push(item));
    expect(visited.sort()).toEqual(['any', 'web']);
  });
});
