import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { ClusterAccess } from '../../../core/index.ts';
import type { NodeProviderHarness } from '../../../test/conformance/node-provider.conformance.ts';
import { connectEc2 } from '../ec2-client.ts';
import { awsOptionsSchema, type AwsOptions } from '../options.ts';
import { AwsNodeProvider } from '../provider.ts';
import { FakeEc2, type FakeEc2Options } from './fake-ec2.ts';

/** The throwaway key pair of the AWS documentation's examples: requests are signed, never sent anywhere real. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

export const TEST_CLUSTER: ClusterAccess = {
  server: 'https://10.0.0.10:6443',
  caCertPem: '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIUTESTONLY\n-----END CERTIFICATE-----\n',
  token: 'control-plane-token',
  dataDir: '/var/lib/kubernel',
};

/** A pool's options as a kubernel.yaml would give them, waits of a millisecond so that retries are quick. */
export function testOptions(overrides: Record<string, unknown> = {}): AwsOptions {
  return awsOptionsSchema.parse({
    region: 'us-east-1',
    clusterName: 'test-cluster',
    imageId: 'ami-0abcdef1234567890',
    subnets: { 'us-east-1a': 'subnet-0a1b2c3d4e5f60001', 'us-east-1b': 'subnet-0a1b2c3d4e5f60002' },
    securityGroupIds: ['sg-0123456789abcdef0'],
    instanceProfile: 'kubernel-node',
    retry: { maxAttempts: 3, baseDelayMs: 1 },
    ...overrides,
  });
}

/** A logger whose entries the test reads back. */
export function capturingLogger(): { logger: Logger; entries: Array<Record<string, unknown>> } {
  const entries: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') entries.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), entries };
}

export interface TestProviderSettings {
  pool?: string;
  logger?: Logger;
  /** null: a pool that runs without a control plane to join */
  cluster?: ClusterAccess | null;
}

export function testProvider(options: AwsOptions, settings: TestProviderSettings = {}): AwsNodeProvider {
  return new AwsNodeProvider(options, {
    pool: { name: settings.pool ?? 'workers', min: undefined, max: undefined },
    logger: settings.logger ?? pino({ level: 'silent' }),
    cluster: settings.cluster === null ? undefined : (settings.cluster ?? TEST_CLUSTER),
    connection: connectEc2(options, { credentials: TEST_CREDENTIALS }),
  });
}

/** Providers for any pool against one fake EC2, as the conformance suite wants them. */
export function awsHarness(fakeOptions: FakeEc2Options = {}, overrides: Record<string, unknown> = {}): NodeProviderHarness & { fake: FakeEc2 } {
  const fake = new FakeEc2(fakeOptions).install();
  return {
    fake,
    provider: (pool) => Promise.resolve(testProvider(testOptions(overrides), { pool })),
    close: () => {
      fake.close();
      return Promise.resolve();
    },
  };
}

/** What the promise rejects with; an Error saying so when it resolves instead. */
export async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}
