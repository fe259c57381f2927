import { describe, expect, it } from 'vitest';
import { Resources, type ResourceRef } from '../../client/resources.ts';
import { graphKey, parseGraphKey, resourceName } from './dependency-graph.ts';

describe('graph keys', () => {
  it.each<[string, ResourceRef, { namespace?: string; name: string }, string, string, string]>([
    ['a core namespaced object', Resources.pods, { namespace: 'default', name: 'web-1' }, 'pods|default/web-1', 'pods', 'default/web-1'],
    ['a grouped object', Resources.replicaSets, { namespace: 'prod', name: 'web' }, 'replicasets.apps|prod/web', 'replicasets.apps', 'prod/web'],
    ['a cluster-scoped object', Resources.namespaces, { name: 'team-a' }, 'namespaces|team-a', 'namespaces', 'team-a'],
    ['a dotted group', Resources.leases, { namespace: 'kube-system', name: 'x' }, 'leases.coordination.k8s.io|kube-system/x', 'leases.coordination.k8s.io', 'kube-system/x'],
  ])('%s', (_name, resource, meta, key, name, objectKey) => {
    expect(graphKey(resource, meta)).toBe(key);
    expect(resourceName(resource)).toBe(name);
    expect(parseGraphKey(key)).toEqual({ resourceName: name, objectKey });
  });

  it.each(['', 'pods', '|default/x', 'pods|'])('rejects %j', (key) => {
    expect(parseGraphKey(key)).toBeUndefined();
  });
});
