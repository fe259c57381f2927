import type { KubeObject } from '../../api/types/meta.ts';
import { podView, type PodView } from './pod-view.ts';
import { serviceView, type ServiceView } from './service-view.ts';

/** Services and pods as the API server stores them, read through the controllers' views. */

export interface ServiceShape {
  name?: string;
  uid?: string;
  selector?: Record<string, string> | undefined;
  ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string; appProtocol?: string }[];
  clusterIP?: string;
  ipFamilies?: string[];
  publishNotReadyAddresses?: boolean;
  labels?: Record<string, string>;
  type?: string;
  deleting?: boolean;
  created?: string;
}

export function serviceObject(shape: ServiceShape = {}): KubeObject {
  const name = shape.name ?? 'web';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: 'default',
      uid: shape.uid ?? `uid-${name}`,
      creationTimestamp: shape.created ?? '2024-01-01T00:00:00Z',
      ...(shape.labels === undefined ? {} : { labels: shape.labels }),
      ...(shape.deleting === true ? { deletionTimestamp: '2024-01-02T00:00:00Z' } : {}),
    },
    spec: {
      type: shape.type ?? 'ClusterIP',
      clusterIP: shape.clusterIP ?? '10.96.0.20',
      ipFamilies: shape.ipFamilies ?? ['IPv4'],
      ...(shape.selector === undefined && 'selector' in shape ? {} : { selector: shape.selector ?? { app: 'web' } }),
      ports: (shape.ports ?? [{ name: 'http', port: 80, targetPort: 8080 }]).map((p) => ({ protocol: 'TCP', targetPort: p.port, ...p })),
      ...(shape.publishNotReadyAddresses === true ? { publishNotReadyAddresses: true } : {}),
    },
  };
}

export function service(shape: ServiceShape = {}): ServiceView {
  return serviceView(serviceObject(shape));
}

export interface PodShape {
  name: string;
  ip?: string | null;
  ips?: string[];
  ready?: boolean;
  deleting?: boolean;
  phase?: string;
  node?: string;
  labels?: Record<string, string>;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  sidecarPorts?: { name?: string; containerPort: number; protocol?: string }[];
  hostname?: string;
  subdomain?: string;
  readySince?: string;
  resourceVersion?: string;
}

export function podObject(shape: PodShape): KubeObject {
  const ip = shape.ip === undefined ? `10.0.0.${shape.name.length + shape.name.charCodeAt(shape.name.length - 1)}` : shape.ip;
  const ips = shape.ips ?? (ip === null ? [] : [ip]);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: shape.name,
      namespace: 'default',
      uid: `uid-${shape.name}`,
      resourceVersion: shape.resourceVersion ?? '1',
      labels: shape.labels ?? { app: 'web' },
      ...(shape.deleting === true ? { deletionTimestamp: '2024-01-02T00:00:00Z' } : {}),
    },
    spec: {
      nodeName: shape.node ?? 'node-a',
      ...(shape.hostname === undefined ? {} : { hostname: shape.hostname }),
      ...(shape.subdomain === undefined ? {} : { subdomain: shape.subdomain }),
      containers: [{ name: 'app', image: 'nginx', ports: (shape.ports ?? []).map((p) => ({ protocol: 'TCP', ...p })) }],
      ...(shape.sidecarPorts === undefined
        ? {}
        : { initContainers: [{ name: 'sidecar', image: 'envoy', restartPolicy: 'Always', ports: shape.sidecarPorts.map((p) => ({ protocol: 'TCP', ...p })) }] }),
    },
    status: {
      phase: shape.phase ?? 'Running',
      ...(ips.length === 0 ? {} : { podIP: ips[0], podIPs: ips.map((i) => ({ ip: i })) }),
      conditions: [{ type: 'Ready', status: shape.ready === false ? 'False' : 'True', ...(shape.readySince === undefined ? {} : { lastTransitionTime: shape.readySince }) }],
    },
  };
}

export function pod(shape: PodShape): PodView {
  return podView(podObject(shape));
}

/** n ready pods p0..p(n-1) with addresses 10.0.1.i */
export function readyPods(count: number, shape: Partial<PodShape> = {}): PodView[] {
  return Array.from({ length: count }, (_, i) => pod({ ...shape, name: `p${String(i).padStart(3, '0')}`, ip: `10.0.${1 + Math.floor(i / 250)}.${(i % 250) + 1}` }));
}
