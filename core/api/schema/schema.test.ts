import { describe, expect, it } from 'vitest';
import { schemaForKind, type FieldSchema } from './schema.ts';

/** Follows a dotted path through properties; `[]` steps into array items, `{}` into map values. */
function at(schema: FieldSchema | undefined, path: string): FieldSchema | undefined {
  let current = schema;
  for (const step of path.split('.')) {
    if (current === undefined) return undefined;
    if (step === '[]') current = current.items;
    else if (step === '{}') current = current.values;
    else current = current.properties?.[step];
  }
  return current;
}

describe('schemaForKind', () => {
  it.each([
    ['', 'v1', 'Namespace', 'io.k8s.api.core.v1.Namespace'],
    ['', 'v1', 'Pod', 'io.k8s.api.core.v1.Pod'],
    ['', 'v1', 'Service', 'io.k8s.api.core.v1.Service'],
    ['', 'v1', 'Endpoints', 'io.k8s.api.core.v1.Endpoints'],
    ['', 'v1', 'ConfigMap', 'io.k8s.api.core.v1.ConfigMap'],
    ['', 'v1', 'Secret', 'io.k8s.api.core.v1.Secret'],
    ['', 'v1', 'Node', 'io.k8s.api.core.v1.Node'],
    ['', 'v1', 'Event', 'io.k8s.api.core.v1.Event'],
    ['', 'v1', 'ServiceAccount', 'io.k8s.api.core.v1.ServiceAccount'],
    ['', 'v1', 'PersistentVolume', 'io.k8s.api.core.v1.PersistentVolume'],
    ['', 'v1', 'PersistentVolumeClaim', 'io.k8s.api.core.v1.PersistentVolumeClaim'],
    ['', 'v1', 'Binding', 'io.k8s.api.core.v1.Binding'],
    ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
    ['apps', 'v1', 'ReplicaSet', 'io.k8s.api.apps.v1.ReplicaSet'],
    ['autoscaling', 'v1', 'Scale', 'io.k8s.api.autoscaling.v1.Scale'],
    ['coordination.k8s.io', 'v1', 'Lease', 'io.k8s.api.coordination.v1.Lease'],
    ['discovery.k8s.io', 'v1', 'EndpointSlice', 'io.k8s.api.discovery.v1.EndpointSlice'],
    ['policy', 'v1', 'Eviction', 'io.k8s.api.policy.v1.Eviction'],
    ['events.k8s.io', 'v1', 'Event', 'io.k8s.api.events.v1.Event'],
    ['', 'v1', 'PodList', 'io.k8s.api.core.v1.PodList'],
    ['apps', 'v1', 'DeploymentList', 'io.k8s.api.apps.v1.DeploymentList'],
  ])('%s/%s %s is an object named %s with metadata', (group, version, kind, ref) => {
    const schema = schemaForKind(group, version, kind);
    expect(schema?.type).toBe('object');
    expect(schema?.ref).toBe(ref);
    expect(at(schema, 'metadata')?.ref).toBe(
      kind.endsWith('List') ? 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' : 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    );
  });

  it.each([
    ['apps', 'v1', 'Pod'],
    ['', 'v1', 'Deployment'],
    ['', 'v1', 'NoSuchKind'],
    ['example.com', 'v1', 'Widget'],
  ])('%s/%s %s is not a built-in kind', (group, version, kind) => {
    expect(schemaForKind(group, version, kind)).toBeUndefined();
  });

  it.each([
    ['apps', 'Deployment', 'spec.replicas', { type: 'integer' }],
    ['apps', 'Deployment', 'spec.strategy.rollingUpdate.maxSurge', { type: 'int-or-string' }],
    ['apps', 'Deployment', 'spec.template', { ref: 'io.k8s.api.core.v1.PodTemplateSpec' }],
    ['apps', 'Deployment', 'spec.selector', { ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' }],
    ['', 'Pod', 'spec.containers', { type: 'array' }],
    ['', 'Pod', 'spec.containers.[].imagePullPolicy', { type: 'string' }],
    ['', 'Pod', 'spec.containers.[].resources.limits', { type: 'map' }],
    ['', 'Pod', 'spec.containers.[].resources.limits.{}', { type: 'quantity' }],
    ['', 'Pod', 'spec.containers.[].resources.requests.{}', { type: 'quantity' }],
    ['', 'Pod', 'spec.overhead.{}', { type: 'quantity' }],
    ['', 'Pod', 'spec.volumes.[].emptyDir.sizeLimit', { type: 'quantity' }],
    ['', 'Pod', 'spec.nodeSelector.{}', { type: 'string' }],
    ['', 'Pod', 'spec.activeDeadlineSeconds', { type: 'integer' }],
    ['', 'Pod', 'spec.hostNetwork', { type: 'boolean' }],
    ['', 'Pod', 'metadata.creationTimestamp', { type: 'date-time' }],
    ['', 'Node', 'status.capacity.{}', { type: 'quantity' }],
    ['', 'Node', 'status.allocatable.{}', { type: 'quantity' }],
    ['', 'PersistentVolume', 'spec.capacity.{}', { type: 'quantity' }],
    ['', 'PersistentVolumeClaim', 'status.allocatedResourceStatuses.{}', { type: 'string' }],
    ['', 'Secret', 'data.{}', { type: 'string' }],
    ['', 'ConfigMap', 'data.{}', { type: 'string' }],
    ['', 'Service', 'spec.ports.[].targetPort', { type: 'int-or-string' }],
    ['', 'Event', 'eventTime', { type: 'date-time', ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime' }],
    ['coordination.k8s.io', 'Lease', 'spec.renewTime', { type: 'date-time' }],
    ['discovery.k8s.io', 'EndpointSlice', 'endpoints.[].targetRef', { ref: 'io.k8s.api.core.v1.ObjectReference' }],
    ['discovery.k8s.io', 'EndpointSlice', 'endpoints.[].hints', { ref: 'io.k8s.api.discovery.v1.EndpointHints' }],
    ['policy', 'Eviction', 'deleteOptions', { ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions' }],
    ['autoscaling', 'Scale', 'spec', { ref: 'io.k8s.api.autoscaling.v1.ScaleSpec' }],
  ])('%s %s: %s', (group, kind, path, expected) => {
    expect(at(schemaForKind(group, 'v1', kind), path)).toMatchObject(expected);
  });

  it('shares one node per model, so repeated lookups and nested uses are the same object', () => {
    const pod = schemaForKind('', 'v1', 'Pod');
    expect(schemaForKind('', 'v1', 'Pod')).toBe(pod);
    expect(at(schemaForKind('', 'v1', 'PodList'), 'items.[]')).toBe(pod);
    expect(at(schemaForKind('apps', 'v1', 'Deployment'), 'spec.template.spec')).toBe(at(pod, 'spec'));
  });

  it('resolves recursive types lazily into a finite graph', () => {
    const crd = schemaForKind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition');
    const props = at(crd, 'spec.versions.[].schema.openAPIV3Schema');
    expect(props?.ref).toBe('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps');
    expect(at(props, 'properties.{}')).toBe(props);
    expect(at(props, 'properties.{}.properties.{}.type')).toEqual({ type: 'string' });
  });
});
