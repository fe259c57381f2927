import { describe, expect, it } from 'vitest';
import { Fifo } from './fifo.ts';

describe('Fifo', () => {
  it('hands items out in the order they came, across its compactions, interleaved with pushes', () => {
    const fifo = new Fifo<number>();
    const out: number[] = [];
    let next = 0;
    // Pushes run ahead of shifts so that the taken front grows past its compaction point many times.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) fifo.push(next++);
      for (let i = 0; i < 200; i++) out.push(fifo.shift() ?? -1);
    }
    expect(fifo.length).toBe(next - out.length);
    for (let item = fifo.shift(); item !== undefined; item = fifo.shift()) out.push(item);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(fifo.length).toBe(0);
    expect(fifo.shift()).toBeUndefined();
    fifo.push(7);
    expect([fifo.length, fifo.shift()]).toEqual([1, 7]);
  });
});
