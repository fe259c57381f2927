import { pino, type Logger } from 'pino';
import { isRecord, type ClusterAccess } from '../../../core/index.ts';
import { gcpOptionsSchema, type GcpOptions } from '../options.ts';
import { createGcpProvider, type GcpNodeProvider } from '../provider.ts';
import type { MachineTypeShape } from './compute-fixtures.ts';
import { FakeCompute, type FakeComputeConfig } from './fake-compute.ts';
import { isolateNetwork, restoreNetwork } from '../../../test/support/wire.ts';
import { throwawayServiceAccount, type ThrowawayServiceAccount } from './service-account.ts';

/**
 * A test's Google Cloud: a throwaway service-account key, the fake Compute
 * Engine behind nock (nothing leaves the machine), and gcp providers for
 * named pools configured against them.
 */

export const PROJECT = 'kubernel-wire-415611';
export const PROJECT_NUMBER = '739104857260';

const e2 = (size: number): MachineTypeShape => ({ name: `e2-standard-${size}`, guestCpus: size, memoryMb: size * 4096 });

/** us-central1's zones with a few of their machine types (sizes as machineTypes.list reports them). */
export const REGION_MACHINE_TYPES: Readonly<Record<string, readonly MachineTypeShape[]>> = {
  'us-central1-a': [e2(2), e2(4), e2(8), { name: 'e2-highmem-2', guestCpus: 2, memoryMb: 16384 }, { name: 't2a-standard-4', guestCpus: 4, memoryMb: 16384, architecture: 'ARM64' }],
  'us-central1-b': [e2(2), e2(4), e2(8), { name: 't2a-standard-4', guestCpus: 4, memoryMb: 16384, architecture: 'ARM64' }],
  'us-central1-c': [e2(2), e2(4)],
  'us-central1-f': [e2(2), e2(4), e2(8)],
};

/** What the control plane hands a provider: where to join, and its CA (a syntactically valid PEM, not a real CA). */
export const CLUSTER: ClusterAccess = {
  server: 'https://203.0.113.10:6443',
  caCertPem: '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIUKubernelTestCAOnlyForWireTests0wCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n',
  token: 'control-plane-token-not-used-by-gcp',
  dataDir: '/var/lib/kubernel-test',
};

export interface CapturedLogs {
  logger: Logger;
  warnings(): string[];
}

export function capturedLogger(): CapturedLogs {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    warnings: () =>
      lines.map((line) => {
        const entry: unknown = JSON.parse(line);
        return isRecord(entry) ? String(entry['msg'] ?? '') : '';
      }),
  };
}

export interface GcpWorld {
  fake: FakeCompute;
  account: ThrowawayServiceAccount;
  options(overrides?: Record<string, unknown>): GcpOptions;
  provider(pool: string, overrides?: Record<string, unknown>, logs?: CapturedLogs): GcpNodeProvider;
  close(): Promise<void>;
}

export async function gcpWorld(fakeOverrides: Partial<FakeComputeConfig> = {}): Promise<GcpWorld> {
  isolateNetwork();
  const account = await throwawayServiceAccount(PROJECT);
  const fake = new FakeCompute({
    project: PROJECT,
    projectNumber: PROJECT_NUMBER,
    machineTypes: REGION_MACHINE_TYPES,
    serviceAccount: { clientEmail: account.clientEmail, publicKeyPem: account.publicKeyPem },
    ...fakeOverrides,
  }).install();
  const providers: GcpNodeProvider[] = [];
  const options = (overrides: Record<string, unknown> = {}): GcpOptions =>
    gcpOptionsSchema.parse({
      project: PROJECT,
      zones: ['us-central1-a', 'us-central1-b'],
      clusterName: 'wire-test',
      keyFile: account.keyFile,
      kubernelVersion: '0.1.0',
      // fast retries: the backoff's shape is unit-tested; here only the count matters
      throttleRetries: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      ...overrides,
    });
  return {
    fake,
    account,
    options,
    provider(pool, overrides = {}, logs = capturedLogger()) {
      const provider = createGcpProvider(options(overrides), { pool: { name: pool, min: undefined, max: undefined }, logger: logs.logger, clock: { now: () => new Date() }, cluster: CLUSTER });
      providers.push(provider);
      return provider;
    },
    async close() {
      for (const provider of providers) await provider.stop().catch(() => undefined);
      restoreNetwork();
      await account.remove();
    },
  };
}
