import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types/meta.ts';
import { failureStatus } from './pod-proxy-failure.ts';
import { joinHostPort, nodeEndpoint } from './pod-proxy-node.ts';
import { upstreamFailure } from './pod-proxy-upstream.ts';

function node(addresses: { type: string; address: string }[], port?: number): KubeObject {
  return {
    metadata: { name: 'n1' },
    status: { addresses, ...(port === undefined ? {} : { daemonEndpoints: { kubeletEndpoint: { Port: port } } }) },
  };
}

describe('nodeEndpoint', () => {
  it.each([
    ['the InternalIP and the kubelet port', node([{ type: 'Hostname', address: 'n1' }, { type: 'InternalIP', address: '127.0.0.1' }], 41234), { host: '127.0.0.1', port: 41234 }],
    ['the Hostname without an InternalIP', node([{ type: 'Hostname', address: 'n1.local' }], 10255), { host: 'n1.local', port: 10255 }],
    ['port 10250 when none is published', node([{ type: 'InternalIP', address: '10.0.0.7' }]), { host: '10.0.0.7', port: 10250 }],
    ['port 10250 for port 0', node([{ type: 'InternalIP', address: '10.0.0.7' }], 0), { host: '10.0.0.7', port: 10250 }],
  ])('uses %s', (_what, n, expected) => {
    expect(nodeEndpoint(n)).toEqual(expected);
  });

  it('fails without a usable address, as a 500 Status without a reason', () => {
    let caught: unknown;
    try {
      nodeEndpoint(node([{ type: 'Unknown', address: 'x' }]));
    } catch (error) {
      caught = error;
    }
    expect(failureStatus(caught)).toEqual({
      code: 500,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'no preferred addresses found; known addresses: [{Unknown x}]', code: 500 },
      unexpected: false,
    });
  });

  it.each([
    [{ host: '127.0.0.1', port: 80 }, '127.0.0.1:80'],
    [{ host: '::1', port: 80 }, '[::1]:80'],
  ])('joins %o as %s', (endpoint, joined) => {
    expect(joinHostPort(endpoint)).toBe(joined);
  });
});

describe('upstreamFailure', () => {
  const status = (message: string) => JSON.stringify({ kind: 'Status', status: 'Failure', message });
  it.each([
    [400, status('container "app" in pod "web" is waiting to start: ContainerCreating'), 'BadRequest', 'container "app" in pod "web" is waiting to start: ContainerCreating'],
    [400, 'plain text from a kubelet', 'BadRequest', 'plain text from a kubelet'],
    [401, '', 'Unauthorized', 'Unauthorized'],
    [403, status('Forbidden (verb=get)'), 'Forbidden', 'Forbidden (verb=get)'],
    [404, status('container gone'), 'NotFound', 'container gone'],
    [500, status('boom'), 'InternalError', 'Internal error occurred: boom'],
    [502, 'bad gateway', 'InternalError', 'Internal error occurred: bad gateway'],
  ])('turns %i %s into %s', (code, body, reason, message) => {
    const error = upstreamFailure(code, body);
    expect({ reason: error.code, message: error.message }).toEqual({ reason, message });
  });
});
