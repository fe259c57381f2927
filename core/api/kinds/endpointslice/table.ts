import { translateTimestampSince } from '../../table/age.ts';
import { ageColumn, column, nameColumn } from '../../table/columns.ts';
import { arr, num, str, strs } from '../../table/fields.ts';
import type { TableConvertor } from '../../table/table.ts';

/** `kubectl get endpointslices`, after printEndpointSlice. */

const MAX_SHOWN = 3;

/** listWithMoreString: up to three entries, " + N more...", "<unset>" when empty. */
function listWithMore(entries: string[]): string {
  const text = entries.slice(0, MAX_SHOWN).join(',');
  if (entries.length > MAX_SHOWN) return `${text} + ${entries.length - MAX_SHOWN} more...`;
  return text === '' ? '<unset>' : text;
}

/** A port number, else its name, else "*" (a slice may leave both unset to mean all ports). */
function portText(port: unknown): string {
  const number = num(port, 'port');
  if (number !== undefined) return String(number);
  return str(port, 'name') ?? '*';
}

export const endpointSliceTable: TableConvertor = {
  columns: [
    nameColumn(),
    column('AddressType', 'string', 'addressType specifies the type of address carried by this EndpointSlice.'),
    column('Ports', 'string', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn(),
  ],
  cells(obj, now) {
    const addresses = arr(obj, 'endpoints').flatMap((endpoint) => strs(endpoint, 'addresses'));
    return [
      obj.metadata.name ?? '',
      str(obj, 'addressType') ?? '',
      listWithMore(arr(obj, 'ports').map(portText)),
      listWithMore(addresses),
      translateTimestampSince(obj.metadata.creationTimestamp, now),
    ];
  },
};
