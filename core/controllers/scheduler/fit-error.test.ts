import { describe, expect, it } from 'vitest';
import { SchedulingStatus } from '../../contracts/scheduling.ts';
import { fitErrorMessage, truncateMessage, type Diagnosis } from './fit-error.ts';

const diagnosis = (rejections: [string, SchedulingStatus][], extra: Partial<Diagnosis> = {}): Diagnosis => ({
  rejections: new Map(rejections),
  rejectors: new Set(),
  preFilterMessage: '',
  postFilterMessage: '',
  ...extra,
});

describe('fitErrorMessage', () => {
  it.each<[string, number, Diagnosis, string]>([
    [
      'counts reasons over nodes and sorts the "count reason" strings',
      5,
      diagnosis([
        ['n1', SchedulingStatus.unschedulable('Insufficient cpu')],
        ['n2', SchedulingStatus.unschedulable('Insufficient cpu')],
        ['n3', SchedulingStatus.unschedulable('Insufficient cpu')],
        ['n4', SchedulingStatus.unresolvable('node(s) had untolerated taint {k: v}')],
        ['n5', SchedulingStatus.unresolvable('node(s) had untolerated taint {k: v}')],
      ]),
      '0/5 nodes are available: 2 node(s) had untolerated taint {k: v}, 3 Insufficient cpu.',
    ],
    [
      'a node with several reasons counts for each',
      2,
      diagnosis([
        ['n1', SchedulingStatus.unschedulable('Insufficient cpu', 'Insufficient memory')],
        ['n2', SchedulingStatus.unschedulable('Insufficient memory')],
      ]),
      '0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.',
    ],
    [
      'sorts as strings, as Go does: 10 before 9',
      19,
      diagnosis([
        ...Array.from({ length: 10 }, (_, i): [string, SchedulingStatus] => [`a${i}`, SchedulingStatus.unschedulable('b')]),
        ...Array.from({ length: 9 }, (_, i): [string, SchedulingStatus] => [`b${i}`, SchedulingStatus.unschedulable('a')]),
      ]),
      '0/19 nodes are available: 10 b, 9 a.',
    ],
    [
      'a PreFilter rejection replaces the per-node reasons',
      3,
      diagnosis([['n1', SchedulingStatus.unresolvable('pod affinity terms conflict')]], { preFilterMessage: 'pod affinity terms conflict' }),
      '0/3 nodes are available: pod affinity terms conflict.',
    ],
    ['PostFilter messages come last', 1, diagnosis([['n1', SchedulingStatus.unschedulable('x')]], { postFilterMessage: 'preemption: not helpful.' }), '0/1 nodes are available: 1 x. preemption: not helpful.'],
  ])('%s', (_name, numAllNodes, d, expected) => {
    expect(fitErrorMessage(numAllNodes, d)).toBe(expected);
  });
});

describe('truncateMessage', () => {
  it('cuts at 1024 bytes with " ..."', () => {
    const long = 'x'.repeat(2000);
    expect(truncateMessage(long)).toHaveLength(1024);
    expect(truncateMessage(long).endsWith(' ...')).toBe(true);
    expect(truncateMessage('short')).toBe('short');
  });
});
