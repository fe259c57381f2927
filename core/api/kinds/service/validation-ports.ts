import type { FieldError } from '../../errors.ts';
import { child, duplicate, forbidden, index, invalidValue, required } from '../../validation/field-errors.ts';
import {
  validateDNS1123Label,
  validatePortNum,
  validatePortNumOrName,
  validateProtocol,
  validateQualifiedName,
} from '../support/checks.ts';
import type { ServicePort, ServiceSpec } from './schema.ts';

/** Port rules of ValidateService, plus the node-port range the allocator enforces. */

/** The node-port range; Kubernetes' --service-node-port-range, 30000-32767 by default. */
export interface PortRange {
  min: number;
  max: number;
}

export const DEFAULT_NODE_PORT_RANGE: PortRange = { min: 30000, max: 32767 };

/** `range` undefined: node ports are left to the allocator's range check. */
export function validateServicePorts(spec: ServiceSpec, range: PortRange | undefined, keptNodePorts: ReadonlySet<number>): FieldError[] {
  const ports = spec.ports ?? [];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => errs.push(...validatePort(port, ports.length > 1, names, index('spec.ports', i))));

  if (spec.type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if ((port.nodePort ?? 0) === 0) return;
      errs.push(forbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  // A (protocol, nodePort) or (protocol, port) pair may appear once.
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    const nodePort = port.nodePort ?? 0;
    if (nodePort === 0) return;
    const id = `${port.protocol ?? ''}/${nodePort}`;
    if (nodePorts.has(id)) errs.push(duplicate(child(index('spec.ports', i), 'nodePort'), nodePort));
    nodePorts.add(id);
  });
  const servicePorts = new Set<string>();
  ports.forEach((port, i) => {
    const id = `${port.protocol ?? ''}/${port.port ?? 0}`;
    if (servicePorts.has(id)) errs.push(duplicate(index('spec.ports', i), { protocol: port.protocol ?? '', port: port.port ?? 0 }));
    servicePorts.add(id);
  });

  if (range !== undefined && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) {
    ports.forEach((port, i) => {
      const nodePort = port.nodePort ?? 0;
      // A port the stored Service already holds stays valid even if the range has moved since.
      if (nodePort !== 0 && !keptNodePorts.has(nodePort)) {
        errs.push(...validateInRange(nodePort, range, child(index('spec.ports', i), 'nodePort')));
      }
    });
  }
  return errs;
}

function validatePort(port: ServicePort, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = port.name ?? '';
  if (requireName && name === '') errs.push(required(child(path, 'name')));
  else if (name !== '') {
    errs.push(...validateDNS1123Label(name, child(path, 'name')));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    names.add(name);
  }
  errs.push(...validatePortNum(port.port ?? 0, child(path, 'port')));
  errs.push(...validateProtocol(port.protocol, child(path, 'protocol')));
  errs.push(...validatePortNumOrName(port.targetPort ?? 0, child(path, 'targetPort')));
  if (port.appProtocol !== undefined) errs.push(...validateQualifiedName(port.appProtocol, child(path, 'appProtocol')));
  return errs;
}

/** The port allocator's refusal, worded as Kubernetes words it. */
export function validateInRange(port: number, range: PortRange, path: string): FieldError[] {
  if (port >= range.min && port <= range.max) return [];
  return [invalidValue(path, port, `provided port is not in the valid range. The range of valid ports is ${range.min}-${range.max}`)];
}
