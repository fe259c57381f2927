import type { KubeObject } from '../../types/meta.ts';
import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { arr, bool, str } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get nodes`, after printNode. */

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** "Ready", "NotReady" or "Unknown" from the Ready condition, plus ",SchedulingDisabled" when cordoned. */
function nodeStatus(node: KubeObject): string {
  // The Go printer indexes conditions by type, so the last Ready condition wins.
  const ready = arr(node, 'status', 'conditions').filter((c) => str(c, 'type') === 'Ready').at(-1);
  const status: string[] = [];
  if (ready === undefined) status.push('Unknown');
  else status.push(str(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
  if (bool(node, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Sorted roles from node-role.kubernetes.io/<role> and kubernetes.io/role=<role> labels. */
export function findNodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(NODE_ROLE_PREFIX)) {
      const role = key.slice(NODE_ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === LEGACY_ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

/** First address of that type, or "<none>". */
function address(node: KubeObject, type: 'InternalIP' | 'ExternalIP'): string {
  const found = arr(node, 'status', 'addresses').find((a) => str(a, 'type') === type);
  return found === undefined ? '<none>' : (str(found, 'address') ?? '');
}

function nodeInfo(node: KubeObject, key: string): string {
  return str(node, 'status', 'nodeInfo', key) || '<unknown>';
}

export const nodeTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    column('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(node, now) {
    const roles = findNodeRoles(node).join(',');
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      roles === '' ? '<none>' : roles,
      translateTimestampSince(node.metadata.creationTimestamp, now),
      str(node, 'status', 'nodeInfo', 'kubeletVersion') ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      nodeInfo(node, 'osImage'),
      nodeInfo(node, 'kernelVersion'),
      nodeInfo(node, 'containerRuntimeVersion'),
    ];
  },
};
