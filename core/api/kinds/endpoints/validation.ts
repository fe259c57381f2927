import type { z } from 'zod';
import type { FieldError } from '../../errors.ts';
import type { KubeObject } from '../../types/meta.ts';
import { child, index, required } from '../../validation/field-errors.ts';
import { isDNS1123Subdomain } from '../../validation/names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/object-meta.ts';
import {
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateIP,
  validateNonSpecialIP,
  validatePortNum,
  validateProtocol,
  validateQualifiedName,
} from '../support/checks.ts';
import { int, list, objectReference, parseShape, str, struct } from '../support/json-shape.ts';

/** core/v1 Endpoints validation (pkg/apis/core/validation: ValidateEndpoints*). */

const address = struct({ ip: str.optional(), hostname: str.optional(), nodeName: str.optional(), targetRef: objectReference.optional() });
const port = struct({ name: str.optional(), port: int.optional(), protocol: str.optional(), appProtocol: str.optional() });
const endpointsShape = struct({
  subsets: list(
    struct({ addresses: list(address).optional(), notReadyAddresses: list(address).optional(), ports: list(port).optional() }),
  ).optional(),
});

type Address = z.infer<typeof address>;
type Port = z.infer<typeof port>;

export function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: isDNS1123Subdomain });
  const parsed = parseShape(endpointsShape, obj, '');
  if (!parsed.ok) return [...errs, ...parsed.errors];
  (parsed.value.subsets ?? []).forEach((subset, i) => {
    const at = index('subsets', i);
    const addresses = subset.addresses ?? [];
    const notReady = subset.notReadyAddresses ?? [];
    // A headless Service's endpoints may lack ports, but never addresses.
    if (addresses.length === 0 && notReady.length === 0) {
      errs.push(required(at, 'must specify `addresses` or `notReadyAddresses`'));
    }
    addresses.forEach((a, j) => errs.push(...validateAddress(a, index(child(at, 'addresses'), j))));
    notReady.forEach((a, j) => errs.push(...validateAddress(a, index(child(at, 'notReadyAddresses'), j))));
    const ports = subset.ports ?? [];
    ports.forEach((p, j) => errs.push(...validatePort(p, ports.length > 1, index(child(at, 'ports'), j))));
  });
  return errs;
}

/** Addresses' nodeName may change on update (a reused IP on another node), so only metadata is compared. */
export function validateEndpointsUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEndpoints(obj)];
}

function validateAddress(a: Address, path: string): FieldError[] {
  const ip = a.ip ?? '';
  const errs = validateIP(ip, child(path, 'ip'));
  if ((a.hostname ?? '') !== '') errs.push(...validateDNS1123Label(a.hostname ?? '', child(path, 'hostname')));
  if (a.nodeName !== undefined) errs.push(...validateDNS1123Subdomain(a.nodeName, child(path, 'nodeName')));
  errs.push(...validateNonSpecialIP(ip, child(path, 'ip')));
  return errs;
}

function validatePort(p: Port, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = p.name ?? '';
  if (requireName && name === '') errs.push(required(child(path, 'name')));
  else if (name !== '') errs.push(...validateDNS1123Label(name, child(path, 'name')));
  errs.push(...validatePortNum(p.port ?? 0, child(path, 'port')));
  errs.push(...validateProtocol(p.protocol, child(path, 'protocol')));
  if (p.appProtocol !== undefined) errs.push(...validateQualifiedName(p.appProtocol, child(path, 'appProtocol')));
  return errs;
}
