import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../types/meta.ts';
import { defaultPod, defaultPodSpec, initialPodStatus } from './defaults.ts';

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec };
}

function specOf(obj: KubeObject): Record<string, unknown> {
  const spec = obj['spec'];
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new Error('no spec');
  return { ...spec };
}

describe('defaultPod', () => {
  it('fills the pod spec and container defaults Kubernetes applies to a minimal pod', () => {
    const obj = pod({ containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] });
    defaultPod(obj);
    expect(obj['spec']).toEqual({
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.14.2',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
    });
  });

  it('does not default serviceAccountName, priority or tolerations (admission does)', () => {
    const obj = pod({ containers: [{ name: 'a', image: 'busybox' }] });
    defaultPod(obj);
    const spec = specOf(obj);
    expect(spec).not.toHaveProperty('serviceAccountName');
    expect(spec).not.toHaveProperty('priority');
    expect(spec).not.toHaveProperty('tolerations');
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.example.com:5000/team/app', 'Always'],
    ['registry.example.com:5000/team/app:v2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'Always'],
    ['Not A Valid Image', 'IfNotPresent'],
  ])('defaults imagePullPolicy of %s to %s', (image, policy) => {
    const obj = pod({ containers: [{ name: 'a', image }] });
    defaultPod(obj);
    expect(specOf(obj)['containers']).toMatchObject([{ imagePullPolicy: policy }]);
  });

  it('keeps values the client set, including an explicit imagePullPolicy', () => {
    const obj = pod({
      restartPolicy: 'Never',
      dnsPolicy: 'Default',
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      containers: [{ name: 'a', image: 'nginx', imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' }],
    });
    defaultPod(obj);
    expect(specOf(obj)).toMatchObject({
      restartPolicy: 'Never',
      dnsPolicy: 'Default',
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      containers: [{ imagePullPolicy: 'Never', terminationMessagePolicy: 'FallbackToLogsOnError' }],
    });
  });

  it('copies limits into missing requests, resource by resource, for containers and init containers', () => {
    const obj = pod({
      initContainers: [{ name: 'init', image: 'busybox', resources: { limits: { cpu: '1' } } }],
      containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m' } } }],
    });
    defaultPod(obj);
    const spec = specOf(obj);
    expect(spec['initContainers']).toMatchObject([{ resources: { requests: { cpu: '1' } } }]);
    expect(spec['containers']).toMatchObject([{ resources: { requests: { cpu: '100m', memory: '1Gi' } } }]);
  });

  it('rounds quantities finer than a milli-unit up', () => {
    const obj = pod({ containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: '0.0001' } } }] });
    defaultPod(obj);
    expect(specOf(obj)['containers']).toMatchObject([{ resources: { limits: { cpu: '1m' }, requests: { cpu: '1m' } } }]);
  });

  it('defaults probes and their HTTP actions', () => {
    const obj = pod({
      containers: [
        {
          name: 'a',
          image: 'nginx',
          livenessProbe: { httpGet: { port: 8080 } },
          readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
          startupProbe: { grpc: { port: 9000 } },
          lifecycle: { preStop: { httpGet: { port: 80, path: '/stop' } } },
        },
      ],
    });
    defaultPod(obj);
    expect(specOf(obj)['containers']).toMatchObject([
      {
        livenessProbe: {
          httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        readinessProbe: { periodSeconds: 5, timeoutSeconds: 1 },
        startupProbe: { grpc: { port: 9000, service: '' } },
        lifecycle: { preStop: { httpGet: { path: '/stop', scheme: 'HTTP' } } },
      },
    ]);
  });

  it('defaults volume sources and file modes', () => {
    const obj = pod({
      containers: [{ name: 'a', image: 'nginx' }],
      volumes: [
        { name: 'scratch' },
        { name: 'cfg', configMap: { name: 'app' } },
        { name: 'sec', secret: { secretName: 'creds', defaultMode: 256 } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
        { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
        { name: 'host', hostPath: { path: '/var/log' } },
      ],
    });
    defaultPod(obj);
    expect(specOf(obj)['volumes']).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'app', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 'creds', defaultMode: 256 } },
      {
        name: 'info',
        downwardAPI: { defaultMode: 420, items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }] },
      },
      { name: 'proj', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
    ]);
  });

  it('makes every container port a host port under hostNetwork', () => {
    const obj = pod({ hostNetwork: true, containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }] }] });
    defaultPod(obj);
    expect(specOf(obj)['containers']).toMatchObject([{ ports: [{ containerPort: 80, hostPort: 80 }] }]);
  });

  it('tolerates garbage without throwing and leaves it for validation', () => {
    const obj = pod({ containers: 'nope', volumes: [5, null], securityContext: 'x' });
    expect(() => defaultPod(obj)).not.toThrow();
    expect(specOf(obj)).toMatchObject({ containers: 'nope', securityContext: 'x', restartPolicy: 'Always' });
  });
});

describe('defaultPodSpec', () => {
  it('applies template defaults but not the pod-only ones', () => {
    const spec: Record<string, unknown> = { containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: '1' } } }] };
    defaultPodSpec(spec);
    expect(spec).not.toHaveProperty('enableServiceLinks');
    expect(spec['containers']).toEqual([
      {
        name: 'a',
        image: 'nginx',
        resources: { limits: { cpu: '1' } },
        imagePullPolicy: 'Always',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ]);
    expect(spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
  });
});

describe('initialPodStatus', () => {
  it.each([
    ['no resources', [{ name: 'a', image: 'x' }], 'BestEffort'],
    ['requests only', [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m' } } }], 'Burstable'],
    [
      'limits equal requests for cpu and memory',
      [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } } }],
      'Guaranteed',
    ],
  ])('sets phase Pending and qosClass for %s', (_name, containers, qosClass) => {
    const obj = pod({ containers });
    initialPodStatus(obj);
    expect(obj['status']).toEqual({ phase: 'Pending', qosClass });
  });

  it('replaces a status the client sent and reports scheduling gates', () => {
    const obj = pod({ containers: [{ name: 'a', image: 'x' }], schedulingGates: [{ name: 'example.com/wait' }] });
    obj['status'] = { phase: 'Running', podIP: '10.0.0.1' };
    initialPodStatus(obj);
    expect(obj['status']).toEqual({
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: null,
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ],
    });
  });
});
