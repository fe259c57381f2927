import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, duplicate, index, invalidValue, notSupported, required, tooMany } from '../../validation/field-errors.ts';
import { isDNS1123Label, isDNS1123Subdomain } from '../../validation/names.ts';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import {
  ipFamilyOf,
  PORT_PROTOCOLS,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateImmutable,
  validateIP,
  validateNonSpecialIP,
  validateProtocol,
  validateQualifiedName,
} from '../support/checks.ts';
import { bool, int, list, objectReference, parseShape, str, strList, strMap, struct } from '../support/json-shape.ts';

/** discovery.k8s.io/v1 EndpointSlice validation (pkg/apis/discovery/validation). */

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
/** "IP" was deprecated with v1beta1; stored slices that use it may still be updated. */
const ADDRESS_TYPES_ON_UPDATE = ['FQDN', 'IP', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 100;
const MAX_TOPOLOGY_LABELS = 16;

const hint = struct({ name: str.optional() });
const endpoint = struct({
  addresses: strList.optional(),
  conditions: struct({ ready: bool.optional(), serving: bool.optional(), terminating: bool.optional() }).optional(),
  hostname: str.optional(),
  targetRef: objectReference.optional(),
  deprecatedTopology: strMap.optional(),
  nodeName: str.optional(),
  zone: str.optional(),
  hints: struct({ forZones: list(hint).optional(), forNodes: list(hint).optional() }).optional(),
});
const port = struct({ name: str.optional(), protocol: str.optional(), port: int.optional(), appProtocol: str.optional() });
const sliceShape = struct({ addressType: str.optional(), endpoints: list(endpoint).optional(), ports: list(port).optional() });

export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  return validate(obj, ADDRESS_TYPES);
}

/** addressType is fixed at creation: consumers index slices by it. */
export function validateEndpointSliceUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...validate(obj, ADDRESS_TYPES_ON_UPDATE),
    ...validateImmutable(obj['addressType'], old['addressType'], 'addressType'),
  ];
}

function validate(obj: KubeObject, addressTypes: readonly string[]): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1123Subdomain });
  const parsed = parseShape(sliceShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  const addressType = parsed.value.addressType ?? '';
  if (addressType === '') errs.push(required('addressType'));
  else if (!addressTypes.includes(addressType)) errs.push(notSupported('addressType', addressType, addressTypes));
  errs.push(...validateEndpoints(parsed.value.endpoints ?? [], addressType));
  errs.push(...validatePorts(parsed.value.ports ?? []));
  return errs;
}

function validateEndpoints(endpoints: ReadonlyArray<z.infer<typeof endpoint>>, addressType: string): FieldError[] {
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany('endpoints', endpoints.length, MAX_ENDPOINTS)];
  const errs: FieldError[] = [];
  endpoints.forEach((ep, i) => {
    const at = index('endpoints', i);
    const addressPath = child(at, 'addresses');
    const addresses = ep.addresses ?? [];
    if (addresses.length === 0) errs.push(required(addressPath, 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(addressPath, addresses.length, MAX_ADDRESSES));
    addresses.forEach((address, j) => errs.push(...validateAddress(address, addressType, index(addressPath, j))));

    const topologyPath = child(at, 'deprecatedTopology');
    const topology = ep.deprecatedTopology ?? {};
    if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS) {
      errs.push(tooMany(topologyPath, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
    }
    errs.push(...validateLabels(ep.deprecatedTopology, topologyPath));
    if (ep.hostname !== undefined) errs.push(...validateDNS1123Label(ep.hostname, child(at, 'hostname')));
    if (ep.nodeName !== undefined) errs.push(...validateDNS1123Subdomain(ep.nodeName, child(at, 'nodeName')));
  });
  return errs;
}

/** Addresses of an unknown type are left alone, as Kubernetes leaves them. */
function validateAddress(address: string, addressType: string, path: string): FieldError[] {
  switch (addressType) {
    case 'IP':
      return validateIP(address, path);
    case 'IPv4':
    case 'IPv6': {
      const errs = ipFamilyOf(address) === addressType ? [] : [invalidValue(path, address, `must be a valid ${addressType} address`)];
      return [...errs, ...validateNonSpecialIP(address, path)];
    }
    case 'FQDN':
      return validateFQDN(address, path);
    default:
      return [];
  }
}

/** validation.IsFullyQualifiedDomainName: a DNS subdomain of at least two labels; a trailing dot is fine. */
function validateFQDN(address: string, path: string): FieldError[] {
  if (address === '') return [required(path)];
  const name = address.endsWith('.') ? address.slice(0, -1) : address;
  const subdomainErrors = isDNS1123Subdomain(name);
  if (subdomainErrors.length > 0) return [invalidValue(path, name, subdomainErrors.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) return [invalidValue(path, name, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const labelErrors = isDNS1123Label(label);
    if (labelErrors.length > 0) return [invalidValue(path, label, labelErrors.join(','))];
  }
  return [];
}

/** Port names must be unique within a slice, the empty name included. */
function validatePorts(ports: ReadonlyArray<z.infer<typeof port>>): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany('ports', ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = index('ports', i);
    const name = p.name ?? '';
    if (name !== '') errs.push(...validateDNS1123Label(name, child(at, 'name')));
    if (names.has(name)) errs.push(duplicate(child(at, 'name'), name));
    names.add(name);
    // The protocol is a pointer here: only a missing one is "required"; "" is unsupported.
    if (p.protocol === '') errs.push(notSupported(child(at, 'protocol'), '', PORT_PROTOCOLS));
    else errs.push(...validateProtocol(p.protocol, child(at, 'protocol')));
    if (p.appProtocol !== undefined) errs.push(...validateQualifiedName(p.appProtocol, child(at, 'appProtocol')));
  });
  return errs;
}
