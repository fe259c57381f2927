import { describe, expect, it } from 'vitest';
import { NodeResourcesFit } from './node-resources-fit.ts';
import { filterNodes, node, pod, type PodOptions } from './test-fixtures.ts';

const fit = new NodeResourcesFit();

/** A node with 1 cpu, 2Gi memory, 1Gi ephemeral storage, 2 GPUs and 3 pod slots, already running 500m / 1Gi. */
function busyNode(): ReturnType<typeof node> {
  return node('n1', {
    allocatable: { cpu: '1', memory: '2Gi', 'ephemeral-storage': '1Gi', 'example.com/gpu': '2', pods: '3' },
    pods: [pod('existing', { nodeName: 'n1', requests: { cpu: '500m', memory: '1Gi' } })],
  });
}

describe('NodeResourcesFit', () => {
  it.each<[string, PodOptions, string]>([
    ['a pod without requests fits anywhere with a pod slot left', {}, 'Success'],
    ['requests within what is left', { requests: { cpu: '500m', memory: '1Gi' } }, 'Success'],
    ['too much cpu', { requests: { cpu: '600m' } }, 'Unschedulable: Insufficient cpu'],
    ['too much memory', { requests: { memory: '1100Mi' } }, 'Unschedulable: Insufficient memory'],
    ['too much of both, reasons in Kubernetes order', { requests: { memory: '1500Mi', cpu: '700m' } }, 'Unschedulable: Insufficient cpu, Insufficient memory'],
    ['too much ephemeral storage', { requests: { 'ephemeral-storage': '2Gi' } }, 'UnschedulableAndUnresolvable: Insufficient ephemeral-storage'],
    ['an extended resource within allocatable', { requests: { 'example.com/gpu': '2' } }, 'Success'],
    ['an extended resource beyond allocatable cannot be helped by removing pods', { requests: { 'example.com/gpu': '3' } }, 'UnschedulableAndUnresolvable: Insufficient example.com/gpu'],
    ['an extended resource the node does not have', { requests: { 'example.com/fpga': '1' } }, 'UnschedulableAndUnresolvable: Insufficient example.com/fpga'],
    ['more cpu than the whole node', { requests: { cpu: '2' } }, 'UnschedulableAndUnresolvable: Insufficient cpu'],
    [
      'an init container bigger than the app containers counts (max of init and sum of apps)',
      { requests: { cpu: '100m' }, spec: { initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: '600m' } } }] } },
      'Unschedulable: Insufficient cpu',
    ],
    [
      'a sidecar (restartPolicy Always) adds to the app containers',
      {
        requests: { cpu: '300m' },
        spec: { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always', resources: { requests: { cpu: '300m' } } }] },
      },
      'Unschedulable: Insufficient cpu',
    ],
    ['pod overhead counts', { requests: { cpu: '400m' }, spec: { overhead: { cpu: '200m' } } }, 'Unschedulable: Insufficient cpu'],
  ])('%s', (_name, options, expected) => {
    expect(filterNodes(fit, pod('p', options), [busyNode()])).toEqual({ n1: expected });
  });

  it('turns a node down when its pod slots are used up, with every reason', () => {
    const full = node('n1', { allocatable: { cpu: '1', memory: '1Gi', pods: '1' }, pods: [pod('a', { nodeName: 'n1' })] });
    expect(filterNodes(fit, pod('p'), [full])).toEqual({ n1: 'Unschedulable: Too many pods' });
    expect(filterNodes(fit, pod('p', { requests: { cpu: '2' } }), [full])).toEqual({ n1: 'UnschedulableAndUnresolvable: Too many pods, Insufficient cpu' });
  });

  it('lists the changes that can make room', () => {
    expect(fit.events).toEqual(expect.arrayContaining(['NodeAdd', 'NodeAllocatableChange', 'AssignedPodDelete']));
  });
});
