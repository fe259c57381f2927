import { describe, expect, it } from 'vitest';
import { computeZoneState, planDisruption, type ZoneState } from './zone-disruption.ts';

const thresholds = { unhealthyZoneThreshold: 0.55, largeClusterSizeThreshold: 50, nodeEvictionRate: 0.1, secondaryNodeEvictionRate: 0.01 };
const repeat = (status: string | undefined, n: number): (string | undefined)[] => Array.from({ length: n }, () => status);

describe('computeZoneState', () => {
  it.each<[string, (string | undefined)[], ZoneState]>([
    ['all ready', ['True', 'True'], 'Normal'],
    ['one of two down', ['True', 'Unknown'], 'Normal'],
    ['none ready', ['Unknown', 'False', undefined], 'FullDisruption'],
    ['three of five down (60%)', [...repeat('True', 2), ...repeat('Unknown', 3)], 'PartialDisruption'],
    ['three of six down (50%)', [...repeat('True', 3), ...repeat('Unknown', 3)], 'Normal'],
    ['two of three down: too few to call it', ['True', 'Unknown', 'Unknown'], 'Normal'],
  ])('%s', (_what, statuses, state) => {
    expect(computeZoneState(statuses, 0.55).state).toBe(state);
  });
});

describe('planDisruption', () => {
  it('a new zone starts Initial and gets its rate once Normal', () => {
    const plan = planDisruption(new Map(), new Map([['a', ['True', 'Unknown']]]), thresholds);
    expect(plan).toEqual({ kind: 'update', states: new Map([['a', 'Normal']]), rates: new Map([['a', 0.1]]) });
  });

  it('every zone down: enters full disruption', () => {
    const plan = planDisruption(new Map([['a', 'Normal'], ['b', 'Normal']]), new Map([['a', ['Unknown']], ['b', ['False']]]), thresholds);
    expect(plan).toEqual({ kind: 'enterFullDisruption', states: new Map([['a', 'FullDisruption'], ['b', 'FullDisruption']]) });
  });

  it('a single node cluster whose node goes silent evicts nothing', () => {
    expect(planDisruption(new Map([['', 'Normal']]), new Map([['', ['Unknown']]]), thresholds).kind).toBe('enterFullDisruption');
  });

  it('stays quiet while still fully disrupted, and exits when a node answers', () => {
    const down = new Map<string, ZoneState>([['a', 'FullDisruption']]);
    expect(planDisruption(down, new Map([['a', ['Unknown']]]), thresholds)).toEqual({ kind: 'update', states: down, rates: new Map() });
    expect(planDisruption(down, new Map([['a', ['True', 'Unknown']]]), thresholds)).toEqual({
      kind: 'exitFullDisruption',
      states: new Map([['a', 'Normal']]),
      rates: new Map([['a', 0.1]]),
    });
  });

  it('one zone down while another is fine: the dead zone is tainted at the normal rate', () => {
    const plan = planDisruption(new Map([['a', 'Normal'], ['b', 'Normal']]), new Map([['a', ['Unknown']], ['b', ['True']]]), thresholds);
    expect(plan).toEqual({ kind: 'update', states: new Map([['a', 'FullDisruption'], ['b', 'Normal']]), rates: new Map([['a', 0.1]]) });
  });

  it('a partially disrupted small zone stops evicting; a large one slows down', () => {
    const small = planDisruption(new Map([['a', 'Normal'], ['b', 'Normal']]), new Map([['a', [...repeat('True', 1), ...repeat('Unknown', 3)]], ['b', ['True']]]), thresholds);
    expect(small.kind === 'update' && small.rates.get('a')).toBe(0);
    const large = planDisruption(new Map([['a', 'Normal'], ['b', 'Normal']]), new Map([['a', [...repeat('True', 20), ...repeat('Unknown', 40)]], ['b', ['True']]]), thresholds);
    expect(large.kind === 'update' && large.rates.get('a')).toBe(0.01);
  });
});
