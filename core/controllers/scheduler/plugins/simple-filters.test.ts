import { describe, expect, it } from 'vitest';
import { NodeName } from './node-name.ts';
import { NodePorts } from './node-ports.ts';
import { NodeUnschedulable } from './node-unschedulable.ts';
import { filterNodes, node, pod } from './test-fixtures.ts';

describe('NodeUnschedulable', () => {
  const nodes = [node('cordoned', { unschedulable: true }), node('open')];
  it.each<[string, unknown[], Record<string, string>]>([
    ['a cordoned node is ruled out', [], { cordoned: 'UnschedulableAndUnresolvable: node(s) were unschedulable', open: 'Success' }],
    [
      'unless the pod tolerates node.kubernetes.io/unschedulable:NoSchedule',
      [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      { cordoned: 'Success', open: 'Success' },
    ],
  ])('%s', (_name, tolerations, expected) => {
    expect(filterNodes(new NodeUnschedulable(), pod('p', { spec: { tolerations } }), nodes)).toEqual(expected);
  });
});

describe('NodeName', () => {
  const nodes = [node('a'), node('b')];
  it.each<[string, string | undefined, Record<string, string>]>([
    ['no nodeName: every node', undefined, { a: 'Success', b: 'Success' }],
    ['nodeName b: only b', 'b', { a: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name", b: 'Success' }],
  ])('%s', (_name, nodeName, expected) => {
    expect(filterNodes(new NodeName(), pod('p', nodeName === undefined ? {} : { nodeName }), nodes)).toEqual(expected);
  });
});

describe('NodePorts', () => {
  const withPort = (hostPort: number, hostIP?: string, protocol?: string) => ({
    containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort, ...(hostIP === undefined ? {} : { hostIP }), ...(protocol === undefined ? {} : { protocol }) }] }],
  });
  const busy = node('busy', { pods: [pod('web', { nodeName: 'busy', spec: withPort(8080, '10.0.0.1') })] });
  const taken = "Unschedulable: node(s) didn't have free ports for the requested pod ports";
  it.each<[string, Record<string, unknown>, string]>([
    ['no host ports (PreFilter skips)', {}, 'Success'],
    ['the same port on the same address', withPort(8080, '10.0.0.1'), taken],
    ['the same port on all addresses (0.0.0.0)', withPort(8080), taken],
    ['the same port on another address', withPort(8080, '10.0.0.2'), 'Success'],
    ['the same port over UDP', withPort(8080, '10.0.0.1', 'UDP'), 'Success'],
    ['another port', withPort(9090), 'Success'],
  ])('%s', (_name, spec, expected) => {
    expect(filterNodes(new NodePorts(), pod('p', { spec }), [busy])).toEqual({ busy: expected });
  });
});
