import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors.ts';
import { decodeKubernetesProtobuf } from './decode.ts';

/** Request bodies captured from kubectl 1.32 (`kubectl create ...`), as it sends them to kube-apiserver. */
const CAPTURED = {
  configmap: '6b3873000a0f0a0276311209436f6e6669674d617012270a130a036c697412001a0022002a0032003800420012060a016112013112080a0162120374776f1a002200',
  secret: '6b3873000a0c0a027631120653656372657412310a120a02733112001a0022002a00320038004200120a0a027077120470407373120d0a0475736572120561646d696e1a001a002200',
  namespace: '6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200',
  serviceaccount: '6b3873000a140a027631120e536572766963654163636f756e7412170a150a05726f626f7412001a0022002a003200380042001a002200',
  secretWithType: '6b3873000a0c0a027631120653656372657412230a120a02733212001a0022002a0032003800420012050a017812001a064f70617175651a002200',
  deployment: '6b3873000a150a07617070732f7631120a4465706c6f796d656e7412ab010a1f0a0377656212001a0022002a003200380042005a0a0a036170701203776562127a0801120c0a0a0a0361707012037765621a600a1c0a0012001a0022002a003200380042005a0a0a036170701203776562124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200',
};

const bytes = (hex: string): Buffer => Buffer.from(hex, 'hex');

/** A minimal protobuf encoder for inputs kubectl's create commands never send. */
const varint = (n: bigint): number[] => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? byte : byte | 0x80);
  } while (v !== 0n);
  return out;
};
const len = (field: number, payload: number[] | string): number[] => {
  const data = typeof payload === 'string' ? [...Buffer.from(payload, 'utf8')] : payload;
  return [...varint(BigInt((field << 3) | 2)), ...varint(BigInt(data.length)), ...data];
};
const num = (field: number, value: bigint): number[] => [...varint(BigInt(field << 3)), ...varint(value)];
const envelope = (apiVersion: string, kind: string, raw: number[]): Buffer =>
  Buffer.from([0x6b, 0x38, 0x73, 0x00, ...len(1, [...len(1, apiVersion), ...len(2, kind)]), ...len(2, raw)]);

describe('decodeKubernetesProtobuf', () => {
  it.each([
    ['kubectl create configmap --from-literal', CAPTURED.configmap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lit' }, data: { a: '1', b: 'two' } }],
    [
      'kubectl create secret generic',
      CAPTURED.secret,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, data: { pw: Buffer.from('p@ss').toString('base64'), user: Buffer.from('admin').toString('base64') } },
    ],
    ['kubectl create namespace', CAPTURED.namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' }, spec: {}, status: {} }],
    ['kubectl create serviceaccount', CAPTURED.serviceaccount, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } }],
    ['a secret with a type and an empty value', CAPTURED.secretWithType, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's2' }, data: { x: '' }, type: 'Opaque' }],
  ])('%s decodes to the JSON the client would send', (_what, hex, expected) => {
    expect(decodeKubernetesProtobuf(bytes(hex))).toEqual(expected);
  });

  it('decodes times, pointers, owner references, managedFields and immutable: false as Go prints them', () => {
    const time = [...num(1, 1_700_000_000n), ...num(2, 5n)];
    const owner = [...len(1, 'ReplicaSet'), ...len(3, 'web'), ...len(4, 'u-1'), ...len(5, 'apps/v1'), ...num(6, 1n)];
    const managed = [...len(1, 'kubectl'), ...len(2, 'Apply'), ...len(3, 'v1'), ...len(4, time), ...len(6, 'FieldsV1'), ...len(7, len(1, '{"f:data":{}}'))];
    const meta = [...len(1, 'cm'), ...num(10, 0n), ...len(8, time), ...len(9, []), ...len(13, owner), ...len(14, 'a/b'), ...len(17, managed), ...len(11, [...len(1, 'k'), ...len(2, 'v')])];
    const body = envelope('v1', 'ConfigMap', [...len(1, meta), ...num(4, 0n), ...len(3, [...len(1, 'bin'), ...len(2, [0, 255])])]);
    expect(decodeKubernetesProtobuf(body)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'cm',
        deletionGracePeriodSeconds: 0,
        creationTimestamp: '2023-11-14T22:13:20Z',
        labels: { k: 'v' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u-1', controller: true }],
        finalizers: ['a/b'],
        managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: '2023-11-14T22:13:20Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } }],
      },
      immutable: false,
      binaryData: { bin: 'AP8=' },
    });
  });

  it.each([
    ['a kind without a protobuf schema here', bytes(CAPTURED.deployment), 'UnsupportedMediaType'],
    ['a body without the k8s prefix', Buffer.from('{"kind":"ConfigMap"}'), 'BadRequest'],
    ['a truncated body', bytes(CAPTURED.configmap).subarray(0, 30), 'BadRequest'],
  ])('%s is refused with %s', (_what, body, code) => {
    let thrown: unknown;
    try {
      decodeKubernetesProtobuf(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe(code);
  });
});
