import { describe, expect, it } from 'vitest';
import { gcpOptionsSchema, installCommandOf, packageVersion } from './options.ts';

const minimal = { project: 'acme-prod-123', zones: ['us-central1-a'] };

function issues(input: unknown): string[] {
  const result = gcpOptionsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('gcp pool options', () => {
  it('fills in the defaults', () => {
    expect(gcpOptionsSchema.parse(minimal)).toEqual({
      ...minimal,
      clusterName: 'kubernel',
      image: 'projects/debian-cloud/global/images/family/debian-12',
      diskSizeGb: 50,
      diskType: 'pd-balanced',
      network: 'global/networks/default',
      externalIp: true,
      networkTags: [],
      serviceAccount: { email: 'default', scopes: ['https://www.googleapis.com/auth/cloud-platform'] },
      capacityTypes: ['on-demand'],
      families: ['e2-standard'],
      instanceTypes: [],
      prices: {},
      labels: {},
      catalogRefreshMinutes: 60,
      operationTimeoutSeconds: 600,
      throttleRetries: { attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 },
    });
  });

  it.each([
    ['no project', { zones: ['us-central1-a'] }, /^project: /],
    ['no zones', { project: 'acme-prod-123', zones: [] }, /^zones: /],
    ['a bad zone', { ...minimal, zones: ['US Central'] }, /^zones\.0: must be a zone name/],
    ['a cluster name GCE labels refuse', { ...minimal, clusterName: 'Prod.Cluster' }, /^clusterName: must be a GCE label value/],
    ['an unknown capacity type', { ...minimal, capacityTypes: ['reserved'] }, /^capacityTypes\.0: /],
    ['a repeated capacity type', { ...minimal, capacityTypes: ['spot', 'spot'] }, /^capacityTypes: must not repeat/],
    ['a label key with a dot', { ...minimal, labels: { 'team.io': 'web' } }, /^labels\.team\.io: invalid GCE label key/],
    ['an uppercase label value', { ...minimal, labels: { team: 'Web' } }, /^labels\.team: must be a GCE label value/],
    ['a negative price', { ...minimal, prices: { 'e2-standard-2': { spot: -1 } } }, /^prices\.e2-standard-2\.spot: /],
    ['an unknown option', { ...minimal, region: 'us-central1' }, /region/],
    ['a tiny disk', { ...minimal, diskSizeGb: 5 }, /^diskSizeGb: /],
  ])('refuses %s, naming the field', (_what, input, message) => {
    expect(issues(input).some((issue) => message.test(issue)), issues(input).join('; ')).toBe(true);
  });

  it('installs the control plane\'s kubernel version unless told otherwise', () => {
    expect(installCommandOf(gcpOptionsSchema.parse(minimal))).toBe(`npm install -g kubernel@${packageVersion()}`);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(installCommandOf(gcpOptionsSchema.parse({ ...minimal, kubernelVersion: '0.2.0' }))).toBe('npm install -g kubernel@0.2.0');
    expect(installCommandOf(gcpOptionsSchema.parse({ ...minimal, installCommand: 'apt-get install -y kubernel' }))).toBe('apt-get install -y kubernel');
  });
});
