import { ApiError, conflict, invalid, isApiError, notFound } from '../../api/errors.ts';
import type { ResourceRegistry } from '../../api/registry.ts';
import { apiVersionOf, kindKeyOf, type ResourceType } from '../../api/resource-type.ts';
import type { KubeObject } from '../../api/types/meta.ts';
import { updateManagedFields } from '../../api/patch/managed-fields.ts';
import type { ObjectStore } from '../../store/object-store.ts';
import { rfc3339 } from '../../store/object-meta.ts';
import { admitDefaultTolerationSeconds, DEFAULT_TOLERATION_SECONDS, type DefaultTolerationSeconds } from './default-tolerations.ts';
import { decodeFields } from './field-check.ts';
import { generateName } from './generate-name.ts';
import type { WriteContext } from './write-context.ts';
import { cloneJson } from '../../api/types/clone-json.ts';
import { copyToExtend, withMembers } from '../../api/types/with-members.ts';

/** kube-apiserver's create attempts for an object whose name it generates (the first and 7 more) */
const NAME_GENERATION_ATTEMPTS = 8;

/**
 * The admission chain of a write, in kube-apiserver's order: field checks,
 * namespace lifecycle, generateName, the kind's PrepareForCreate/Update,
 * defaults, validation, managedFields, then the store.
 */
export class WritePipeline {
  constructor(
    private readonly registry: ResourceRegistry,
    private readonly store: ObjectStore,
    private readonly defaultTolerationSeconds: DefaultTolerationSeconds = DEFAULT_TOLERATION_SECONDS,
  ) {}

  /** `ownershipRecorded`: server-side apply already set managedFields */
  async create(type: ResourceType, input: KubeObject, ctx: WriteContext, options: { ownershipRecorded?: boolean } = {}): Promise<KubeObject> {
    const { object: obj, warnings } = decodeFields(type, input, ctx.fieldValidation);
    ctx.warnings.push(...warnings);
    if (type.namespaced) await this.checkNamespaceAcceptsCreates(obj.metadata.namespace ?? '');
    const base = obj.metadata.generateName;
    const generated = (obj.metadata.name === undefined || obj.metadata.name === '') && base !== undefined && base !== '';
    if (generated) obj.metadata.name = generateName(base);
    type.prepareForCreate?.(obj);
    type.applyDefaults(obj);
    admitDefaultTolerationSeconds(type, obj, undefined, this.defaultTolerationSeconds);
    this.rejectInvalid(type, obj, type.validate(obj));
    if (options.ownershipRecorded !== true) this.recordManager(type, undefined, obj, ctx);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.create(type, obj, { dryRun: ctx.dryRun });
      } catch (error) {
        // RetryGenerateName (GA in Kubernetes 1.32): a generated name already taken is generated again, 8 attempts in
        // all. A ReplicaSet's 1,000 pods share one base with 27^5 suffixes, so some collision is likely among 100 of them.
        if (!generated || attempt >= NAME_GENERATION_ATTEMPTS || !isApiError(error, 'AlreadyExists')) throw error;
        obj.metadata.name = generateName(base);
      }
    }
  }

  /**
   * A whole-object write (PUT) or the result of a patch, against the object
   * as stored now; `subresource` 'status' changes only the status.
   */
  prepareUpdate(
    type: ResourceType,
    input: KubeObject,
    current: KubeObject,
    ctx: WriteContext,
    subresource?: string,
    source: 'body' | 'patch' = 'patch',
    /** the stored version `current` was copied from, when the caller has it: managedFields compares against it and finds its entries decoded already */
    stored: KubeObject = current,
  ): KubeObject {
    const decoded = decodeFields(type, input, ctx.fieldValidation, source);
    ctx.warnings.push(...decoded.warnings);
    let obj = decoded.object;
    const pinned = obj.metadata.resourceVersion;
    if (pinned !== undefined && pinned !== '' && pinned !== current.metadata.resourceVersion) {
      throw conflict(type.plural, type.group, current.metadata.name ?? '', 'the object has been modified; please apply your changes to the latest version and try again');
    }
    // An unconditional update writes over the version it read, as kube-apiserver does.
    obj.metadata.resourceVersion = current.metadata.resourceVersion;
    keepSystemMetadata(obj, current);
    if (subresource === 'status') {
      // As kube-apiserver defaults the decoded body before the status strategy puts the stored spec back: the stored object is not defaulted again.
      type.applyDefaults(obj);
      obj = statusOnly(obj, current);
    } else {
      if (type.hasStatus) {
        if (current['status'] === undefined) delete obj['status'];
        else obj['status'] = current['status'];
      }
      type.prepareForUpdate?.(obj, current);
      type.applyDefaults(obj);
    }
    admitDefaultTolerationSeconds(type, obj, subresource, this.defaultTolerationSeconds);
    const validateUpdate = subresource === 'status' && type.validateStatusUpdate !== undefined ? type.validateStatusUpdate : type.validateUpdate;
    this.rejectInvalid(type, obj, validateUpdate(obj, current));
    this.recordManager(type, stored, obj, ctx, subresource);
    return obj;
  }

  async update(type: ResourceType, input: KubeObject, ctx: WriteContext, subresource?: string): Promise<{ object: KubeObject; created: boolean }> {
    const namespace = input.metadata.namespace;
    const name = input.metadata.name ?? '';
    try {
      const object = await this.store.guaranteedUpdate(type, namespace, name, (current, stored) => this.prepareUpdate(type, input, current, ctx, subresource, 'body', stored), {
        dryRun: ctx.dryRun,
        // A status write takes all but the status from the stored version and changes none of it: no copy needed.
        readsCurrentOnly: subresource === 'status',
      });
      return { object, created: false };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NotFound' && type.allowCreateOnUpdate === true && subresource === undefined) {
        return { object: await this.create(type, input, ctx), created: true };
      }
      throw error;
    }
  }

  private async checkNamespaceAcceptsCreates(namespace: string): Promise<void> {
    const namespaces = this.registry.byGroupKind('', 'Namespace');
    if (namespaces === undefined) return;
    // Answered from the watch cache's namespace index when it is current, else read from the store.
    const phase = await this.store.namespacePhase(namespaces, namespace);
    if (phase === 'absent') throw notFound('namespaces', '', namespace);
    if (phase === 'terminating') {
      throw new ApiError('Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`, {
        kind: 'namespaces',
        name: namespace,
      });
    }
  }

  private rejectInvalid(type: ResourceType, obj: KubeObject, errors: ReturnType<ResourceType['validate']>): void {
    if (errors.length > 0) throw invalid(type.kind, type.group, obj.metadata.name ?? obj.metadata.generateName ?? '', errors);
  }

  private recordManager(type: ResourceType, current: KubeObject | undefined, obj: KubeObject, ctx: WriteContext, subresource?: string): void {
    updateManagedFields(current, obj, {
      manager: ctx.manager,
      operation: 'Update',
      kindKey: kindKeyOf(type),
      apiVersion: apiVersionOf(type),
      now: rfc3339(ctx.now),
      ...(subresource === undefined ? {} : { subresource }),
    });
  }
}

/**
 * kube-apiserver's rest.BeforeUpdate, before validation: a client never sets
 * generation, and a body without uid, creationTimestamp or deletion fields (a
 * manifest given to `kubectl replace -f`) keeps the stored ones instead of
 * failing validation as "field is immutable".
 */
function keepSystemMetadata(obj: KubeObject, current: KubeObject): void {
  const meta = obj.metadata;
  const old = current.metadata;
  if (old.generation === undefined) delete meta.generation;
  else meta.generation = old.generation;
  if ((meta.uid ?? '') === '' && old.uid !== undefined) meta.uid = old.uid;
  if (old.creationTimestamp !== undefined) meta.creationTimestamp = old.creationTimestamp;
  if (old.deletionTimestamp !== undefined) meta.deletionTimestamp = old.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) {
    meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  }
}

/**
 * A status write keeps everything of the stored object but its status
 * (ResetObjectMetaForStatus). The result shares all but its top level and
 * its metadata with `current`, which may be the shared stored version: what
 * follows only reads them.
 */
function statusOnly(obj: KubeObject, current: KubeObject): KubeObject {
  const next: KubeObject = withMembers(current, { metadata: copyToExtend(current.metadata) });
  if (obj['status'] === undefined) delete next['status'];
  else next['status'] = obj['status'];
  if (obj.metadata.managedFields !== undefined) next.metadata.managedFields = obj.metadata.managedFields;
  return next;
}
