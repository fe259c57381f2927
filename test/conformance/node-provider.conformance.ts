import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNodeProviderError, type InstanceType, type NodeClaimSpec, type NodeProvider } from '../../core/contracts/node-provider.ts';

/**
 * What a provider's test brings: providers for named pools, all against the
 * same infrastructure (a real one on this machine, or a cloud simulated at the
 * wire), so that machines of one pool are visible to the other's `list()`.
 */
export interface NodeProviderHarness {
  provider(pool: string): Promise<NodeProvider>;
  /** removes what the run left (machines, interceptors, directories) */
  close(): Promise<void>;
}

export interface NodeProviderConformanceOptions {
  skip?: boolean;
  /** per case; local machines take seconds to start */
  timeoutMs?: number;
}

/** A claim as the provisioner sends it: the pool's labels, a type from the catalog, a zone it offers. */
export function claimFor(pool: string, name: string, type: InstanceType, zone = type.zones[0]): NodeClaimSpec {
  return {
    name,
    pool,
    instanceType: type.name,
    ...(zone === undefined ? {} : { zone }),
    capacityType: type.capacityType,
    labels: { 'kubernel.dev/node-pool': pool, 'example.com/team': 'conformance' },
    taints: [],
    bootstrapToken: 'abcdef.0123456789abcdef',
  };
}

function cheapest(types: readonly InstanceType[]): InstanceType {
  const sorted = [...types].sort((a, b) => a.pricePerHour - b.pricePerHour || a.cpuMillis - b.cpuMillis);
  const first = sorted[0];
  if (first === undefined) throw new Error('the provider offers no instance types');
  return first;
}

let sequence = 0;
function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid.toString(36)}-${sequence}`;
}

/**
 * The NodeProvider contract as every provider (local, aws, gcp, an
 * out-of-tree one) must honour it: a well-formed catalog; create, list and
 * delete agreeing with each other; typed errors for what is already gone.
 */
export function describeNodeProviderConformance(name: string, makeHarness: () => Promise<NodeProviderHarness>, options: NodeProviderConformanceOptions = {}): void {
  const timeout = options.timeoutMs ?? 30_000;
  describe.skipIf(options.skip === true)(`NodeProvider conformance: ${name}`, () => {
    let harness: NodeProviderHarness;
    let provider: NodeProvider;
    const pool = 'conformance-a';

    beforeAll(async () => {
      harness = await makeHarness();
      provider = await harness.provider(pool);
      await provider.start?.();
    }, timeout);

    afterAll(async () => {
      await provider?.stop?.();
      await harness?.close();
    }, timeout);

    it('declares what it can do', () => {
      expect(provider.capabilities.maxConcurrentCreates).toBeGreaterThanOrEqual(1);
      expect(provider.capabilities.capacityTypes.length).toBeGreaterThan(0);
      expect(typeof provider.capabilities.registersNodes).toBe('boolean');
    });

    it('offers a well-formed instance-type catalog', () => {
      const types = provider.instanceTypes();
      expect(types.length).toBeGreaterThan(0);
      const keys = new Set<string>();
      for (const type of types) {
        expect(type.name, 'every type has a name').not.toBe('');
        expect(type.cpuMillis, `${type.name} cpu`).toBeGreaterThan(0);
        expect(type.memoryBytes, `${type.name} memory`).toBeGreaterThan(0);
        expect(type.pods, `${type.name} pods`).toBeGreaterThan(0);
        expect(type.zones.length, `${type.name} zones`).toBeGreaterThan(0);
        expect(Number.isFinite(type.pricePerHour) && type.pricePerHour >= 0, `${type.name} price ${type.pricePerHour}`).toBe(true);
        expect(['amd64', 'arm64']).toContain(type.arch);
        expect(provider.capabilities.capacityTypes).toContain(type.capacityType);
        const key = `${type.name}/${type.capacityType}`;
        expect(keys.has(key), `${key} is listed once`).toBe(false);
        keys.add(key);
      }
    });

    it(
      'creates a machine that list() reports with its pool, type and zone, and deletes it',
      async () => {
        const type = cheapest(provider.instanceTypes());
        const claim = claimFor(pool, uniqueName('conf'), type);
        const made = await provider.create(claim);
        expect(made.providerId).not.toBe('');
        expect(made.nodeName).not.toBe('');

        const listed = (await provider.list()).find((i) => i.providerId === made.providerId);
        expect(listed, `list() reports ${made.providerId}`).toMatchObject({
          providerId: made.providerId,
          nodeName: made.nodeName,
          pool,
          instanceType: type.name,
          zone: claim.zone,
          capacityType: type.capacityType,
        });
        expect(listed?.createdAt).toBeInstanceOf(Date);

        await provider.delete(made.providerId);
        expect((await provider.list()).some((i) => i.providerId === made.providerId)).toBe(false);
      },
      timeout,
    );

    it(
      'reports the machines of every pool it launched for, so leaked ones are found',
      async () => {
        const other = await harness.provider('conformance-b');
        await other.start?.();
        try {
          const type = cheapest(other.instanceTypes());
          const made = await other.create(claimFor('conformance-b', uniqueName('leak'), type));
          try {
            const fromFirst = (await provider.list()).find((i) => i.providerId === made.providerId);
            expect(fromFirst?.pool).toBe('conformance-b');
          } finally {
            await other.delete(made.providerId);
          }
        } finally {
          await other.stop?.();
        }
      },
      timeout,
    );

    it(
      'says a machine is not found when it is already gone, and when it never was',
      async () => {
        const type = cheapest(provider.instanceTypes());
        const made = await provider.create(claimFor(pool, uniqueName('gone'), type));
        await provider.delete(made.providerId);
        const again = await provider.delete(made.providerId).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isNodeProviderError(again, 'NODE_PROVIDER_ERR_NOT_FOUND'), `second delete: ${String(again)}`).toBe(true);
        const never = await provider.delete(`${made.providerId}-never-made`).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isNodeProviderError(never, 'NODE_PROVIDER_ERR_NOT_FOUND'), `unknown id: ${String(never)}`).toBe(true);
      },
      timeout,
    );
  });
}
