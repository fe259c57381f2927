import { describe, expect, it } from 'vitest';
import { accessModesString, quantityString, storageClassOf } from './storage.ts';

describe('storage helpers', () => {
  it.each([
    [[], ''],
    [['ReadWriteOnce'], 'RWO'],
    [['ReadWriteOncePod', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOnce'], 'RWO,ROX,RWX,RWOP'],
  ])('access modes %j → %s', (modes, expected) => {
    expect(accessModesString({ modes }, 'modes')).toBe(expected);
  });

  it.each([
    [{ storage: '10Gi' }, '10Gi'],
    [{ storage: 5 }, '5'],
    [{}, '0'],
  ])('quantity %j → %s', (capacity, expected) => {
    expect(quantityString({ capacity }, 'capacity', 'storage')).toBe(expected);
  });

  it('prefers the beta storage-class annotation, even when empty', () => {
    const annotated = { metadata: { annotations: { 'volume.beta.kubernetes.io/storage-class': '' } } };
    expect(storageClassOf(annotated, 'standard')).toBe('');
    expect(storageClassOf({ metadata: {} }, 'standard')).toBe('standard');
    expect(storageClassOf({ metadata: {} }, undefined)).toBe('');
  });
});
