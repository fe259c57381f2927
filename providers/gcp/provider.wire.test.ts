import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNodeProviderError, type NodeClaimSpec } from '../../core/index.ts';
import { COMPUTE_SCOPE } from './compute-api.ts';
import { startupScript } from './startup-script.ts';
import { decodeJwt, TOKEN_URI } from './test-support/service-account.ts';
import { capturedLogger, CLUSTER, gcpWorld, PROJECT, type GcpWorld } from './test-support/gcp-world.ts';

/**
 * The gcp provider against the fake Compute Engine: the exact requests it
 * sends (paths, query strings, instances.insert JSON body, OAuth exchange)
 * and what it makes of Compute Engine's answers.
 */

const BASE = `/compute/v1/projects/${PROJECT}`;

function claim(name: string, overrides: Partial<NodeClaimSpec> = {}): NodeClaimSpec {
  return {
    name,
    pool: 'general',
    instanceType: 'e2-standard-2',
    zone: 'us-central1-b',
    capacityType: 'on-demand',
    labels: { 'kubernel.dev/node-pool': 'general', 'kubernel.dev/node-claim': name, team: 'web' },
    taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
    bootstrapToken: 'k8x2mq.4f7c1d9e0b3a6c58',
    ...overrides,
  };
}

describe('gcp provider at the wire', () => {
  let world: GcpWorld;
  beforeEach(async () => {
    world = await gcpWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it('exchanges a JWT signed with the service-account key for a token, and sends it as Bearer on every Compute call', async () => {
    const provider = world.provider('general');
    await provider.start();
    await provider.list();

    expect(world.fake.tokenExchanges).toHaveLength(1);
    const form = world.fake.tokenExchanges[0];
    expect(form?.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const jwt = decodeJwt(form?.get('assertion') ?? '');
    expect(jwt.header).toMatchObject({ alg: 'RS256' });
    expect(jwt.claims).toMatchObject({ iss: world.account.clientEmail, aud: TOKEN_URI });
    expect(String(jwt.claims['scope']).split(' ')).toContain(COMPUTE_SCOPE);
    expect(Number(jwt.claims['exp']) - Number(jwt.claims['iat'])).toBe(3600);
    expect(jwt.signedBy(world.account.publicKeyPem)).toBe(true);

    const calls = world.fake.computeRequests();
    expect(calls.length).toBe(3);
    for (const call of calls) expect(call.authorization).toBe(`Bearer ${world.fake.accessToken}`);
  });

  it('loads the catalog with machineTypes.list in each zone of the pool', async () => {
    const provider = world.provider('general', { families: ['e2-standard', 't2a-standard'], capacityTypes: ['on-demand', 'spot'] });
    await provider.start();

    expect(world.fake.computeRequests().map((r) => `${r.method} ${r.path}?${r.query.toString()}`)).toEqual([
      `GET ${BASE}/zones/us-central1-a/machineTypes?`,
      `GET ${BASE}/zones/us-central1-b/machineTypes?`,
    ]);
    const types = provider.instanceTypes();
    expect(types.map((t) => `${t.name}/${t.capacityType}`)).toEqual([
      'e2-standard-2/on-demand', 'e2-standard-2/spot',
      'e2-standard-4/on-demand', 'e2-standard-4/spot',
      'e2-standard-8/on-demand', 'e2-standard-8/spot',
      't2a-standard-4/on-demand', 't2a-standard-4/spot',
    ]);
    const gib = 1024 ** 3;
    expect(types.find((t) => t.name === 'e2-standard-2' && t.capacityType === 'on-demand')).toEqual({
      name: 'e2-standard-2',
      cpuMillis: 2000 - 60 - 10,
      memoryBytes: 8 * gib - Math.ceil(1.8 * gib) - 100 * 1024 ** 2,
      pods: 110,
      arch: 'amd64',
      zones: ['us-central1-a', 'us-central1-b'],
      capacityType: 'on-demand',
      pricePerHour: 0.06701,
    });
    expect(types.find((t) => t.name === 't2a-standard-4' && t.capacityType === 'spot')).toMatchObject({ arch: 'arm64', pricePerHour: 0.04259 });
    await provider.stop();
  });

  it('leaves machine types without a price out of the catalog, with a warning, unless the pool prices them', async () => {
    const logs = capturedLogger();
    const unpriced = world.provider('general', { families: ['e2-highmem'] }, logs);
    await unpriced.start();
    expect(unpriced.instanceTypes()).toEqual([]);
    expect(logs.warnings()).toContainEqual(expect.stringContaining('machine types without a price are not offered (e2-highmem-2/on-demand)'));

    const priced = world.provider('general', { families: ['e2-highmem'], prices: { 'e2-highmem-2': { 'on-demand': 0.09471 } } });
    await priced.start();
    expect(priced.instanceTypes().map((t) => [t.name, t.zones, t.pricePerHour])).toEqual([['e2-highmem-2', ['us-central1-a'], 0.09471]]);
  });

  it('creates an instance with the exact instances.insert body, then waits on the zone operation', async () => {
    const provider = world.provider('general', { subnetwork: 'regions/us-central1/subnetworks/nodes', networkTags: ['kubernel-node'], labels: { env: 'wire' } });
    await provider.start();
    const made = await provider.create(claim('general-7xk2p'));

    expect(made).toEqual({ providerId: `gce://${PROJECT}/us-central1-b/general-7xk2p`, nodeName: 'general-7xk2p' });
    const [insert, wait] = world.fake.computeRequests('POST');
    expect(insert?.path).toBe(`${BASE}/zones/us-central1-b/instances`);
    const script = startupScript({
      nodeName: 'general-7xk2p',
      server: CLUSTER.server,
      caCertPem: CLUSTER.caCertPem,
      token: 'k8x2mq.4f7c1d9e0b3a6c58',
      labels: {
        'kubernel.dev/node-pool': 'general',
        'kubernel.dev/node-claim': 'general-7xk2p',
        team: 'web',
        'kubernel.dev/node-provider': 'gcp',
        'node.kubernetes.io/instance-type': 'e2-standard-2',
        'topology.kubernetes.io/zone': 'us-central1-b',
        'kubernel.dev/capacity-type': 'on-demand',
      },
      taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
      installCommand: 'npm install -g kubernel@0.1.0',
    });
    // proto3 JSON as the client library writes it: int64 diskSizeGb as a string, empty maps of AttachedDiskInitializeParams included
    expect(insert?.body).toEqual({
      name: 'general-7xk2p',
      machineType: 'zones/us-central1-b/machineTypes/e2-standard-2',
      labels: { env: 'wire', 'kubernel-cluster': 'wire-test', 'kubernel-node-pool': 'general', 'kubernel-node-claim': 'general-7xk2p' },
      disks: [
        {
          boot: true,
          autoDelete: true,
          initializeParams: {
            sourceImage: 'projects/debian-cloud/global/images/family/debian-12',
            diskSizeGb: '50',
            diskType: 'zones/us-central1-b/diskTypes/pd-balanced',
            labels: {},
            resourceManagerTags: {},
          },
        },
      ],
      networkInterfaces: [{ network: 'global/networks/default', subnetwork: 'regions/us-central1/subnetworks/nodes', accessConfigs: [{ name: 'External NAT', type: 'ONE_TO_ONE_NAT' }] }],
      serviceAccounts: [{ email: 'default', scopes: ['https://www.googleapis.com/auth/cloud-platform'] }],
      metadata: { items: [{ key: 'startup-script', value: script }] },
      tags: { items: ['kubernel-node'] },
    });
    expect(script).toContain('--token ${KUBERNEL_TOKEN}');
    expect(script).toContain('KUBERNEL_TOKEN=k8x2mq.4f7c1d9e0b3a6c58');
    expect(script).toContain('"taints":[{"key":"dedicated","value":"web","effect":"NoSchedule"}]');
    expect(wait?.path).toMatch(new RegExp(`^${BASE}/zones/us-central1-b/operations/operation-\\d+-[0-9a-f]{13}-[0-9a-f]{8}-[0-9a-f]{8}/wait$`));
  });

  it('asks for a spot machine that Compute Engine deletes when it preempts it', async () => {
    const provider = world.provider('general', { capacityTypes: ['spot'] });
    await provider.start();
    await provider.create(claim('general-s1', { capacityType: 'spot', zone: 'us-central1-a', instanceType: 'e2-standard-4' }));

    const [insert] = world.fake.computeRequests('POST');
    expect(insert?.path).toBe(`${BASE}/zones/us-central1-a/instances`);
    expect(insert?.body).toMatchObject({ machineType: 'zones/us-central1-a/machineTypes/e2-standard-4', scheduling: { provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE' } });
    expect((await provider.list())[0]).toMatchObject({ nodeName: 'general-s1', capacityType: 'spot', instanceType: 'e2-standard-4', zone: 'us-central1-a' });
  });

  it('keeps waiting while zoneOperations.wait answers RUNNING', async () => {
    await world.close();
    world = await gcpWorld({ waitsBeforeDone: 2 });
    const provider = world.provider('general');
    await provider.start();
    await provider.create(claim('general-w1'));

    const waits = world.fake.computeRequests('POST').filter((r) => r.path.endsWith('/wait'));
    expect(waits).toHaveLength(3);
    expect(new Set(waits.map((w) => w.path)).size).toBe(1);
  });

  it('lists the cluster machines with one aggregatedList filtered on the cluster label, in every pool and zone', async () => {
    const general = world.provider('general');
    const batch = world.provider('batch', { zones: ['us-central1-a'] });
    const otherCluster = world.provider('general', { clusterName: 'someone-else' });
    for (const p of [general, batch, otherCluster]) await p.start();
    await general.create(claim('general-l1'));
    await batch.create(claim('batch-l1', { pool: 'batch', zone: 'us-central1-a', labels: { 'kubernel.dev/node-pool': 'batch' } }));
    await otherCluster.create(claim('foreign-l1'));
    world.fake.requests.length = 0;

    const listed = await general.list();

    const [list] = world.fake.computeRequests();
    expect(list?.method).toBe('GET');
    expect(list?.path).toBe(`${BASE}/aggregated/instances`);
    expect(list?.query.toString()).toBe('filter=labels.kubernel-cluster+%3D+wire-test&returnPartialSuccess=true');
    expect(list?.query.get('filter')).toBe('labels.kubernel-cluster = wire-test');
    expect(listed.map((i) => ({ ...i, createdAt: i.createdAt instanceof Date && !Number.isNaN(i.createdAt.getTime()) }))).toEqual([
      { providerId: `gce://${PROJECT}/us-central1-a/batch-l1`, nodeName: 'batch-l1', pool: 'batch', instanceType: 'e2-standard-2', zone: 'us-central1-a', capacityType: 'on-demand', createdAt: true, claim: 'batch-l1' },
      { providerId: `gce://${PROJECT}/us-central1-b/general-l1`, nodeName: 'general-l1', pool: 'general', instanceType: 'e2-standard-2', zone: 'us-central1-b', capacityType: 'on-demand', createdAt: true, claim: 'general-l1' },
    ]);
  });

  it('deletes with instances.delete and waits; a second delete is InstanceNotFoundError from the 404', async () => {
    const provider = world.provider('general');
    await provider.start();
    const made = await provider.create(claim('general-d1'));
    world.fake.requests.length = 0;

    await provider.delete(made.providerId);
    expect(world.fake.computeRequests().map((r) => `${r.method} ${r.path.replace(/operation-[^/]+/, 'OP')}`)).toEqual([
      `DELETE ${BASE}/zones/us-central1-b/instances/general-d1`,
      `POST ${BASE}/zones/us-central1-b/operations/OP/wait`,
    ]);
    expect(world.fake.instance('us-central1-b', 'general-d1')).toBeUndefined();

    const again = await provider.delete(made.providerId).catch((error: unknown) => error);
    expect(isNodeProviderError(again, 'NODE_PROVIDER_ERR_NOT_FOUND')).toBe(true);
    expect(world.fake.computeRequests('DELETE')).toHaveLength(2);
  });

  it.each([
    ['not a gce providerID', 'aws:///us-east-1a/i-0abc'],
    ['another project', 'gce://some-other-project/us-central1-b/general-d1'],
    ['no instance name', `gce://${PROJECT}/us-central1-b/`],
  ])('says %s is not found without asking Compute Engine', async (_what, providerId) => {
    const provider = world.provider('general');
    const error = await provider.delete(providerId).catch((e: unknown) => e);
    expect(isNodeProviderError(error, 'NODE_PROVIDER_ERR_NOT_FOUND')).toBe(true);
    expect(world.fake.computeRequests()).toHaveLength(0);
  });
});
