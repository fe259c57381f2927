import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory } from './quantities.ts';

describe('quantities in reasons', () => {
  it.each<[number, string]>([
    [8000, '8'],
    [8500, '8500m'],
    [0, '0'],
  ])('cpu %i millicores is %s', (millis, text) => {
    expect(formatCpu(millis)).toBe(text);
  });

  it.each<[number, string]>([
    [32 * 2 ** 30, '32Gi'],
    [1536 * 2 ** 20, '1536Mi'],
    [1000, '1000'],
    [0, '0'],
  ])('memory %i bytes is %s', (bytes, text) => {
    expect(formatMemory(bytes)).toBe(text);
  });
});
