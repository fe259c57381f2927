import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { schemaForKind, type FieldSchema } from './schema.ts';
import { checkSchemaFields, findTypeErrors, findUnknownFields } from './unknown-fields.ts';

/** The nginx Deployment from https://kubernetes.io/docs/concepts/workloads/controllers/deployment/ */
const DOCS_DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
`;

function deploymentSchema(): FieldSchema {
  const schema = schemaForKind('apps', 'v1', 'Deployment');
  if (!schema) throw new Error('no Deployment schema');
  return schema;
}

function podSchema(): FieldSchema {
  const schema = schemaForKind('', 'v1', 'Pod');
  if (!schema) throw new Error('no Pod schema');
  return schema;
}

type Fields = Record<string, unknown>;
interface Container extends Fields {
  ports?: Fields[];
}
interface DocsDeployment extends Fields {
  metadata: Fields & { labels: Fields };
  spec: Fields & { template: Fields & { spec: Fields & { containers: Container[] } } };
}
type Edit = (obj: DocsDeployment) => void;

/** The docs Deployment with `edit` applied to a freshly parsed copy. */
function deployment(edit: Edit = () => {}): unknown {
  const obj: DocsDeployment = parse(DOCS_DEPLOYMENT);
  edit(obj);
  return obj;
}

/** Sets a field regardless of its declared type, to build ill-typed objects. */
function setField(target: Fields, key: string, value: unknown): void {
  target[key] = value;
}

function container(obj: DocsDeployment): Container {
  const first = obj.spec.template.spec.containers[0];
  if (!first) throw new Error('the docs Deployment has a container');
  return first;
}

function port(obj: DocsDeployment): Fields {
  const first = container(obj).ports?.[0];
  if (!first) throw new Error('the docs Deployment has a port');
  return first;
}

describe('findUnknownFields', () => {
  it('finds nothing in the Deployment from the Kubernetes docs', () => {
    expect(findUnknownFields(deploymentSchema(), deployment())).toEqual([]);
  });

  it('reports a container typo with the strict decoder path', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'nginx', imagePullPolcy: 'Always' }] },
    };
    expect(findUnknownFields(podSchema(), pod)).toEqual(['spec.containers[0].imagePullPolcy']);
  });

  it.each<[string, Edit, string[]]>([
    ['a top-level typo', (o) => (o['spce'] = {}), ['spce']],
    ['a metadata typo', (o) => (o.metadata['lables'] = {}), ['metadata.lables']],
    ['a typo in the second container', (o) => o.spec.template.spec.containers.push({ name: 'b', imgae: 'x' }), ['spec.template.spec.containers[1].imgae']],
    ['a typo in a port', (o) => (port(o)['contanerPort'] = 1), ['spec.template.spec.containers[0].ports[0].contanerPort']],
    ['wrong case (decoding is case-sensitive)', (o) => (o.spec['Replicas'] = 1), ['spec.Replicas']],
    ['apiVersion below the top level', (o) => (o.spec.template['apiVersion'] = 'v1'), ['spec.template.apiVersion']],
    ['several typos, in document order', (o) => { o.spec['a'] = 1; o.spec.template['b'] = 2; }, ['spec.a', 'spec.template.b']],
  ])('reports %s', (_, edit, expected) => {
    expect(findUnknownFields(deploymentSchema(), deployment(edit))).toEqual(expected);
  });

  it.each<[string, Edit]>([
    ['arbitrary label keys (maps accept any key)', (o) => (o.metadata.labels['example.com/any'] = 'x')],
    ['apiVersion and kind at the top', () => {}],
    ['status fields', (o) => (o['status'] = { replicas: 1, conditions: [{ type: 'Available', status: 'True' }] })],
    ['null values', (o) => (o.spec['strategy'] = null)],
    ['fields under a value of the wrong type', (o) => setField(o.spec.template, 'spec', 'nope')],
  ])('accepts %s', (_, edit) => {
    expect(findUnknownFields(deploymentSchema(), deployment(edit))).toEqual([]);
  });

  it('follows map values into objects', () => {
    const crd = schemaForKind('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition');
    if (!crd) throw new Error('no CRD schema');
    const obj = {
      spec: { versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object', properties: { size: { typ: 'string' } } } } }] },
    };
    expect(findUnknownFields(crd, obj)).toEqual(['spec.versions[0].schema.openAPIV3Schema.properties.size.typ']);
  });
});

describe('findTypeErrors', () => {
  it('finds nothing in the Deployment from the Kubernetes docs', () => {
    expect(findTypeErrors(deploymentSchema(), deployment())).toEqual([]);
  });

  it.each<[string, Edit, { path: string; expected: string; found: string }[]]>([
    ['a string replicas', (o) => (o.spec['replicas'] = '3'), [{ path: 'spec.replicas', expected: 'integer', found: 'string' }]],
    ['a fractional replicas', (o) => (o.spec['replicas'] = 1.5), [{ path: 'spec.replicas', expected: 'integer', found: 'number' }]],
    ['a string containerPort', (o) => (port(o)['containerPort'] = '80'), [{ path: 'spec.template.spec.containers[0].ports[0].containerPort', expected: 'integer', found: 'string' }]],
    ['a number label value', (o) => (o.metadata.labels['app'] = 1), [{ path: 'metadata.labels.app', expected: 'string', found: 'number' }]],
    ['an object where a list belongs', (o) => setField(o.spec.template.spec, 'containers', { name: 'x' }), [{ path: 'spec.template.spec.containers', expected: 'array', found: 'object' }]],
    ['a list where an object belongs (not descended into)', (o) => setField(o.spec, 'template', [{ replicas: 'x' }]), [{ path: 'spec.template', expected: 'object', found: 'array' }]],
    ['a boolean int-or-string', (o) => (o.spec['strategy'] = { rollingUpdate: { maxSurge: true } }), [{ path: 'spec.strategy.rollingUpdate.maxSurge', expected: 'int-or-string', found: 'boolean' }]],
    ['a boolean quantity', (o) => (container(o)['resources'] = { limits: { cpu: true } }), [{ path: 'spec.template.spec.containers[0].resources.limits.cpu', expected: 'quantity', found: 'boolean' }]],
    ['a number date-time', (o) => (o.metadata['creationTimestamp'] = 5), [{ path: 'metadata.creationTimestamp', expected: 'date-time', found: 'number' }]],
    ['a string boolean', (o) => (o.spec['paused'] = 'true'), [{ path: 'spec.paused', expected: 'boolean', found: 'string' }]],
  ])('reports %s', (_, edit, expected) => {
    expect(findTypeErrors(deploymentSchema(), deployment(edit))).toEqual(expected);
  });

  it.each<[string, Edit]>([
    ['int-or-string as a percentage', (o) => (o.spec['strategy'] = { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } })],
    ['quantities as strings and numbers', (o) => (container(o)['resources'] = { limits: { cpu: '500m', memory: 128 } })],
    ['null anywhere', (o) => { o.spec['replicas'] = null; o.spec['selector'] = null; o.metadata.labels['app'] = null; }],
    ['unknown fields (that is findUnknownFields\' job)', (o) => (o.spec['replicaz'] = 'x')],
  ])('accepts %s', (_, edit) => {
    expect(findTypeErrors(deploymentSchema(), deployment(edit))).toEqual([]);
  });
});

describe('checkSchemaFields', () => {
  it('finds type errors and unknown fields in one walk, each in document order', () => {
    const found = checkSchemaFields(
      deploymentSchema(),
      deployment((o) => {
        o.spec['replicas'] = '3';
        o.spec['replicaz'] = 1;
        port(o)['contanerPort'] = 1;
        o.metadata.labels['app'] = 1;
      }),
      true,
    );
    expect(found.typeErrors).toEqual([
      { path: 'metadata.labels.app', expected: 'string', found: 'number' },
      { path: 'spec.replicas', expected: 'integer', found: 'string' },
    ]);
    expect(found.unknown).toEqual(['spec.replicaz', 'spec.template.spec.containers[0].ports[0].contanerPort']);
  });

  it('leaves unknown fields out when not asked for them', () => {
    expect(checkSchemaFields(deploymentSchema(), deployment((o) => (o.spec['replicaz'] = 1)), false).unknown).toEqual([]);
  });

  it('takes names of Object.prototype members for unknown fields, not for fields of no type', () => {
    const found = checkSchemaFields(deploymentSchema(), deployment((o) => { setField(o.spec, 'constructor', 'x'); setField(o.metadata, 'toString', 1); }), true);
    expect(found.typeErrors).toEqual([]);
    expect(found.unknown).toEqual(['metadata.toString', 'spec.constructor']);
  });
});
