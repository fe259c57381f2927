import type { FieldError } from './errors.ts';
import type { KubeObject } from './types/meta.ts';
import type { TableConvertor } from './table/table.ts';

export type Subresource = 'status' | 'scale' | 'binding' | 'log' | 'exec' | 'eviction';

/**
 * Everything the API server knows about one kind: where it is served, how it is
 * named, and the strategy (defaulting, validation, table columns, selectable
 * fields) that Kubernetes keeps in each kind's registry package.
 */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** lowercase plural, the path segment: `pods`, `deployments` */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
  /** field-selector fields beyond metadata.name and metadata.namespace */
  selectableFields: Record<string, (obj: KubeObject) => string | undefined>;
  /** fills Kubernetes defaults in place (on create, update and apply) */
  applyDefaults(obj: KubeObject): void;
  /** validation of a new object; paths as Kubernetes prints them, e.g. `spec.containers[0].image` */
  validate(obj: KubeObject): FieldError[];
  /** validation of an update: immutable fields and transitions, then `validate` rules */
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /**
   * validation of a write to the status subresource, which keeps the stored
   * spec (the status strategy's ValidateUpdate); `validateUpdate` when absent
   */
  validateStatusUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** true when the kind has a `status` that only the status subresource may change */
  hasStatus: boolean;
  table: TableConvertor;
  /** resets fields a client may not set on create, e.g. a new Pod's status is Pending (registry PrepareForCreate) */
  prepareForCreate?(obj: KubeObject): void;
  /** fixes fields an update of the main resource may not change, beyond `status` (registry PrepareForUpdate) */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** PUT of a missing object creates it (Kubernetes' AllowCreateOnUpdate: Endpoints, Lease) */
  allowCreateOnUpdate?: boolean;
}

/** `apps/Deployment`, `/Pod`: the key of a kind in patch-strategy and schema tables */
export function kindKeyOf(type: Pick<ResourceType, 'group' | 'kind'>): string {
  return `${type.group}/${type.kind}`;
}

export function apiVersionOf(type: Pick<ResourceType, 'group' | 'version'>): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}
