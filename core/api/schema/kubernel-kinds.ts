/**
 * The schemas of kubernel.dev/v1alpha1 NodePool and NodeClaim, written by hand
 * because `@kubernetes/client-node` has no model classes for them. They serve
 * what a custom resource's structural schema serves: the OpenAPI documents
 * (`kubectl explain nodepool.spec`), the decoder's type checks, and the pruning
 * and strict-validation of unknown fields. They mirror
 * core/api/kinds/nodepool/types.ts; a field missing here is dropped on write.
 *
 * Every object with fields is a named definition (`dev.kubernel.v1alpha1.NodePoolSpec`)
 * because the OpenAPI renderer only expands named schemas.
 */
import { QUANTITY_DEFINITION } from './definition-names.ts';
import { kubernelDefinitionName, kubernelKindDefinitionName } from './kubernel-names.ts';
import type { ModelDocs } from './model-docs.ts';
import type { FieldSchema } from './schema.ts';

/** schemaForModel, passed in so this module need not import schema.ts (which imports it). */
export type ModelSchema = (className: string) => FieldSchema;

interface Field {
  schema: FieldSchema;
  doc: string;
  required?: boolean;
}

interface Built {
  kinds: Map<string, FieldSchema>;
  docs: Map<string, ModelDocs>;
}

let built: Built | undefined;

const STRING: FieldSchema = { type: 'string' };
const INTEGER: FieldSchema = { type: 'integer' };
const QUANTITY: FieldSchema = { type: 'quantity', ref: QUANTITY_DEFINITION };
const STRING_MAP: FieldSchema = { type: 'map', values: STRING };
const QUANTITY_MAP: FieldSchema = { type: 'map', values: QUANTITY };
/** A free-form object: its members are kept as sent, never checked or pruned. */
const FREE_FORM: FieldSchema = { type: 'object' };

const arrayOf = (items: FieldSchema): FieldSchema => ({ type: 'array', items });

function build(model: ModelSchema): Built {
  const docs = new Map<string, ModelDocs>();
  const named = (name: string, description: string, fields: Record<string, Field>): FieldSchema => {
    const ref = kubernelDefinitionName(name);
    const entries = Object.entries(fields);
    docs.set(ref, {
      description,
      fieldDescriptions: new Map(entries.map(([field, def]) => [field, def.doc])),
      required: entries.filter(([, def]) => def.required === true).map(([field]) => field),
    });
    return { type: 'object', ref, properties: Object.fromEntries(entries.map(([field, def]) => [field, def.schema])) };
  };
  const typeMeta = {
    apiVersion: { schema: STRING, doc: 'APIVersion defines the versioned schema of this representation of an object: kubernel.dev/v1alpha1.' },
    kind: { schema: STRING, doc: 'Kind is a string value representing the REST resource this object represents.' },
  };
  const objectMeta: Field = { schema: model('V1ObjectMeta'), doc: "Standard object's metadata." };
  const listOf = (kind: string, item: FieldSchema): FieldSchema =>
    named(`${kind}List`, `${kind}List is a list of ${kind}s.`, {
      ...typeMeta,
      metadata: { schema: model('V1ListMeta'), doc: 'Standard list metadata.' },
      items: { schema: arrayOf(item), doc: `The ${kind}s.`, required: true },
    });

  const requirement = named('NodeSelectorRequirement', 'NodeSelectorRequirement is a requirement on the labels of the nodes launched, as in core/v1.', {
    key: { schema: STRING, doc: 'The label key the requirement applies to, e.g. node.kubernetes.io/instance-type.', required: true },
    operator: { schema: STRING, doc: 'One of In, NotIn, Exists, DoesNotExist, Gt, Lt.', required: true },
    values: {
      schema: arrayOf(STRING),
      doc: 'At least one value for In and NotIn, none for Exists and DoesNotExist, a single integer for Gt and Lt.',
    },
  });
  const taint = named('Taint', 'Taint is a taint the launched nodes carry from the start, as in core/v1.', {
    key: { schema: STRING, doc: 'The taint key, a label name.', required: true },
    value: { schema: STRING, doc: 'The taint value, a label value.' },
    effect: { schema: STRING, doc: 'One of NoSchedule, PreferNoSchedule, NoExecute.', required: true },
  });
  const conditions: Field = { schema: arrayOf(model('V1Condition')), doc: 'The latest observations of the object, e.g. Ready.' };

  const nodePoolSpec = named('NodePoolSpec', 'NodePoolSpec describes the nodes a pool launches: from which provider, with what requirements, and how many.', {
    provider: {
      schema: STRING,
      doc: 'The node-provider plugin that launches the nodes: local, aws, gcp, simulated, or an out-of-tree one.',
      required: true,
    },
    options: { schema: FREE_FORM, doc: "The provider's options, checked by the provider's own schema." },
    template: {
      schema: named('NodeClaimTemplate', 'NodeClaimTemplate is what every node launched for a pool starts with.', {
        metadata: {
          schema: named('NodeClaimTemplateMetadata', 'NodeClaimTemplateMetadata holds the labels and annotations of a pool\'s nodes.', {
            labels: { schema: STRING_MAP, doc: 'Labels every node of the pool carries.' },
            annotations: { schema: STRING_MAP, doc: 'Annotations every node of the pool carries.' },
          }),
          doc: 'Labels and annotations of the pool\'s nodes.',
        },
        spec: {
          schema: named('NodeClaimTemplateSpec', 'NodeClaimTemplateSpec holds the requirements and taints of a pool\'s nodes.', {
            requirements: { schema: arrayOf(requirement), doc: 'Requirements on instance type, zone, architecture and capacity type.' },
            taints: { schema: arrayOf(taint), doc: 'Taints the nodes carry.' },
          }),
          doc: 'Requirements and taints of the pool\'s nodes.',
        },
      }),
      doc: 'What every node of the pool starts with.',
    },
    limits: {
      schema: named('NodePoolLimits', 'NodePoolLimits caps the total capacity of a pool\'s nodes.', {
        cpu: { schema: QUANTITY, doc: 'Total CPU, e.g. 100 or 500m.' },
        memory: { schema: QUANTITY, doc: 'Total memory, e.g. 512Gi.' },
      }),
      doc: "Totals over the capacity of the pool's nodes; no node is launched past them.",
    },
    min: { schema: INTEGER, doc: 'Nodes the pool keeps at least.' },
    max: { schema: INTEGER, doc: 'Nodes the pool never exceeds; at least min.' },
    weight: { schema: INTEGER, doc: 'From 1 to 100: pools with a higher weight are tried first.' },
    disruption: {
      schema: named('Disruption', 'Disruption says when nodes of a pool may be removed, and how many at once.', {
        consolidationPolicy: {
          schema: STRING,
          doc: 'WhenEmpty removes only nodes without pods; WhenEmptyOrUnderutilized (the default) also moves pods off underused nodes.',
        },
        consolidateAfter: {
          schema: STRING,
          doc: 'How long a node must be empty or underused before it is removed: a duration such as "30s" or "1m30s" (default "0s"), or "Never".',
        },
        budgets: {
          schema: arrayOf(
            named('Budget', 'Budget limits how many nodes of a pool may be disrupted at once.', {
              nodes: { schema: STRING, doc: 'A number of nodes, or a percentage of the pool\'s nodes such as "10%" (the default).' },
            }),
          ),
          doc: 'Limits on the nodes disrupted at once; the strictest applies. Default: [{nodes: "10%"}].',
        },
      }),
      doc: 'When and how fast nodes of the pool are removed.',
    },
  });
  const nodePool = named('NodePool', 'NodePool describes nodes launched on demand for pods no node can take.', {
    ...typeMeta,
    metadata: objectMeta,
    spec: { schema: nodePoolSpec, doc: 'What nodes the pool launches.', required: true },
    status: {
      schema: named('NodePoolStatus', 'NodePoolStatus is what a pool has launched, as the provisioner last observed it.', {
        resources: { schema: QUANTITY_MAP, doc: "Totals over the pool's nodes: cpu, memory, pods and nodes." },
        conditions,
      }),
      doc: 'What the pool has launched; written through the status subresource.',
    },
  });

  const nodeClaim = named('NodeClaim', 'NodeClaim is one node the provisioner asked a pool\'s provider for.', {
    ...typeMeta,
    metadata: objectMeta,
    spec: {
      schema: named('NodeClaimSpec', 'NodeClaimSpec is what the node must be. It never changes once the claim is created.', {
        requirements: {
          schema: arrayOf(requirement),
          doc: 'Requirements the node meets; node.kubernetes.io/instance-type In lists the candidate types, cheapest first.',
          required: true,
        },
        resources: {
          schema: named('NodeClaimResources', 'NodeClaimResources sums what the pods packed onto a claim\'s node request.', {
            requests: { schema: QUANTITY_MAP, doc: 'Requested resources, e.g. cpu and memory.' },
          }),
          doc: 'What the pods packed onto the node request.',
        },
        taints: { schema: arrayOf(taint), doc: 'Taints the node carries.' },
        terminationGracePeriod: {
          schema: STRING,
          doc: 'How long (a duration such as "30m") draining may wait for pods, PodDisruptionBudgets included, before the machine is removed anyway; unset waits.',
        },
      }),
      doc: 'What the node must be; immutable.',
      required: true,
    },
    status: {
      schema: named('NodeClaimStatus', 'NodeClaimStatus is what was launched for a claim and how far it got.', {
        providerID: { schema: STRING, doc: "The provider's ID of the machine." },
        nodeName: { schema: STRING, doc: 'The Node registered for the claim.' },
        capacity: { schema: QUANTITY_MAP, doc: 'What the node has.' },
        allocatable: { schema: QUANTITY_MAP, doc: 'What the node offers to pods.' },
        conditions,
      }),
      doc: 'What was launched for the claim; written through the status subresource.',
    },
  });

  const kinds = new Map<string, FieldSchema>([
    ['NodePool', nodePool],
    ['NodePoolList', listOf('NodePool', nodePool)],
    ['NodeClaim', nodeClaim],
    ['NodeClaimList', listOf('NodeClaim', nodeClaim)],
  ]);
  return { kinds, docs };
}

/** The schema of a kubernel.dev kind (or its list); undefined for any other kind. */
export function kubernelKindSchema(group: string, version: string, kind: string, model: ModelSchema): FieldSchema | undefined {
  if (kubernelKindDefinitionName(group, version, kind) === undefined) return undefined;
  built ??= build(model);
  return built.kinds.get(kind);
}

/** Descriptions and required fields of a kubernel.dev definition, once its kind's schema has been built. */
export function kubernelModelDocs(definition: string): ModelDocs | undefined {
  return built?.docs.get(definition);
}
