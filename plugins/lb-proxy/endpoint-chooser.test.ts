import { describe, expect, it } from 'vitest';
import { chooseEndpoint, type Candidate } from './endpoint-chooser.ts';
import type { Algorithm } from './options.ts';

/** a negative load marks a candidate excluded (already tried) */
const loads = (...active: number[]): Candidate[] => active.map((n, i) => ({ key: `10.0.0.${i + 1}:80`, active: Math.abs(n), excluded: n < 0 }));

/** a random() that returns these values in turn */
const sequence = (...values: number[]): (() => number) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};

describe('chooseEndpoint', () => {
  it.each<{ algorithm: Algorithm; active: number[]; cursor: number; random?: number[]; picks: (number | undefined)[] }>([
    // round-robin ignores load and rotates
    { algorithm: 'round-robin', active: [], cursor: 0, picks: [undefined] },
    { algorithm: 'round-robin', active: [5], cursor: 7, picks: [0, 0] },
    { algorithm: 'round-robin', active: [0, 0, 0], cursor: 0, picks: [0, 1, 2, 0, 1] },
    { algorithm: 'round-robin', active: [9, 0, 0], cursor: 0, picks: [0, 1, 2] },
    // a cursor left by a longer list wraps into the shorter one
    { algorithm: 'round-robin', active: [0, 0], cursor: 4, picks: [0, 1, 0] },
    // excluded candidates keep their place: the rotation goes on past them
    { algorithm: 'round-robin', active: [0, -1, 0], cursor: 1, picks: [2, 0, 2, 0] },
    { algorithm: 'round-robin', active: [-1, -1], cursor: 0, picks: [undefined] },
    { algorithm: 'least-connections', active: [-1, 4, 3], cursor: 0, picks: [2] },
    { algorithm: 'least-connections', active: [-1, -1], cursor: 0, picks: [undefined] },
    { algorithm: 'power-of-two-choices', active: [-1, 5, -1], cursor: 0, random: [0.9, 0.9], picks: [1] },
    { algorithm: 'power-of-two-choices', active: [-1, 5, 2, -3], cursor: 0, random: [0.0, 0.0], picks: [2] },
    // least-connections takes the fewest; ties rotate from the cursor
    { algorithm: 'least-connections', active: [3, 0, 2], cursor: 0, picks: [1, 1] },
    { algorithm: 'least-connections', active: [1, 1, 1], cursor: 0, picks: [0, 1, 2, 0] },
    { algorithm: 'least-connections', active: [2, 1, 1], cursor: 0, picks: [1, 2, 1] },
    { algorithm: 'least-connections', active: [0, 5], cursor: 1, picks: [0] },
    // power-of-two-choices: two distinct draws, the lighter wins, the first on a tie
    { algorithm: 'power-of-two-choices', active: [4, 1, 9], cursor: 0, random: [0.0, 0.0], picks: [1] },
    { algorithm: 'power-of-two-choices', active: [4, 1, 9], cursor: 0, random: [0.99, 0.0], picks: [0] },
    { algorithm: 'power-of-two-choices', active: [4, 1, 9], cursor: 0, random: [0.5, 0.99], picks: [1] },
    { algorithm: 'power-of-two-choices', active: [2, 2], cursor: 0, random: [0.7, 0.3], picks: [1] },
    { algorithm: 'power-of-two-choices', active: [0, 0, 7], cursor: 0, random: [0.99, 0.5], picks: [1] },
  ])('$algorithm over $active from cursor $cursor picks $picks', ({ algorithm, active, cursor, random, picks }) => {
    const state = { cursor };
    const draw = sequence(...(random ?? [0]));
    const got = picks.map(() => chooseEndpoint(algorithm, loads(...active), state, draw));
    expect(got).toEqual(picks);
  });

  it.each<Algorithm>(['round-robin', 'least-connections', 'power-of-two-choices'])('%s spreads equal idle endpoints evenly', (algorithm) => {
    const state = { cursor: 0 };
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const index = chooseEndpoint(algorithm, loads(0, 0, 0, 0), state, random);
      if (index !== undefined) counts[index] = (counts[index] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });

  it('power-of-two-choices never sends a connection to the most loaded of three', () => {
    const state = { cursor: 0 };
    for (let i = 0; i < 200; i++) expect(chooseEndpoint('power-of-two-choices', loads(1, 2, 50), state, Math.random)).not.toBe(2);
  });
});
