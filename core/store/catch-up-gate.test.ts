import { describe, expect, it } from 'vitest';
import { CatchUpGate } from './catch-up-gate.ts';

describe('CatchUpGate', () => {
  it('closes past its high mark and lets every waiter through together once the backlog is down to its low mark', async () => {
    const gate = new CatchUpGate(10, 5);
    gate.observe(10);
    expect(gate.whenOpen()).toBeUndefined();
    gate.observe(11);
    const first = gate.whenOpen();
    const second = gate.whenOpen();
    expect(first).toBeDefined();
    const through: string[] = [];
    void first?.then(() => through.push('first'));
    void second?.then(() => through.push('second'));
    gate.observe(6);
    await Promise.resolve();
    expect(through).toEqual([]);
    gate.observe(5);
    await first;
    await second;
    expect(through).toEqual(['first', 'second']);
    expect(gate.whenOpen()).toBeUndefined();
  });

  it('opens on demand whatever the backlog', async () => {
    const gate = new CatchUpGate(1, 0);
    gate.observe(100);
    const waiting = gate.whenOpen();
    gate.open();
    await waiting;
    expect(gate.whenOpen()).toBeUndefined();
  });
});
