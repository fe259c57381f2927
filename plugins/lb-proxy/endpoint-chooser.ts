import type { Algorithm } from './options.ts';

/** An endpoint a new connection may go to, with the connections it has now. */
export interface Candidate {
  /** `ip:port` */
  key: string;
  active: number;
  /** already tried for this connection (it refused): skipped */
  excluded?: boolean;
}

/** What a chooser keeps between picks: the round-robin position. */
export interface ChooserState {
  cursor: number;
}

/**
 * Picks the index of the candidate a new connection goes to, or undefined
 * when none is left. Advances `state.cursor` so that successive picks
 * rotate (round-robin, and least-connections among equally loaded
 * endpoints, which IPVS's `lc` would otherwise always give to the first).
 * Excluded candidates keep their place in the rotation, so a dead endpoint's
 * share is spread over the next ones instead of doubling one neighbour's.
 * `random` returns [0, 1), as Math.random; power-of-two-choices draws two
 * distinct candidates and takes the one with fewer connections.
 */
export function chooseEndpoint(algorithm: Algorithm, candidates: readonly Candidate[], state: ChooserState, random: () => number): number | undefined {
  const count = candidates.length;
  if (count === 0) return undefined;
  switch (algorithm) {
    case 'round-robin': {
      const start = state.cursor % count;
      for (let step = 0; step < count; step++) {
        const index = (start + step) % count;
        if (candidates[index]?.excluded === true) continue;
        state.cursor = index + 1;
        return index;
      }
      return undefined;
    }
    case 'least-connections': {
      const start = state.cursor % count;
      let best: number | undefined;
      for (let step = 0; step < count; step++) {
        const index = (start + step) % count;
        const candidate = candidates[index];
        if (candidate === undefined || candidate.excluded === true) continue;
        if (best === undefined || candidate.active < activeOf(candidates, best)) best = index;
      }
      if (best !== undefined) state.cursor = best + 1;
      return best;
    }
    case 'power-of-two-choices': {
      const eligible: number[] = [];
      for (let index = 0; index < count; index++) if (candidates[index]?.excluded !== true) eligible.push(index);
      if (eligible.length <= 1) return eligible[0];
      const n = eligible.length;
      const firstAt = Math.min(n - 1, Math.floor(random() * n));
      // the second is drawn from the others, so the two always differ
      const secondAt = (firstAt + 1 + Math.min(n - 2, Math.floor(random() * (n - 1)))) % n;
      const first = eligible[firstAt] ?? 0;
      const second = eligible[secondAt] ?? 0;
      return activeOf(candidates, second) < activeOf(candidates, first) ? second : first;
    }
  }
}

function activeOf(candidates: readonly Candidate[], index: number): number {
  return candidates[index]?.active ?? Number.POSITIVE_INFINITY;
}
