import type { SpecialKind } from './schema.ts';
import { ProtobufError, wireFields } from './wire.ts';

/**
 * The JSON form of the apimachinery types that are messages on the wire but
 * scalars in JSON, exactly as their Go MarshalJSON methods print them. null
 * is Go's zero value (printed as null, which the decoder drops).
 */
export function decodeSpecial(kind: SpecialKind, bytes: Uint8Array): unknown {
  switch (kind) {
    case 'time':
      return decodeTime(bytes);
    case 'microTime':
      return decodeMicroTime(bytes);
    case 'duration':
      return goDuration(BigInt.asIntN(64, varintField(bytes, 1) ?? 0n));
    case 'quantity':
      return stringField(bytes, 1) ?? '';
    case 'intOrString':
      return decodeIntOrString(bytes);
    case 'rawExtension':
      return decodeJson(stringField(bytes, 1), 'a RawExtension');
    case 'fieldsV1':
      return decodeJson(stringField(bytes, 1), 'fieldsV1') ?? {};
  }
}

/** metav1.Time: RFC 3339 in UTC to the second; Go drops the nanoseconds when it reads a Time from protobuf. */
function decodeTime(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  const seconds = Number(BigInt.asIntN(64, varintField(bytes, 1) ?? 0n));
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime: RFC 3339 in UTC with exactly six fractional digits ("2006-01-02T15:04:05.000000Z07:00"). */
function decodeMicroTime(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null;
  const seconds = Number(BigInt.asIntN(64, varintField(bytes, 1) ?? 0n));
  const nanos = Number(BigInt.asIntN(32, varintField(bytes, 2) ?? 0n));
  const micros = String(Math.floor(nanos / 1000)).padStart(6, '0');
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${micros}Z`;
}

/** intstr.IntOrString: type 1 is a string, anything else the int32. */
function decodeIntOrString(bytes: Uint8Array): number | string {
  const type = varintField(bytes, 1) ?? 0n;
  if (type === 1n) return stringField(bytes, 3) ?? '';
  return Number(BigInt.asIntN(32, varintField(bytes, 2) ?? 0n));
}

function decodeJson(text: string | undefined, what: string): unknown {
  if (text === undefined || text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtobufError(`${what} is not valid JSON`);
  }
}

const UNITS: [bigint, string][] = [
  [1_000_000n, 'ms'],
  [1_000n, 'µs'],
  [1n, 'ns'],
];

/** Go's time.Duration.String(): "1h2m3.5s", "2m0s", "1.5ms", "0s". */
export function goDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (abs < 1_000_000_000n) {
    for (const [scale, unit] of UNITS) {
      if (abs >= scale) return `${sign}${withFraction(abs, scale)}${unit}`;
    }
  }
  const hours = abs / 3_600_000_000_000n;
  const minutes = (abs / 60_000_000_000n) % 60n;
  const seconds = withFraction(abs % 60_000_000_000n, 1_000_000_000n);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** value/scale with the fraction's trailing zeros dropped, as Go's fmtFrac. */
function withFraction(value: bigint, scale: bigint): string {
  const whole = value / scale;
  const fraction = value % scale;
  if (fraction === 0n) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(fraction).padStart(digits, '0').replace(/0+$/, '')}`;
}

function varintField(bytes: Uint8Array, number: number): bigint | undefined {
  let value: bigint | undefined;
  for (const field of wireFields(bytes)) {
    if (field.number === number && field.wireType === 0) value = field.varint;
  }
  return value;
}

function stringField(bytes: Uint8Array, number: number): string | undefined {
  let value: string | undefined;
  for (const field of wireFields(bytes)) {
    if (field.number === number && field.wireType === 2) value = Buffer.from(field.bytes).toString('utf8');
  }
  return value;
}
