import { describe, expect, it } from 'vitest';
import {
  CycleState,
  SchedulingStatus,
  type BindPlugin,
  type FilterPlugin,
  type NodeInfo,
  type NodeScore,
  type PodInfo,
  type PreFilterPlugin,
  type ReservePlugin,
  type ScorePlugin,
} from '../../contracts/scheduling.ts';
import { SchedulingFramework } from './framework.ts';
import { node, pod } from './plugins/test-fixtures.ts';

const nodes = [node('a'), node('b'), node('c')];
const p = pod('p');

/** A filter that rejects the named nodes, optionally with its own PreFilter verdict. */
function rejecting(name: string, rejected: string[], pre?: SchedulingStatus | { nodeNames: Set<string> }): FilterPlugin & PreFilterPlugin {
  return {
    name,
    preFilter: () => pre ?? SchedulingStatus.success,
    filter: (_s: CycleState, _p: PodInfo, n: NodeInfo) => (rejected.includes(n.name) ? SchedulingStatus.unschedulable(`${name} says no`) : SchedulingStatus.success),
  };
}

function scorer(name: string, raw: Record<string, number>, normalize?: (scores: NodeScore[]) => void): ScorePlugin {
  return {
    name,
    score: (_s: CycleState, _p: PodInfo, n: NodeInfo) => raw[n.name] ?? 0,
    ...(normalize === undefined ? {} : { normalizeScores: (_s: CycleState, _p: PodInfo, scores: NodeScore[]) => normalize(scores) }),
  };
}

describe('SchedulingFramework', () => {
  it('refuses duplicate plugin names and bad weights at construction', () => {
    expect(() => new SchedulingFramework([{ plugin: { name: 'X' } }, { plugin: { name: 'X' } }])).toThrow(/registered twice/);
    expect(() => new SchedulingFramework([{ plugin: scorer('S', {}), weight: 0 }])).toThrow(/weight must be a positive integer/);
  });

  it.each<[string, SchedulingStatus | { nodeNames: Set<string> }, string, string[], string[]]>([
    ['Skip disables its Filter', SchedulingStatus.skip, 'Success', [], ['other']],
    ['a node list narrows the search', { nodeNames: new Set(['b']) }, 'Success', ['narrowing'], ['narrowing', 'other']],
    ['a rejection fails the cycle', SchedulingStatus.unresolvable('no way'), 'UnschedulableAndUnresolvable', [], []],
  ])('PreFilter: %s', (_name, verdict, code, narrowedBy, filters) => {
    const framework = new SchedulingFramework([{ plugin: rejecting('narrowing', [], verdict) }, { plugin: rejecting('other', []) }]);
    const outcome = framework.runPreFilter(new CycleState(), p, nodes);
    expect(outcome.status.code).toBe(code);
    expect(outcome.narrowedBy).toEqual(narrowedBy);
    expect(outcome.filters.map((f) => f.name)).toEqual(filters);
  });

  it('intersects the node lists of several PreFilter plugins', () => {
    const framework = new SchedulingFramework([
      { plugin: rejecting('x', [], { nodeNames: new Set(['a', 'b']) }) },
      { plugin: rejecting('y', [], { nodeNames: new Set(['b', 'c']) }) },
    ]);
    expect([...(framework.runPreFilter(new CycleState(), p, nodes).nodeNames ?? [])]).toEqual(['b']);
  });

  it('intersects the candidates of the filters that narrow, and has none when no filter narrows', () => {
    const narrowing = (name: string, positions: number[]): FilterPlugin => ({ ...rejecting(name, []), candidates: () => Int32Array.from(positions) });
    const framework = new SchedulingFramework([
      { plugin: narrowing('x', [0, 2, 3, 5, 8]) },
      { plugin: rejecting('plain', []) },
      { plugin: narrowing('y', [1, 2, 5, 6, 8, 9]) },
    ]);
    const many = Array.from({ length: 10 }, (_, i) => node(`n${i}`));
    expect([...(framework.runCandidates(p, many, framework.filters) ?? [])]).toEqual([2, 5, 8]);
    expect(framework.runCandidates(p, many, framework.filters.filter((f) => f.name === 'plain'))).toBeUndefined();
  });

  it('Filter stops at the first rejection and says whose', () => {
    const framework = new SchedulingFramework([{ plugin: rejecting('first', ['a']) }, { plugin: rejecting('second', ['a', 'b']) }]);
    const filters = framework.filters;
    expect(framework.runFilter(new CycleState(), p, nodes[0] ?? node('a'), filters)).toEqual({ status: SchedulingStatus.unschedulable('first says no'), plugin: 'first' });
    expect(framework.runFilter(new CycleState(), p, nodes[1] ?? node('b'), filters)?.plugin).toBe('second');
    expect(framework.runFilter(new CycleState(), p, nodes[2] ?? node('c'), filters)).toBeUndefined();
  });

  it('sums normalised scores times weights', () => {
    const halve = (scores: NodeScore[]) => scores.forEach((s) => (s.score = s.score / 2));
    const framework = new SchedulingFramework([
      { plugin: scorer('plain', { a: 10, b: 20, c: 30 }), weight: 2 },
      { plugin: scorer('normalised', { a: 100, b: 0, c: 50 }, halve), weight: 3 },
    ]);
    expect([...framework.runScore(new CycleState(), p, nodes, framework.scorers)]).toEqual([170, 40, 135]);
  });

  it('rejects scores outside 0..100 after normalising', () => {
    const framework = new SchedulingFramework([{ plugin: scorer('wild', { a: 150 }) }]);
    expect(() => framework.runScore(new CycleState(), p, nodes, framework.scorers)).toThrow(/plugin "wild" returns an invalid score 150/);
  });

  it('un-reserves in reverse order, and binds with the first plugin that does not Skip', async () => {
    const calls: string[] = [];
    const reserver = (name: string, ok: boolean): ReservePlugin => ({
      name,
      reserve: () => (calls.push(`reserve ${name}`), ok ? SchedulingStatus.success : SchedulingStatus.unschedulable('full')),
      unreserve: () => void calls.push(`unreserve ${name}`),
    });
    const binder = (name: string, status: SchedulingStatus): BindPlugin => ({ name, bind: async () => (calls.push(`bind ${name}`), status) });
    const framework = new SchedulingFramework([
      { plugin: reserver('r1', true) },
      { plugin: reserver('r2', false) },
      { plugin: binder('skipper', SchedulingStatus.skip) },
      { plugin: binder('binder', SchedulingStatus.success) },
    ]);
    const state = new CycleState();
    expect(framework.runReserve(state, p, 'a')?.plugin).toBe('r2');
    framework.runUnreserve(state, p, 'a');
    expect(await framework.runBind(state, p, 'a')).toBe(SchedulingStatus.success);
    expect(calls).toEqual(['reserve r1', 'reserve r2', 'unreserve r2', 'unreserve r1', 'bind skipper', 'bind binder']);
  });
});
