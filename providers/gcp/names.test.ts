import { describe, expect, it } from 'vitest';
import { familyOf, isInstanceName, isLabelKey, isLabelValue, lastSegment, parseProviderId, providerIdOf, seriesOf } from './names.ts';

describe('GCE names', () => {
  it.each([
    ['general-7xk2p', true],
    ['a', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['7general', false],
    ['general-', false],
    ['General', false],
    ['node.example', false],
  ])('instance name %s is valid: %s', (name, valid) => {
    expect(isInstanceName(name)).toBe(valid);
  });

  it.each([
    ['kubernel-cluster', true, true],
    ['k8s_team', true, true],
    ['Team', false, false],
    ['kubernel.dev/node-pool', false, false],
    ['', false, true],
  ])('label %j is a key: %s, a value: %s', (text, key, value) => {
    expect(isLabelKey(text)).toBe(key);
    expect(isLabelValue(text)).toBe(value);
  });

  it('writes and reads providerIDs as the GCE cloud provider does', () => {
    expect(providerIdOf('proj-1', 'us-central1-b', 'general-1')).toBe('gce://proj-1/us-central1-b/general-1');
    expect(parseProviderId('gce://proj-1/us-central1-b/general-1')).toEqual({ project: 'proj-1', zone: 'us-central1-b', instance: 'general-1' });
  });

  it.each(['aws:///us-east-1a/i-0abc', 'gce://proj-1/us-central1-b', 'gce://proj-1/us-central1-b/general-1/x', 'gce:///us-central1-b/general-1', 'gce://proj-1/us-central1-b/Bad_Name'])(
    '%s is no GCE providerID',
    (id) => {
      expect(parseProviderId(id)).toBeUndefined();
    },
  );

  it.each([
    ['e2-standard-4', 'e2-standard', 'e2'],
    ['n2d-highmem-8', 'n2d-highmem', 'n2d'],
    ['t2a-standard-48', 't2a-standard', 't2a'],
    ['e2-medium', 'e2-medium', 'e2'],
  ])('%s is of family %s, series %s', (name, family, series) => {
    expect(familyOf(name)).toBe(family);
    expect(seriesOf(name)).toBe(series);
  });

  it('takes the last segment of a resource URL', () => {
    expect(lastSegment('https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/machineTypes/e2-standard-4')).toBe('e2-standard-4');
    expect(lastSegment('e2-standard-4')).toBe('e2-standard-4');
  });
});
