import { describe, expect, it } from 'vitest';
import { modelClassForKind } from './builtin-kinds.ts';
import { definitionName } from './definition-names.ts';
import { modelDocs } from './model-docs.ts';
import { modelAttributes } from './model-registry.ts';

describe('modelClassForKind', () => {
  it.each([
    ['', 'v1', 'Pod', 'V1Pod'],
    ['', 'v1', 'Event', 'CoreV1Event'],
    ['events.k8s.io', 'v1', 'Event', 'EventsV1Event'],
    ['autoscaling', 'v1', 'Scale', 'V1Scale'],
    ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'V2HorizontalPodAutoscaler'],
    ['authentication.k8s.io', 'v1', 'TokenRequest', 'AuthenticationV1TokenRequest'],
    ['', 'v1', 'PodList', 'V1PodList'],
    ['', 'v1', 'EventList', 'CoreV1EventList'],
    ['apps', 'v1', 'Pod', undefined],
    ['', 'v2', 'Pod', undefined],
  ])('%s/%s %s → %s', (group, version, kind, className) => {
    expect(modelClassForKind(group, version, kind)).toBe(className);
  });
});

describe('definitionName', () => {
  it.each([
    ['V1ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
    ['V1LabelSelector', 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'],
    ['V1PodTemplateSpec', 'io.k8s.api.core.v1.PodTemplateSpec'],
    ['V1DeploymentSpec', 'io.k8s.api.apps.v1.DeploymentSpec'],
    ['V1LeaseSpec', 'io.k8s.api.coordination.v1.LeaseSpec'],
    ['DiscoveryV1EndpointPort', 'io.k8s.api.discovery.v1.EndpointPort'],
    ['CoreV1EndpointPort', 'io.k8s.api.core.v1.EndpointPort'],
    ['V1ObjectReference', 'io.k8s.api.core.v1.ObjectReference'],
    ['V1JSONSchemaProps', 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps'],
    ['V1APIServiceSpec', 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec'],
    ['V2MetricSpec', 'io.k8s.api.autoscaling.v2.MetricSpec'],
  ])('%s → %s', (className, name) => {
    expect(definitionName(className)).toBe(name);
  });
});

describe('model metadata from @kubernetes/client-node', () => {
  it('reads attributeTypeMap with JSON field names', () => {
    expect(modelAttributes('V1LimitRangeItem')?.find((a) => a.name === '_default')?.baseName).toBe('default');
    expect(modelAttributes('V1PodSpec')?.find((a) => a.baseName === 'containers')?.type).toBe('Array<V1Container>');
    expect(modelAttributes('NoSuchModel')).toBeUndefined();
  });

  it('reads descriptions and required fields from the shipped declarations', () => {
    const docs = modelDocs('V1Container');
    expect(docs.description).toBe('A single application container that you want to run within a pod.');
    expect(docs.required).toEqual(['name']);
    expect(docs.fieldDescriptions.get('imagePullPolicy')).toMatch(/^Image pull policy\. One of Always, Never, IfNotPresent\./);
    expect(modelDocs('V1LimitRangeItem').fieldDescriptions.get('default')).toMatch(/^Default resource requirement limit/);
    expect(modelDocs('NoSuchModel').fieldDescriptions.size).toBe(0);
  });
});
