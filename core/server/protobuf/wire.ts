/** One field of a protobuf message as it appears on the wire, before its schema gives it a meaning. */
export type WireField =
  | { number: number; wireType: 0; varint: bigint }
  | { number: number; wireType: 1; fixed64: bigint }
  | { number: number; wireType: 2; bytes: Uint8Array }
  | { number: number; wireType: 5; fixed32: number };

export class ProtobufError extends Error {}

/**
 * Reads the fields of one protobuf message in wire order. Groups (wire types
 * 3 and 4) are a proto2 relic no Kubernetes type uses, so they are an error.
 */
export function* wireFields(buffer: Uint8Array): Generator<WireField> {
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = buffer[at++];
      if (byte === undefined) throw new ProtobufError('unexpected end of data in a varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  };
  const take = (length: number): Uint8Array => {
    if (at + length > buffer.length) throw new ProtobufError('unexpected end of data in a field');
    const slice = buffer.subarray(at, at + length);
    at += length;
    return slice;
  };
  while (at < buffer.length) {
    const key = varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number === 0) throw new ProtobufError('field number 0 is not allowed');
    switch (wireType) {
      case 0:
        yield { number, wireType, varint: varint() };
        break;
      case 1: {
        const bytes = take(8);
        yield { number, wireType, fixed64: new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true) };
        break;
      }
      case 2:
        yield { number, wireType, bytes: take(Number(varint())) };
        break;
      case 5: {
        const bytes = take(4);
        yield { number, wireType, fixed32: new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) };
        break;
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wireType} for field ${number}`);
    }
  }
}

/** The varints of a packed repeated field (proto3 style; proto2 senders may use either form). */
export function* packedVarints(bytes: Uint8Array): Generator<bigint> {
  let at = 0;
  while (at < bytes.length) {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = bytes[at++];
      if (byte === undefined || shift >= 70n) throw new ProtobufError('malformed packed varints');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) break;
    }
    yield result;
  }
}
