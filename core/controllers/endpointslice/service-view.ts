import { isRecord, type KubeObject } from '../../api/types/meta.ts';

/**
 * What the endpoint controllers read of a core/v1 Service, taken out of the
 * untyped JSON of the informer cache once, so the planning code reads plain
 * typed fields. The API server defaulted the Service: ports have a protocol
 * and a targetPort, and ipFamilies are set for every type but ExternalName.
 */

export interface ServicePortView {
  name: string;
  protocol: string;
  port: number;
  /** a number, or the name of a container port */
  targetPort: number | string;
  appProtocol: string | undefined;
}

export interface ServiceView {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  type: string;
  /** '' when unset, 'None' for a headless Service */
  clusterIP: string;
  ipFamilies: string[];
  /** undefined when the Service has none: its endpoints are managed by someone else */
  selector: Record<string, string> | undefined;
  publishNotReadyAddresses: boolean;
  ports: ServicePortView[];
  creationTimestamp: string | undefined;
  deleting: boolean;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

function portView(value: unknown): ServicePortView | undefined {
  if (!isRecord(value) || typeof value['port'] !== 'number') return undefined;
  const target = value['targetPort'];
  const targetPort = typeof target === 'number' || (typeof target === 'string' && target !== '') ? target : value['port'];
  return {
    name: typeof value['name'] === 'string' ? value['name'] : '',
    protocol: typeof value['protocol'] === 'string' && value['protocol'] !== '' ? value['protocol'] : 'TCP',
    port: value['port'],
    targetPort,
    appProtocol: typeof value['appProtocol'] === 'string' ? value['appProtocol'] : undefined,
  };
}

/**
 * A selector stored as `{}` is dropped by Kubernetes' storage (omitempty), so
 * an empty one means "no selector" as much as an absent one does.
 */
function selectorOf(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const selector = stringMap(value);
  return Object.keys(selector).length === 0 ? undefined : selector;
}

export function serviceView(obj: KubeObject): ServiceView {
  const spec = isRecord(obj['spec']) ? obj['spec'] : {};
  const ports = Array.isArray(spec['ports']) ? spec['ports'] : [];
  const families = Array.isArray(spec['ipFamilies']) ? spec['ipFamilies'] : [];
  return {
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    uid: obj.metadata.uid ?? '',
    labels: obj.metadata.labels ?? {},
    type: typeof spec['type'] === 'string' ? spec['type'] : 'ClusterIP',
    clusterIP: typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '',
    ipFamilies: families.filter((f): f is string => typeof f === 'string'),
    selector: selectorOf(spec['selector']),
    publishNotReadyAddresses: spec['publishNotReadyAddresses'] === true,
    ports: ports.map(portView).filter((p): p is ServicePortView => p !== undefined),
    creationTimestamp: obj.metadata.creationTimestamp,
    deleting: obj.metadata.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null,
  };
}

/** helper.IsServiceIPSet: a cluster IP that is neither unset nor None */
export function isServiceIPSet(service: ServiceView): boolean {
  return service.clusterIP !== 'None' && service.clusterIP !== '';
}

/** labels.SelectorFromSet(selector).Matches: every key present with the same value; no selector matches nothing. */
export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (selector === undefined) return false;
  const have = labels ?? {};
  return Object.entries(selector).every(([key, value]) => have[key] === value);
}
