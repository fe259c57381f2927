import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './decode.ts';
import { entry, envelope, intOrString, len, meta, num, quantity, timestamp, varint } from './test-encoder.ts';

/**
 * Bodies of the kinds that client-go's typed clients (kubelet, controllers,
 * scheduler, kubectl drain on a server with policy/v1) send as protobuf but
 * kubectl's own commands do not, built field by field from generated.proto.
 */

const selector = (key: string, value: string): number[] => len(1, [...len(1, key), ...len(2, value)]);
const objectMeta = (name: string): number[] => len(1, meta(name));

describe('decodeKubernetesProtobuf: kinds sent by client-go typed clients', () => {
  it.each([
    [
      'coordination.k8s.io/v1 Lease: MicroTime keeps microseconds, a zero *int32 stays, a zero time is dropped',
      envelope('coordination.k8s.io/v1', 'Lease', [
        ...len(1, meta('n1', 'kube-node-lease')),
        ...len(2, [...len(1, 'n1'), ...num(2, 40), ...len(3, []), ...len(4, timestamp(1_700_000_000, 123_456_789)), ...num(5, 0)]),
      ]),
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'n1', namespace: 'kube-node-lease' },
        spec: { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2023-11-14T22:13:20.123456Z', leaseTransitions: 0 },
      },
    ],
    [
      'discovery.k8s.io/v1 EndpointSlice: pointer fields keep false and empty strings',
      envelope('discovery.k8s.io/v1', 'EndpointSlice', [
        ...objectMeta('web-abc'),
        ...len(4, 'IPv4'),
        ...len(2, [...len(1, '10.0.0.1'), ...len(2, [...num(1, false), ...num(2, true)]), ...len(4, [...len(1, 'Pod'), ...len(3, 'web-1')]), ...len(6, 'n1')]),
        ...len(3, [...len(1, ''), ...len(2, 'TCP'), ...num(3, 8080)]),
      ]),
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'web-abc' },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: false, serving: true }, targetRef: { kind: 'Pod', name: 'web-1' }, nodeName: 'n1' }],
        ports: [{ name: '', protocol: 'TCP', port: 8080 }],
      },
    ],
    [
      'v1 Endpoints: core EndpointPort drops an empty name',
      envelope('v1', 'Endpoints', [...objectMeta('web'), ...len(2, [...len(1, [...len(1, '10.0.0.1'), ...len(3, '')]), ...len(3, [...len(1, ''), ...num(2, 80), ...len(3, 'TCP')])])]),
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }] },
    ],
    [
      'v1 Node: a ResourceList of quantities, taints with a time, fields without omitempty print empty',
      envelope('v1', 'Node', [
        ...objectMeta('n1'),
        ...len(2, [...len(1, '10.244.0.0/24'), ...num(4, true), ...len(5, [...len(1, 'node.kubernetes.io/unschedulable'), ...len(3, 'NoSchedule'), ...len(4, timestamp(1_700_000_000))])]),
        ...len(3, [
          ...entry(1, 'cpu', quantity('4')),
          ...entry(1, 'memory', quantity('8Gi')),
          ...len(4, [...len(1, 'Ready'), ...len(2, 'True'), ...len(3, timestamp(1_700_000_000)), ...len(4, [])]),
          ...len(5, [...len(1, 'InternalIP'), ...len(2, '10.0.0.5')]),
          ...len(6, len(1, num(1, 10250))),
          ...len(7, len(7, 'v1.32.0')),
        ]),
      ]),
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'n1' },
        spec: { podCIDR: '10.244.0.0/24', unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: '2023-11-14T22:13:20Z' }] },
        status: {
          capacity: { cpu: '4', memory: '8Gi' },
          conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2023-11-14T22:13:20Z' }],
          addresses: [{ type: 'InternalIP', address: '10.0.0.5' }],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: {
            ...Object.fromEntries(['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeProxyVersion', 'operatingSystem', 'architecture'].map((k) => [k, ''])),
            kubeletVersion: 'v1.32.0',
          },
        },
      },
    ],
    [
      'v1 Event: eventTime is a MicroTime, reportingComponent prints even when empty',
      envelope('v1', 'Event', [
        ...len(1, meta('web.1', 'default')),
        ...len(2, [...len(1, 'Pod'), ...len(2, 'default'), ...len(3, 'web')]),
        ...len(3, 'Scheduled'),
        ...len(4, 'assigned'),
        ...len(5, len(1, 'scheduler')),
        ...len(6, timestamp(1_700_000_000)),
        ...num(8, 1),
        ...len(9, 'Normal'),
        ...len(10, timestamp(1_700_000_000, 500_000)),
        ...len(15, 'scheduler-1'),
      ]),
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'web.1', namespace: 'default' },
        involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' },
        reason: 'Scheduled',
        message: 'assigned',
        source: { component: 'scheduler' },
        firstTimestamp: '2023-11-14T22:13:20Z',
        count: 1,
        type: 'Normal',
        eventTime: '2023-11-14T22:13:20.000500Z',
        reportingComponent: '',
        reportingInstance: 'scheduler-1',
      },
    ],
    [
      'v1 PersistentVolume: the embedded volume source prints beside capacity',
      envelope('v1', 'PersistentVolume', [
        ...objectMeta('pv1'),
        ...len(2, [
          ...entry(1, 'storage', quantity('1Gi')),
          ...len(2, len(3, [...len(1, '/mnt/data'), ...len(2, 'DirectoryOrCreate')])),
          ...len(3, 'ReadWriteOnce'),
          ...len(4, [...len(1, 'PersistentVolumeClaim'), ...len(2, 'default'), ...len(3, 'data')]),
          ...len(5, 'Retain'),
          ...len(9, len(1, len(1, len(1, [...len(1, 'kubernetes.io/hostname'), ...len(2, 'In'), ...len(3, 'n1')])))),
        ]),
        ...len(3, len(1, 'Available')),
      ]),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: 'pv1' },
        spec: {
          capacity: { storage: '1Gi' },
          hostPath: { path: '/mnt/data', type: 'DirectoryOrCreate' },
          accessModes: ['ReadWriteOnce'],
          claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' },
          persistentVolumeReclaimPolicy: 'Retain',
          nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }] } },
        },
        status: { phase: 'Available' },
      },
    ],
    [
      'v1 PersistentVolumeClaim: requests and pointer strings',
      envelope('v1', 'PersistentVolumeClaim', [
        ...len(1, meta('data', 'default')),
        ...len(2, [...len(1, 'ReadWriteOnce'), ...len(2, entry(2, 'storage', quantity('5Gi'))), ...len(5, ''), ...len(6, 'Filesystem')]),
      ]),
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', namespace: 'default' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } }, storageClassName: '', volumeMode: 'Filesystem' },
      },
    ],
    [
      'apps/v1 ReplicaSet: status.replicas prints 0 when not sent (no omitempty)',
      envelope('apps/v1', 'ReplicaSet', [
        ...objectMeta('web-1'),
        ...len(2, [...num(1, 2), ...len(2, selector('app', 'web')), ...len(3, [...len(1, len(11, [...len(1, 'app'), ...len(2, 'web')])), ...len(2, len(2, [...len(1, 'c'), ...len(2, 'nginx')]))])]),
        ...len(3, num(3, 4)),
      ]),
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-1' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
        status: { replicas: 0, observedGeneration: 4 },
      },
    ],
    [
      'apps/v1 Deployment: IntOrString as a percentage and as a number',
      envelope('apps/v1', 'Deployment', [
        ...objectMeta('web'),
        ...len(2, [...num(1, 1), ...len(4, [...len(1, 'RollingUpdate'), ...len(2, [...len(1, intOrString(0)), ...len(2, intOrString('25%'))])]), ...num(6, 10), ...num(7, false), ...num(9, 600)]),
      ]),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
      },
    ],
    [
      'autoscaling/v1 Scale (PUT deployments/NAME/scale)',
      envelope('autoscaling/v1', 'Scale', [...len(1, [...len(1, 'web'), ...len(6, '42')]), ...len(2, num(1, 5)), ...len(3, [...num(1, 3), ...len(2, 'app=web')])]),
      { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', resourceVersion: '42' }, spec: { replicas: 5 }, status: { replicas: 3, selector: 'app=web' } },
    ],
    [
      'policy/v1 Eviction (POST pods/NAME/eviction) with its DeleteOptions',
      envelope('policy/v1', 'Eviction', [...len(1, meta('web-1', 'default')), ...len(2, [...num(1, 0), ...len(2, len(1, 'uid-1'))])]),
      { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: 'uid-1' } } },
    ],
    [
      'v1 Binding (POST pods/NAME/binding, the scheduler)',
      envelope('v1', 'Binding', [...len(1, meta('web-1', 'default')), ...len(2, [...len(1, 'Node'), ...len(3, 'n1')])]),
      { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1', namespace: 'default' }, target: { kind: 'Node', name: 'n1' } },
    ],
    [
      'DeleteOptions labelled with the group version of the resource being deleted',
      envelope('apps/v1', 'DeleteOptions', [...num(3, false), ...len(4, 'Foreground'), ...len(5, 'All')]),
      { apiVersion: 'apps/v1', kind: 'DeleteOptions', orphanDependents: false, propagationPolicy: 'Foreground', dryRun: ['All'] },
    ],
  ])('%s', (_what, body, expected) => {
    expect(decodeKubernetesProtobuf(body)).toEqual(expected);
  });

  it('decodes negative numbers, packed and unpacked repeated ints, embedded probe handlers and quantities in a Pod', () => {
    const negative = [...varint(25n << 3n), ...varint(-5n)];
    const podSecurity = [...len(4, [...varint(4000n), ...varint(300000n)]), ...num(4, 5000)];
    const probe = [...len(1, len(2, [...len(1, '/healthz'), ...len(2, intOrString('http'))])), ...num(3, 2)];
    const container = [...len(1, 'c'), ...len(2, 'nginx'), ...len(8, entry(1, 'cpu', quantity('500m'))), ...len(10, probe)];
    const volume = [...len(1, 'scratch'), ...len(2, len(2, [...len(1, 'Memory'), ...len(2, quantity('64Mi'))]))];
    const body = envelope('v1', 'Pod', [...objectMeta('p'), ...len(2, [...len(1, volume), ...len(2, container), ...negative, ...len(14, podSecurity)])]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        volumes: [{ name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }],
        containers: [{ name: 'c', image: 'nginx', resources: { limits: { cpu: '500m' } }, livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, timeoutSeconds: 2 } }],
        priority: -5,
        securityContext: { supplementalGroups: [4000, 300000, 5000] },
      },
    });
  });
});
