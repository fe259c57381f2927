import type { ResourceType } from './resource-type.ts';

export interface GroupVersion {
  group: string;
  version: string;
}

/** The kinds the API server serves, looked up by URL segments or by kind. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();
  private readonly ordered: ResourceType[] = [];

  constructor(types: ResourceType[] = []) {
    for (const type of types) this.add(type);
  }

  add(type: ResourceType): void {
    const path = pathKey(type.group, type.version, type.plural);
    if (this.byPath.has(path)) throw new Error(`resource ${type.plural} is already registered in ${type.group}/${type.version}`);
    this.byPath.set(path, type);
    this.byKind.set(kindKey(type.group, type.kind), type);
    this.ordered.push(type);
  }

  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(pathKey(group, version, plural));
  }

  byGroupKind(group: string, kind: string): ResourceType | undefined {
    return this.byKind.get(kindKey(group, kind));
  }

  all(): readonly ResourceType[] {
    return this.ordered;
  }

  /** group versions in registration order, the core group first */
  groupVersions(): GroupVersion[] {
    const seen = new Map<string, GroupVersion>();
    for (const type of this.ordered) {
      const key = `${type.group}/${type.version}`;
      if (!seen.has(key)) seen.set(key, { group: type.group, version: type.version });
    }
    return [...seen.values()];
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.ordered.filter((t) => t.group === group && t.version === version);
  }
}

function pathKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

function kindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}
