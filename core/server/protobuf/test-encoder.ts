/**
 * A minimal protobuf encoder for tests: builds, field by field, the bodies
 * client-go's typed clients send for kinds kubectl itself never sends as
 * protobuf (Lease, Node, EndpointSlice...). Not used by the server.
 */

export type Bytes = number[];

export const varint = (n: bigint): Bytes => {
  const out: Bytes = [];
  // Negative numbers travel as 64-bit two's complement, ten bytes long.
  let v = BigInt.asUintN(64, n);
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? byte : byte | 0x80);
  } while (v !== 0n);
  return out;
};

/** A length-delimited field: a string, bytes or an embedded message. */
export const len = (field: number, payload: Bytes | string): Bytes => {
  const data = typeof payload === 'string' ? [...Buffer.from(payload, 'utf8')] : payload;
  return [...varint(BigInt((field << 3) | 2)), ...varint(BigInt(data.length)), ...data];
};

/** A varint field: int32, int64 or bool. */
export const num = (field: number, value: bigint | number | boolean): Bytes => [...varint(BigInt(field << 3)), ...varint(BigInt(value))];

/** A map entry: key in field 1, value in field 2. */
export const entry = (field: number, key: string, value: Bytes | string): Bytes => len(field, [...len(1, key), ...len(2, value)]);

export const quantity = (text: string): Bytes => len(1, text);
export const intOrString = (value: number | string): Bytes => (typeof value === 'number' ? [...num(1, 0), ...num(2, value)] : [...num(1, 1), ...len(3, value)]);
export const timestamp = (seconds: number, nanos = 0): Bytes => [...num(1, seconds), ...num(2, nanos)];
export const meta = (name: string, namespace?: string): Bytes => [...len(1, name), ...(namespace === undefined ? [] : len(3, namespace))];

/** "k8s\0" and the runtime.Unknown envelope around a message. */
export const envelope = (apiVersion: string, kind: string, raw: Bytes): Buffer =>
  Buffer.from([0x6b, 0x38, 0x73, 0x00, ...len(1, [...len(1, apiVersion), ...len(2, kind)]), ...len(2, raw)]);
