import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CapacityExhaustedError, isRecord, QuotaExceededError, ThrottledError, type NodeClaimSpec, type NodeProvider } from '../../core/index.ts';
import { quotaExceededBody, quotaExceededOperation, rateLimitBody, tooManyRequestsBody, zoneResourcePoolExhausted } from './test-support/compute-fixtures.ts';
import type { GcpNodeProvider } from './provider.ts';
import { gcpWorld, PROJECT, PROJECT_NUMBER, type GcpWorld } from './test-support/gcp-world.ts';

/**
 * Compute Engine's refusals as it sends them, replayed at the wire, and the
 * typed errors the provider turns them into: capacity (the caller falls
 * back to the next type or zone), quota, throttling (retried, then
 * ThrottledError), and the rest passed on as they are.
 */

const INSERT_PATH = /\/zones\/[^/]+\/instances$/;

function claim(name: string, instanceType: string, zone = 'us-central1-a'): NodeClaimSpec {
  return { name, pool: 'general', instanceType, zone, capacityType: 'on-demand', labels: { 'kubernel.dev/node-pool': 'general' }, taints: [], bootstrapToken: 'k8x2mq.4f7c1d9e0b3a6c58' };
}

/** What the provisioner does with a claim: the next candidate (type, zone) when one is out of capacity. */
async function launchWithFallback(provider: NodeProvider, name: string, candidates: ReadonlyArray<readonly [string, string]>): Promise<{ providerId: string; errors: unknown[] }> {
  const errors: unknown[] = [];
  for (const [type, zone] of candidates) {
    try {
      const made = await provider.create(claim(name, type, zone));
      return { providerId: made.providerId, errors };
    } catch (error) {
      if (!(error instanceof CapacityExhaustedError)) throw error;
      errors.push(error);
    }
  }
  throw new Error('no candidate had capacity');
}

describe('gcp provider: Compute Engine errors at the wire', () => {
  let world: GcpWorld;
  let provider: GcpNodeProvider;
  beforeEach(async () => {
    world = await gcpWorld();
    provider = world.provider('general');
    await provider.start();
    world.fake.requests.length = 0;
  });
  afterEach(async () => {
    await world.close();
  });

  it.each(['ZONE_RESOURCE_POOL_EXHAUSTED', 'ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS'])(
    'an insert operation ending in %s is CapacityExhaustedError, and the next type gets the node',
    async (code) => {
      world.fake.failInserts('us-central1-a', 'e2-standard-2', zoneResourcePoolExhausted(PROJECT, 'us-central1-a', 'e2-standard-2', code));

      const result = await launchWithFallback(provider, 'general-c1', [['e2-standard-2', 'us-central1-a'], ['e2-standard-4', 'us-central1-a']]);

      expect(result.providerId).toBe(`gce://${PROJECT}/us-central1-a/general-c1`);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ code: 'NODE_PROVIDER_ERR_CAPACITY_EXHAUSTED', instanceType: 'e2-standard-2', zone: 'us-central1-a' });
      expect(String(result.errors[0])).toContain(`${code}: The zone 'projects/${PROJECT}/zones/us-central1-a' does not have enough resources`);
      const inserts = world.fake.computeRequests('POST').filter((r) => INSERT_PATH.test(r.path));
      expect(inserts.map((r) => (isRecord(r.body) ? r.body['machineType'] : undefined))).toEqual(['zones/us-central1-a/machineTypes/e2-standard-2', 'zones/us-central1-a/machineTypes/e2-standard-4']);
      expect(world.fake.instance('us-central1-a', 'general-c1')).toMatchObject({ machineType: expect.stringMatching(/\/e2-standard-4$/) });
    },
  );

  it('falls back to the next zone when the whole type is out in the first', async () => {
    world.fake.failInserts('us-central1-a', 'e2-standard-2', zoneResourcePoolExhausted(PROJECT, 'us-central1-a', 'e2-standard-2'));
    const result = await launchWithFallback(provider, 'general-z1', [['e2-standard-2', 'us-central1-a'], ['e2-standard-2', 'us-central1-b']]);
    expect(result.providerId).toBe(`gce://${PROJECT}/us-central1-b/general-z1`);
    expect(result.errors[0]).toMatchObject({ instanceType: 'e2-standard-2', zone: 'us-central1-a' });
  });

  it('an insert operation ending in QUOTA_EXCEEDED is QuotaExceededError naming the quota', async () => {
    world.fake.failInserts('us-central1-a', 'e2-standard-8', quotaExceededOperation('us-central1', 24));
    const error = await provider.create(claim('general-q1', 'e2-standard-8')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect(error).toMatchObject({ code: 'NODE_PROVIDER_ERR_QUOTA_EXCEEDED', quota: 'CPUS' });
    expect(String(error)).toContain("Quota 'CPUS' exceeded.  Limit: 24.0 in region us-central1.");
  });

  it('a 403 quotaExceeded answer to instances.insert is QuotaExceededError, not retried', async () => {
    world.fake.failRequests('POST', INSERT_PATH, 403, quotaExceededBody('us-central1', 8));
    const error = await provider.create(claim('general-q2', 'e2-standard-8')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NODE_PROVIDER_ERR_QUOTA_EXCEEDED', quota: 'CPUS' });
    expect(world.fake.computeRequests('POST')).toHaveLength(1);
  });

  it('retries an insert refused with 403 rateLimitExceeded, then launches', async () => {
    world.fake.failRequests('POST', INSERT_PATH, 403, rateLimitBody(PROJECT_NUMBER), 2);
    const made = await provider.create(claim('general-t1', 'e2-standard-2'));
    expect(made.nodeName).toBe('general-t1');
    expect(world.fake.computeRequests('POST').filter((r) => INSERT_PATH.test(r.path))).toHaveLength(3);
  });

  it('retries calls answered 429, for listing too', async () => {
    world.fake.failRequests('GET', /\/aggregated\/instances$/, 429, tooManyRequestsBody(), 1);
    await provider.create(claim('general-t2', 'e2-standard-2'));
    const listed = await provider.list();
    expect(listed.map((i) => i.nodeName)).toEqual(['general-t2']);
    expect(world.fake.computeRequests('GET').filter((r) => r.path.endsWith('/aggregated/instances'))).toHaveLength(2);
  });

  it('gives up with ThrottledError after the configured retries', async () => {
    world.fake.failRequests('POST', INSERT_PATH, 403, rateLimitBody(PROJECT_NUMBER), 100);
    const error = await provider.create(claim('general-t3', 'e2-standard-2')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ code: 'NODE_PROVIDER_ERR_THROTTLED', retryAfterMs: expect.any(Number) });
    // attempts: 3 in the test options: the first try and three retries
    expect(world.fake.computeRequests('POST')).toHaveLength(4);
  });

  it('passes on errors it has no typed error for, as Compute Engine sent them', async () => {
    const message = "Invalid value for field 'resource.disks[0].initializeParams.sourceImage': 'projects/nope/global/images/x'. The referenced image resource cannot be found.";
    world.fake.failRequests('POST', INSERT_PATH, 400, { error: { code: 400, message, errors: [{ message, domain: 'global', reason: 'invalid' }] } });
    const error = await provider.create(claim('general-e1', 'e2-standard-2')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toHaveProperty('code', expect.stringMatching(/^NODE_PROVIDER_ERR/));
    expect(String(error)).toContain('The referenced image resource cannot be found.');
  });

  it('refuses claims its machines could not join with, before any request', async () => {
    const noToken = { ...claim('general-n1', 'e2-standard-2'), bootstrapToken: undefined };
    await expect(provider.create(noToken)).rejects.toThrow(/no bootstrap token/);
    await expect(provider.create(claim('General_N2', 'e2-standard-2'))).rejects.toThrow(/not a valid instance name/);
    await expect(provider.create(claim('general-n3', 'e2-highmem-2'))).rejects.toThrow(/e2-highmem-2 is not offered as on-demand/);
    await expect(provider.create(claim('general-n4', 'e2-standard-2', 'us-central1-c'))).rejects.toThrow(/not offered in zone us-central1-c/);
    expect(world.fake.computeRequests()).toHaveLength(0);
  });
});
