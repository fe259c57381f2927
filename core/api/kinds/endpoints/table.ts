import type { KubeObject } from '../../types/meta.ts';
import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { arr, num, str } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get endpoints`, after printEndpoints / formatEndpoints. */

const MAX_SHOWN = 3;

/** net.JoinHostPort: IPv6 hosts are bracketed. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Up to three "ip:port" entries, then " + N more...". */
function formatEndpoints(endpoints: KubeObject): string {
  const subsets = arr(endpoints, 'subsets');
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  const add = (entry: string): boolean => {
    if (list.length === MAX_SHOWN) {
      more = true;
      return false;
    }
    list.push(entry);
    return true;
  };
  for (const subset of subsets) {
    const addresses = arr(subset, 'addresses');
    const ports = arr(subset, 'ports');
    if (ports.length === 0) {
      // Headless services may have no ports at all.
      count += addresses.length;
      for (const address of addresses) if (!add(str(address, 'ip') ?? '')) break;
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) {
        if (!add(joinHostPort(str(address, 'ip') ?? '', num(port, 'port') ?? 0))) break;
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - MAX_SHOWN} more...` : text;
}

export const endpointsTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    ageColumn(),
  ],
  cells(obj, now) {
    return [obj.metadata.name ?? '', formatEndpoints(obj), translateTimestampSince(obj.metadata.creationTimestamp, now)];
  },
};
