import { describe, expect, it } from 'vitest';
import { expandProbeCommand } from './command-expansion.ts';

const container = {
  env: [
    { name: 'FILE', value: '/tmp/healthy' },
    { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
  ],
};

describe('expandProbeCommand', () => {
  it.each([
    ['cat $(FILE)', 'cat /tmp/healthy'],
    ['$(FROM_SECRET)x', 'x'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(FILE)', '$(FILE)'],
    ['cost $5', 'cost $5'],
    ['open $(FILE', 'open $(FILE'],
    ['trailing $', 'trailing $'],
  ])('expands %j to %j', (input, expected) => {
    expect(expandProbeCommand([input], container)).toEqual([expected]);
  });
});
