import { describe, expect, it } from 'vitest';
import { servicesForPodUpdate, servicesSelecting } from './pod-changes.ts';
import { pod, service, type PodShape } from './test-fixtures.ts';

const services = [service({ name: 'web', selector: { app: 'web' } }), service({ name: 'all', selector: { tier: 'front' } }), service({ name: 'api', selector: { app: 'api' } }), service({ name: 'manual', selector: undefined })];

describe('servicesSelecting', () => {
  it('matches selectors against labels; a Service without a selector selects nothing', () => {
    expect([...servicesSelecting(services, 'default', { app: 'web', tier: 'front' })].sort()).toEqual(['default/all', 'default/web']);
    expect([...servicesSelecting(services, 'other', { app: 'web' })]).toEqual([]);
    expect([...servicesSelecting(services, 'default', {})]).toEqual([]);
  });
});

describe('servicesForPodUpdate', () => {
  const base: PodShape = { name: 'p', ip: '10.0.0.1', labels: { app: 'web', tier: 'front' }, resourceVersion: '1' };
  it.each([
    { what: 'the same resourceVersion (a resync)', change: { resourceVersion: '1' }, want: [] },
    { what: 'an irrelevant change', change: {}, want: [] },
    { what: 'readiness', change: { ready: false }, want: ['default/all', 'default/web'] },
    { what: 'a deletion mark', change: { deleting: true }, want: ['default/all', 'default/web'] },
    { what: 'a new IP', change: { ip: '10.0.0.2' }, want: ['default/all', 'default/web'] },
    { what: 'the pod finishing', change: { phase: 'Succeeded' }, want: ['default/all', 'default/web'] },
    { what: 'labels only: the Services joined or left', change: { labels: { app: 'api', tier: 'front' } }, want: ['default/api', 'default/web'] },
    { what: 'labels and readiness: every Service of both', change: { labels: { app: 'api', tier: 'front' }, ready: false }, want: ['default/all', 'default/api', 'default/web'] },
  ])('$what: $want', ({ change, want }) => {
    const next = pod({ ...base, resourceVersion: '2', ...change });
    expect([...servicesForPodUpdate(services, pod(base), next)].sort()).toEqual(want);
  });
});
