import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecord } from '../../core/api/types/meta.ts';
import { startCluster, type TestCluster } from './support/cluster.ts';
import { kubectl, kubectlOk } from './support/kubectl.ts';

/**
 * ClusterIP and NodePort allocation as kubectl sees it: the API server fills
 * them in on create, refuses taken or out-of-range values with Kubernetes'
 * messages, frees them on delete and keeps them across a restart.
 */

let cluster: TestCluster;
const ok = (args: string[]): Promise<string> => kubectlOk(cluster.kubeconfig, args);

async function spec(name: string, namespace = 'default'): Promise<Record<string, unknown>> {
  const obj: unknown = JSON.parse(await ok(['get', 'service', name, '-n', namespace, '-o', 'json']));
  const value = isRecord(obj) ? obj['spec'] : undefined;
  if (!isRecord(value)) throw new Error(`service ${name} has no spec`);
  return value;
}

/** the node port of a Service's first port */
async function nodePort(name: string): Promise<unknown> {
  const ports = (await spec(name))['ports'];
  return Array.isArray(ports) ? ports.filter(isRecord)[0]?.['nodePort'] : undefined;
}

/** `kubectl get svc NAME` without headers, split into columns */
async function row(name: string): Promise<string[]> {
  return (await ok(['get', 'svc', name, '--no-headers'])).trim().split(/\s+/);
}

beforeAll(async () => {
  cluster = await startCluster();
});

afterAll(async () => {
  await cluster.stop();
});

describe('ClusterIP and NodePort allocation', () => {
  it('has the default kubernetes Service on the first address, leading to the API server', async () => {
    const port = Number(new URL(cluster.plane.url).port);
    expect(await row('kubernetes')).toEqual(['kubernetes', 'ClusterIP', '10.96.0.1', '<none>', '443/TCP', expect.stringMatching(/^\d+s$/)]);
    expect(await spec('kubernetes')).toMatchObject({ ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }] });
    expect((await ok(['get', 'endpoints', 'kubernetes', '--no-headers'])).trim().split(/\s+/).slice(0, 2)).toEqual(['kubernetes', `127.0.0.1:${port}`]);
    const slice: unknown = JSON.parse(await ok(['get', 'endpointslice', 'kubernetes', '-o', 'json']));
    expect(slice).toMatchObject({ addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.1'] }], ports: [{ name: 'https', port }] });
  });

  it('gives `kubectl create service clusterip` the next free address of 10.96.0.0/16', async () => {
    expect(await ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080'])).toBe('service/web created\n');
    const out = await ok(['get', 'svc']);
    expect(out.split('\n')[0]?.split(/\s+/)).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(await row('web')).toEqual(['web', 'ClusterIP', '10.96.0.2', '<none>', '80/TCP', expect.stringMatching(/^\d+s$/)]);
    expect(await spec('web')).toMatchObject({ clusterIP: '10.96.0.2', clusterIPs: ['10.96.0.2'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
  });

  it('gives an exposed Deployment a node port from 30000-32767', async () => {
    await ok(['create', 'deployment', 'shop', '--image=nginx', '--port=8080']);
    expect(await ok(['expose', 'deployment', 'shop', '--type=NodePort', '--port=80', '--target-port=8080'])).toBe('service/shop exposed\n');
    const [name, type, ip, external, ports] = await row('shop');
    expect([name, type, ip, external]).toEqual(['shop', 'NodePort', '10.96.0.3', '<none>']);
    const nodePort = Number(/^80:(\d+)\/TCP$/.exec(ports ?? '')?.[1]);
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
  });

  it.each([
    [
      'a taken address',
      ['create', 'service', 'clusterip', 'dup', '--tcp=80', '--clusterip=10.96.0.2'],
      'spec.clusterIPs: Invalid value: []string{"10.96.0.2"}: failed to allocate IP 10.96.0.2: provided IP is already allocated',
    ],
    [
      'an address outside the range',
      ['create', 'service', 'clusterip', 'far', '--tcp=80', '--clusterip=10.0.0.1'],
      'spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/16',
    ],
    [
      'a node port outside the range',
      ['create', 'service', 'nodeport', 'low', '--tcp=80', '--node-port=80'],
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ],
  ])('refuses %s with the 422 kubectl prints', async (_, args, message) => {
    const result = await kubectl(cluster.kubeconfig, args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('is invalid');
  });

  it('refuses a node port another Service holds', async () => {
    const held = await nodePort('shop');
    const result = await kubectl(cluster.kubeconfig, ['create', 'service', 'nodeport', 'copy', '--tcp=81', `--node-port=${String(held)}`]);
    expect(result.stderr).toContain(`spec.ports[0].nodePort: Invalid value: ${String(held)}: provided port is already allocated`);
  });

  it('makes headless and ExternalName Services without an address', async () => {
    await ok(['create', 'service', 'clusterip', 'peers', '--clusterip=None', '--tcp=80']);
    await ok(['create', 'service', 'externalname', 'db', '--external-name=db.example.com']);
    expect((await row('peers')).slice(0, 4)).toEqual(['peers', 'ClusterIP', 'None', '<none>']);
    expect((await row('db')).slice(0, 4)).toEqual(['db', 'ExternalName', '<none>', 'db.example.com']);
    expect(await spec('peers')).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
    expect((await spec('db'))['clusterIP']).toBeUndefined();
  });

  it('does not keep what a server-side dry run showed', async () => {
    const dry: unknown = JSON.parse(await ok(['create', 'service', 'clusterip', 'dry', '--tcp=80', '--dry-run=server', '-o', 'json']));
    expect(isRecord(dry) && isRecord(dry['spec']) ? dry['spec']['clusterIP'] : undefined).toBe('10.96.0.4');
    await ok(['create', 'service', 'clusterip', 'real', '--tcp=80']);
    expect((await spec('real'))['clusterIP']).toBe('10.96.0.4');
  });

  it('frees the address of a deleted Service for the next one', async () => {
    await ok(['delete', 'service', 'web']);
    await ok(['create', 'service', 'clusterip', 'web2', '--tcp=80', '--clusterip=10.96.0.2']);
    expect((await spec('web2'))['clusterIP']).toBe('10.96.0.2');
  });

  it('frees node ports when a NodePort Service becomes ClusterIP', async () => {
    const held = await nodePort('shop');
    await ok(['patch', 'service', 'shop', '-p', '{"spec":{"type":"ClusterIP"}}']);
    expect(await nodePort('shop')).toBeUndefined();
    await ok(['create', 'service', 'nodeport', 'taker', '--tcp=80', `--node-port=${String(held)}`]);
  });

  it('keeps every allocation across a restart', async () => {
    await cluster.restart();
    const taken = await kubectl(cluster.kubeconfig, ['create', 'service', 'clusterip', 'late', '--tcp=80', '--clusterip=10.96.0.4']);
    expect(taken.stderr).toContain('provided IP is already allocated');
    await ok(['create', 'service', 'nodeport', 'after', '--tcp=80']);
    const all: unknown = JSON.parse(await ok(['get', 'services', '-A', '-o', 'json']));
    const items = isRecord(all) && Array.isArray(all['items']) ? all['items'].filter(isRecord) : [];
    const ips = items.map((svc) => (isRecord(svc['spec']) ? svc['spec']['clusterIP'] : undefined)).filter((ip) => ip !== undefined && ip !== 'None');
    expect(new Set(ips).size).toBe(ips.length);
    const nodePorts = items.flatMap((svc) => (isRecord(svc['spec']) && Array.isArray(svc['spec']['ports']) ? svc['spec']['ports'].filter(isRecord) : [])).map((p) => p['nodePort']).filter((p) => p !== undefined);
    expect(new Set(nodePorts).size).toBe(nodePorts.length);
    expect((await spec('after'))['clusterIP']).toBe('10.96.0.6');
  });

  it('frees the address of a Service turned ExternalName, and gives it a new one when it turns back', async () => {
    await ok(['patch', 'service', 'web2', '-p', '{"spec":{"type":"ExternalName","externalName":"web.example.com"}}']);
    expect((await row('web2')).slice(0, 4)).toEqual(['web2', 'ExternalName', '<none>', 'web.example.com']);
    await ok(['create', 'service', 'clusterip', 'heir', '--tcp=80', '--clusterip=10.96.0.2']);
    await ok(['patch', 'service', 'web2', '-p', '{"spec":{"type":"ClusterIP","externalName":null}}']);
    expect((await spec('web2'))['clusterIP']).toBe('10.96.0.7');
  });
});
