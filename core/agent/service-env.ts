/**
 * The environment variables kubelet gives a container for each Service it
 * may reach (docker-link style, pkg/kubelet/envvars): `WEB_SERVICE_HOST`,
 * `WEB_SERVICE_PORT`, `WEB_PORT=tcp://10.96.0.7:80`, ... for the Services of
 * the pod's namespace (when `enableServiceLinks` is not false) and always the
 * `kubernetes` Service of `default`. Services created after the container
 * started are not seen by it, as in Kubernetes.
 */
import { isRecord, type KubeObject } from '../api/types/meta.ts';

export interface EnvVar {
  name: string;
  value: string;
}

const MASTER_NAMESPACE = 'default';
const MASTER_SERVICE = 'kubernetes';

function envName(serviceName: string): string {
  return serviceName.toUpperCase().replaceAll('-', '_');
}

interface PortView {
  name: string;
  port: number;
  protocol: string;
}

function portsOf(spec: Record<string, unknown>): PortView[] {
  const ports = Array.isArray(spec['ports']) ? spec['ports'].filter(isRecord) : [];
  return ports.flatMap((p) =>
    typeof p['port'] === 'number' ? [{ name: typeof p['name'] === 'string' ? p['name'] : '', port: p['port'], protocol: typeof p['protocol'] === 'string' ? p['protocol'] : 'TCP' }] : [],
  );
}

/** The variables of one Service, in kubelet's order; none for a headless or IP-less Service. */
export function serviceEnvVars(service: KubeObject): EnvVar[] {
  const spec = isRecord(service['spec']) ? service['spec'] : {};
  const ip = spec['clusterIP'];
  if (typeof ip !== 'string' || ip === '' || ip === 'None') return [];
  const ports = portsOf(spec);
  const first = ports[0];
  if (first === undefined) return [];
  const name = envName(service.metadata.name ?? '');
  const out: EnvVar[] = [
    { name: `${name}_SERVICE_HOST`, value: ip },
    { name: `${name}_SERVICE_PORT`, value: String(first.port) },
  ];
  for (const port of ports) if (port.name !== '') out.push({ name: `${name}_SERVICE_PORT_${envName(port.name)}`, value: String(port.port) });
  out.push({ name: `${name}_PORT`, value: `${first.protocol.toLowerCase()}://${ip}:${first.port}` });
  for (const port of ports) {
    const prefix = `${name}_PORT_${port.port}_${port.protocol.toUpperCase()}`;
    out.push(
      { name: prefix, value: `${port.protocol.toLowerCase()}://${ip}:${port.port}` },
      { name: `${prefix}_PROTO`, value: port.protocol.toLowerCase() },
      { name: `${prefix}_PORT`, value: String(port.port) },
      { name: `${prefix}_ADDR`, value: ip },
    );
  }
  return out;
}

/** Every Service variable a container of this pod gets, from the Services known now. */
export function serviceEnvForPod(pod: KubeObject, services: readonly KubeObject[]): EnvVar[] {
  const spec = isRecord(pod['spec']) ? pod['spec'] : {};
  const namespace = pod.metadata.namespace ?? 'default';
  const links = spec['enableServiceLinks'] !== false;
  const chosen = new Map<string, KubeObject>();
  for (const service of services) {
    const ns = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    if (ns === MASTER_NAMESPACE && name === MASTER_SERVICE) chosen.set(name, service);
  }
  if (links) {
    // Services of the pod's own namespace win over a master Service of the same name.
    for (const service of services) if (service.metadata.namespace === namespace) chosen.set(service.metadata.name ?? '', service);
  }
  return [...chosen.values()].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')).flatMap(serviceEnvVars);
}
