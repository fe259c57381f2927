import { describe, expect, it } from 'vitest';
import { computePodQOS } from './qos.ts';

function withResources(...resources: Array<Record<string, unknown>>): Record<string, unknown> {
  return { containers: resources.map((r, i) => ({ name: `c${i}`, image: 'x', resources: r })) };
}

describe('computePodQOS', () => {
  it.each([
    ['no resources at all', withResources({}), 'BestEffort'],
    ['only non-QoS resources', withResources({ limits: { 'ephemeral-storage': '1Gi' } }), 'BestEffort'],
    ['zero requests', withResources({ requests: { cpu: '0' } }), 'BestEffort'],
    ['cpu request only', withResources({ requests: { cpu: '100m' } }), 'Burstable'],
    ['limits on cpu and memory, requests defaulted equal', withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }), 'Guaranteed'],
    ['equal values written differently', withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } }), 'Guaranteed'],
    ['requests below limits', withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } }), 'Burstable'],
    ['memory limit missing', withResources({ limits: { cpu: '1' }, requests: { cpu: '1' } }), 'Burstable'],
    [
      'one guaranteed and one best-effort container',
      withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }, {}),
      'Burstable',
    ],
  ])('%s → %s', (_name, spec, expected) => {
    expect(computePodQOS(spec)).toBe(expected);
  });

  it('counts init containers', () => {
    const spec = { containers: [{ name: 'a' }], initContainers: [{ name: 'i', resources: { requests: { memory: '10Mi' } } }] };
    expect(computePodQOS(spec)).toBe('Burstable');
  });

  it('uses pod-level resources when they name cpu or memory', () => {
    const spec = { resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }, containers: [{ name: 'a' }] };
    expect(computePodQOS(spec)).toBe('Guaranteed');
  });

  it('ignores unparsable quantities instead of throwing', () => {
    expect(computePodQOS(withResources({ requests: { cpu: 'lots' } }))).toBe('BestEffort');
  });
});
