import { isRecord, type KubeObject } from '../../api/types/meta.ts';

/**
 * discovery.k8s.io/v1 EndpointSlices as the endpoint controllers read and
 * write them, plus the well-known labels and annotations they use
 * (k8s.io/api/discovery/v1 and core/v1 well_known_labels).
 */

/** discovery.LabelServiceName: the Service a slice belongs to */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** discovery.LabelManagedBy: who writes the slice */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** the EndpointSlice controller's name, its value of LABEL_MANAGED_BY */
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** v1.IsHeadlessService: set on the slices and Endpoints of Services without a cluster IP */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
/** v1.EndpointsLastChangeTriggerTime: when the change the object reflects happened */
export const ANNOTATION_LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

export type AddressType = 'IPv4' | 'IPv6';

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EndpointConditions {
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export interface Endpoint {
  addresses: string[];
  conditions?: EndpointConditions;
  hostname?: string;
  targetRef?: ObjectReference;
  nodeName?: string;
  zone?: string;
  [field: string]: unknown;
}

export interface EndpointPort {
  name?: string;
  protocol?: string;
  port?: number;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  addressType: string;
  endpoints: Endpoint[];
  ports?: EndpointPort[];
}

const isString = (v: unknown): v is string => typeof v === 'string';

function isEndpoint(value: unknown): value is Endpoint {
  if (!isRecord(value)) return false;
  const addresses = value['addresses'];
  const conditions = value['conditions'];
  return (
    (addresses === undefined || addresses === null || (Array.isArray(addresses) && addresses.every(isString))) &&
    (conditions === undefined || conditions === null || isRecord(conditions)) &&
    (value['targetRef'] === undefined || value['targetRef'] === null || isRecord(value['targetRef']))
  );
}

function isEndpointPort(value: unknown): value is EndpointPort {
  if (!isRecord(value)) return false;
  const port = value['port'];
  return port === undefined || port === null || typeof port === 'number';
}

/**
 * The API server validated the slice; this only makes sure its lists have
 * the shape read below. A slice stored without `endpoints` reads as empty.
 */
export function isEndpointSlice(obj: KubeObject): obj is EndpointSlice {
  const endpoints = obj['endpoints'];
  const ports = obj['ports'];
  return (
    typeof obj['addressType'] === 'string' &&
    (endpoints === undefined || endpoints === null || (Array.isArray(endpoints) && endpoints.every(isEndpoint))) &&
    (ports === undefined || ports === null || (Array.isArray(ports) && ports.every(isEndpointPort)))
  );
}

/** The endpoints of a slice, [] when the field is absent (Go's nil). */
export function endpointsOf(slice: EndpointSlice): Endpoint[] {
  return Array.isArray(slice.endpoints) ? slice.endpoints : [];
}

export function portsOf(slice: EndpointSlice): EndpointPort[] {
  return Array.isArray(slice.ports) ? slice.ports : [];
}

/** Addresses of one endpoint, [] when absent. */
export function addressesOf(endpoint: Endpoint): string[] {
  return Array.isArray(endpoint.addresses) ? endpoint.addresses : [];
}

/** Go's time.RFC3339Nano of an instant in UTC: the fraction only as long as it needs to be. */
export function formatRFC3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_m, digits: string) => (digits === '' ? 'Z' : `.${digits}Z`));
}
