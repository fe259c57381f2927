import { describe, expect, it } from 'vitest';
import { instanceRequest, toLabelValue, type LaunchSpec } from './instance-request.ts';
import { gcpOptionsSchema } from './options.ts';

const spec: LaunchSpec = { name: 'general-1', zone: 'us-central1-f', instanceType: 'e2-standard-4', capacityType: 'on-demand', pool: 'general', claim: 'general-1', startupScript: '#!/bin/bash\n' };

describe('the instances.insert body', () => {
  it('has no external IP, tags or scheduling unless asked for', () => {
    const body = instanceRequest(gcpOptionsSchema.parse({ project: 'acme-prod-123', zones: ['us-central1-f'], externalIp: false }), spec);
    expect(body.networkInterfaces).toEqual([{ network: 'global/networks/default' }]);
    expect(body).not.toHaveProperty('tags');
    expect(body).not.toHaveProperty('scheduling');
  });

  it('runs as the pool\'s service account with its scopes, on its image and disk', () => {
    const options = gcpOptionsSchema.parse({
      project: 'acme-prod-123',
      zones: ['us-central1-f'],
      image: 'projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64',
      diskSizeGb: 100,
      diskType: 'pd-ssd',
      serviceAccount: { email: 'nodes@acme-prod-123.iam.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/logging.write'] },
    });
    const body = instanceRequest(options, { ...spec, capacityType: 'spot' });
    expect(body.serviceAccounts).toEqual([{ email: 'nodes@acme-prod-123.iam.gserviceaccount.com', scopes: ['https://www.googleapis.com/auth/logging.write'] }]);
    expect(body.disks?.[0]?.initializeParams).toEqual({ sourceImage: 'projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64', diskSizeGb: 100, diskType: 'zones/us-central1-f/diskTypes/pd-ssd' });
    expect(body.scheduling).toEqual({ provisioningModel: 'SPOT', instanceTerminationAction: 'DELETE' });
  });

  it.each([
    ['general', 'general'],
    ['Claim.With.Dots', 'claim_with_dots'],
    ['x'.repeat(70), 'x'.repeat(63)],
  ])('turns %s into the label value %s', (text, value) => {
    expect(toLabelValue(text)).toBe(value);
  });
});
