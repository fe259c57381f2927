import type { FieldError } from '../errors.ts';
import type { ResourceType, Subresource } from '../resource-type.ts';
import type { TableConvertor } from '../table/table.ts';
import { isRecord, type KubeObject } from '../types/meta.ts';

export interface KindDefinition {
  group?: string;
  version?: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: Subresource[];
  selectableFields?: Record<string, (obj: KubeObject) => string | undefined>;
  defaults: (obj: KubeObject) => void;
  validate: (obj: KubeObject) => FieldError[];
  validateUpdate: (obj: KubeObject, old: KubeObject) => FieldError[];
  validateStatusUpdate?: (obj: KubeObject, old: KubeObject) => FieldError[];
  table: TableConvertor;
  prepareForCreate?: (obj: KubeObject) => void;
  prepareForUpdate?: (obj: KubeObject, old: KubeObject) => void;
  allowCreateOnUpdate?: boolean;
}

/** A ResourceType from the parts each kind folder provides; `status` in subresources implies hasStatus. */
export function defineKind(def: KindDefinition): ResourceType {
  const subresources = def.subresources ?? [];
  const type: ResourceType = {
    group: def.group ?? '',
    version: def.version ?? 'v1',
    kind: def.kind,
    plural: def.plural,
    singular: def.kind.toLowerCase(),
    namespaced: def.namespaced,
    shortNames: def.shortNames ?? [],
    categories: def.categories ?? [],
    subresources,
    selectableFields: def.selectableFields ?? {},
    applyDefaults: def.defaults,
    validate: def.validate,
    validateUpdate: def.validateUpdate,
    hasStatus: subresources.includes('status'),
    table: def.table,
  };
  if (def.validateStatusUpdate !== undefined) type.validateStatusUpdate = def.validateStatusUpdate;
  if (def.prepareForCreate !== undefined) type.prepareForCreate = def.prepareForCreate;
  if (def.prepareForUpdate !== undefined) type.prepareForUpdate = def.prepareForUpdate;
  if (def.allowCreateOnUpdate !== undefined) type.allowCreateOnUpdate = def.allowCreateOnUpdate;
  return type;
}

/** A field selector extractor for a dotted path of strings, numbers or booleans (`spec.nodeName`). */
export function pathField(path: string): (obj: KubeObject) => string | undefined {
  const segments = path.split('.');
  return (obj) => {
    let at: unknown = obj;
    for (const segment of segments) at = isRecord(at) ? at[segment] : undefined;
    if (typeof at === 'string') return at;
    if (typeof at === 'number' || typeof at === 'boolean') return String(at);
    return undefined;
  };
}

export function pathFields(...paths: string[]): Record<string, (obj: KubeObject) => string | undefined> {
  return Object.fromEntries(paths.map((p) => [p, pathField(p)]));
}

/** Status is the controllers' to write: a new object starts with `initial` (or none). */
export function resetStatus(initial?: () => Record<string, unknown>): (obj: KubeObject) => void {
  return (obj) => {
    if (initial === undefined) delete obj['status'];
    else obj['status'] = initial();
  };
}
