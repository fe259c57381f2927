import { describe, expect, it } from 'vitest';
import { podObject } from '../plugins/test-fixtures.ts';
import { podInfoOf } from './pod-info.ts';

describe('podInfoOf', () => {
  it('reads identity, priority and scheduling state', () => {
    const info = podInfoOf(podObject('web', { namespace: 'shop', labels: { app: 'web' }, nodeName: 'n1', terminating: true, spec: { priority: 1000 } }));
    expect(info).toMatchObject({ key: 'shop/web', namespace: 'shop', name: 'web', labels: { app: 'web' }, priority: 1000, nodeName: 'n1', terminating: true });
  });

  it('reuses the view of an earlier version that shares its spec and labels, and computes it afresh otherwise', () => {
    const pod = podObject('web', { namespace: 'shop', labels: { app: 'web' }, nodeName: 'n1', spec: { priority: 5 } });
    const held = podInfoOf(pod);
    // A status write: a new object and metadata, the same spec and labels.
    const statusWritten = { ...pod, metadata: { ...pod.metadata, resourceVersion: '9' }, status: { phase: 'Running' } };
    const reused = podInfoOf(statusWritten, held);
    expect(reused.pod).toBe(statusWritten);
    expect(reused.requests).toBe(held.requests);
    const relabelled = { ...statusWritten, metadata: { ...statusWritten.metadata, labels: { app: 'api' } } };
    expect(podInfoOf(relabelled, held).labels).toEqual({ app: 'api' });
    const respecified = { ...statusWritten, spec: { ...(pod['spec'] as object), priority: 7 } };
    expect(podInfoOf(respecified, held).priority).toBe(7);
  });

  it('takes from the version before what its unchanged parts of the spec give, as after a binding', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }];
    const pending = podObject('web', { requests: { cpu: '250m' }, spec: { tolerations, nodeSelector: { disk: 'ssd' } } });
    const held = podInfoOf(pending);
    // What the binding writes: a new spec object with nodeName, every other field the very same.
    const bound = { ...pending, spec: { ...(pending['spec'] as object), nodeName: 'n1' } };
    const info = podInfoOf(bound, held);
    expect(info.nodeName).toBe('n1');
    expect([info.requests, info.nonZeroRequests, info.hostPorts, info.tolerations, info.nodeSelector]).toEqual([
      held.requests,
      held.nonZeroRequests,
      held.hostPorts,
      held.tolerations,
      held.nodeSelector,
    ]);
    expect(info.requests).toBe(held.requests);
    expect(info.tolerations).toBe(held.tolerations);
    expect(info.requiredAffinityTerms).toBe(held.requiredAffinityTerms);
    // A part whose source changed is computed afresh, the rest still taken.
    const resized = podObject('web', { requests: { cpu: '2' } });
    const retolerated = { ...bound, spec: { ...(bound.spec as object), containers: (resized['spec'] as { containers: unknown }).containers, tolerations: [] } };
    const changed = podInfoOf(retolerated, info);
    expect(changed.requests.milliCPU).toBe(2000);
    expect(changed.tolerations).toEqual([]);
    expect(changed.nodeSelector).toBe(info.nodeSelector);
  });

  it('shares one frozen node selector, node affinity and toleration list among pods that carry equal ones', () => {
    const affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } },
    };
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }];
    const spec = (): Record<string, unknown> => ({ nodeSelector: { class: 'c1', disk: 'ssd' }, affinity: structuredClone(affinity), tolerations: structuredClone(tolerations) });
    const first = podInfoOf(podObject('web-1', { spec: spec() }));
    const second = podInfoOf(podObject('web-2', { spec: spec() }));
    expect(second.nodeSelector).toBe(first.nodeSelector);
    expect(second.requiredNodeAffinity).toBe(first.requiredNodeAffinity);
    expect(second.tolerations).toBe(first.tolerations);
    expect(first.nodeSelector).toEqual({ class: 'c1', disk: 'ssd' });
    expect(Object.isFrozen(first.nodeSelector)).toBe(true);
    expect(Object.isFrozen(first.requiredNodeAffinity?.[0]?.matchExpressions[0]?.values)).toBe(true);
    // The pod's own selector is left as it was: the shared one is a copy.
    expect(Object.isFrozen((first.pod['spec'] as { nodeSelector: object }).nodeSelector)).toBe(false);
    const other = podInfoOf(podObject('db', { spec: { ...spec(), nodeSelector: { class: 'c2', disk: 'ssd' } } }));
    expect(other.nodeSelector).toEqual({ class: 'c2', disk: 'ssd' });
    expect(other.nodeSelector).not.toBe(first.nodeSelector);
  });

  it('sanitises host ports as Kubernetes does, including sidecars', () => {
    const info = podInfoOf(
      podObject('p', {
        spec: {
          initContainers: [
            { name: 'proxy', image: 'envoy', restartPolicy: 'Always', ports: [{ containerPort: 15001, hostPort: 15001 }] },
            { name: 'init', image: 'busybox', ports: [{ containerPort: 1, hostPort: 1 }] },
          ],
          containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080, hostIP: '10.0.0.1', protocol: 'UDP' }, { containerPort: 81 }] }],
        },
      }),
    );
    expect(info.hostPorts).toEqual([
      { ip: '0.0.0.0', protocol: 'TCP', port: 15001 },
      { ip: '10.0.0.1', protocol: 'UDP', port: 8080 },
    ]);
  });

  it.each<[string, unknown, unknown[]]>([
    ['defaults the operator to Equal and keeps an empty effect', [{ key: 'k', value: 'v' }], [{ key: 'k', operator: '', value: 'v', effect: '' }]],
    ['drops tolerations with an effect Kubernetes does not know', [{ key: 'k', operator: 'Exists', effect: 'Sometimes' }], []],
  ])('tolerations: %s', (_name, tolerations, expected) => {
    expect(podInfoOf(podObject('p', { spec: { tolerations } })).tolerations).toEqual(expected);
  });

  it("defaults topology spread constraints' minDomains and inclusion policies and merges matchLabelKeys", () => {
    const info = podInfoOf(
      podObject('p', {
        labels: { app: 'web', 'pod-template-hash': 'abc' },
        spec: { topologySpreadConstraints: [{ maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } }, matchLabelKeys: ['pod-template-hash'] }] },
      }),
    );
    expect(info.topologySpreadConstraints).toEqual([
      {
        maxSkew: 2,
        topologyKey: 'zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        selector: [{ key: 'pod-template-hash', operator: 'In', values: ['abc'] }, { key: 'app', operator: 'Equals', values: ['web'] }],
        minDomains: 1,
        nodeAffinityPolicy: 'Honor',
        nodeTaintsPolicy: 'Ignore',
      },
    ]);
  });

  it("takes a pod affinity term's namespaces from the pod unless it names some or selects them", () => {
    const term = (extra: Record<string, unknown>) => ({ topologyKey: 'zone', labelSelector: { matchLabels: { a: 'b' } }, ...extra });
    const info = podInfoOf(
      podObject('p', {
        namespace: 'mine',
        spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({}), term({ namespaces: ['x', 'y'] }), term({ namespaceSelector: {} })] } } },
      }),
    );
    expect(info.requiredAffinityTerms.map((t) => [[...t.namespaces], t.namespaceSelector])).toEqual([
      [['mine'], null],
      [['x', 'y'], null],
      [[], []],
    ]);
  });
});
