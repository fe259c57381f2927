import type { KubeObject } from '../../types/meta.ts';
import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { arr, num, str, strMap, strs } from '../../table/fields.ts';
import { formatLabels } from '../../table/labels.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get services`, after printService. */

/** Load-balancer ingress points: IP, else hostname, de-duplicated and sorted. */
function loadBalancerIngress(svc: KubeObject): string[] {
  const points = new Set<string>();
  for (const ingress of arr(svc, 'status', 'loadBalancer', 'ingress')) {
    const point = str(ingress, 'ip') || str(ingress, 'hostname');
    if (point) points.add(point);
  }
  return [...points].sort();
}

/**
 * EXTERNAL-IP per service type. The server prints wide, so load-balancer
 * addresses are never clipped to 16 characters here.
 */
function externalIP(svc: KubeObject): string {
  const externalIPs = strs(svc, 'spec', 'externalIPs');
  switch (str(svc, 'spec', 'type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = loadBalancerIngress(svc);
      if (externalIPs.length > 0) return [...ingress, ...externalIPs].join(',');
      return ingress.length > 0 ? ingress.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(svc, 'spec', 'externalName') ?? '';
    default:
      return '<unknown>';
  }
}

/** "80/TCP" or, with a node port, "80:30080/TCP", comma-separated. */
function ports(svc: KubeObject): string {
  const pieces = arr(svc, 'spec', 'ports').map((port) => {
    const number = num(port, 'port') ?? 0;
    const protocol = str(port, 'protocol') ?? 'TCP';
    const nodePort = num(port, 'nodePort') ?? 0;
    return nodePort > 0 ? `${number}:${nodePort}/${protocol}` : `${number}/${protocol}`;
  });
  return pieces.length > 0 ? pieces.join(',') : '<none>';
}

function clusterIP(svc: KubeObject): string {
  // spec.clusterIPs[0] is spec.clusterIP; older objects may carry only the latter.
  return strs(svc, 'spec', 'clusterIPs')[0] || str(svc, 'spec', 'clusterIP') || '<none>';
}

export const serviceTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn(),
    column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells(svc, now) {
    return [
      svc.metadata.name ?? '',
      str(svc, 'spec', 'type') ?? '',
      clusterIP(svc),
      externalIP(svc),
      ports(svc),
      translateTimestampSince(svc.metadata.creationTimestamp, now),
      formatLabels(strMap(svc, 'spec', 'selector')),
    ];
  },
};
