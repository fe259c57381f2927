/**
 * Kubernetes resource.Quantity (k8s.io/apimachinery/pkg/api/resource): a fixed-point
 * number with a remembered suffix style. Values are held exactly as a bigint count of
 * nano-units, which is Kubernetes' finest scale (anything finer is rounded up, away
 * from zero, exactly as ParseQuantity does).
 */

import { BoundedMemo } from './bounded-memo.ts';

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const SPLIT_RE_STRING = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${SPLIT_RE_STRING}'`;
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

export class QuantityParseError extends Error {
  readonly input: string;
  constructor(message: string, input: string) {
    super(message);
    this.name = 'QuantityParseError';
    this.input = input;
  }
}

const NANO = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;
/** Guards bigint work against inputs like "1e99999999"; Kubernetes would grind on those too. */
const MAX_DECIMAL_EXPONENT = 10_000;

const DECIMAL_SUFFIXES = new Map(Object.entries({ n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }));
const BINARY_SUFFIXES = new Map(Object.entries({ Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }));
const DECIMAL_BY_EXPONENT = new Map([...DECIMAL_SUFFIXES].map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

export class Quantity {
  readonly format: QuantityFormat;
  readonly #nanos: bigint;
  /** Kubernetes keeps the text of an already canonical-looking input and prints it back verbatim. */
  readonly #text: string | undefined;

  private constructor(nanos: bigint, format: QuantityFormat, text?: string) {
    this.#nanos = nanos;
    this.format = format;
    this.#text = text;
  }

  /**
   * Quantities are never changed, and the texts written recur: every pod of
   * a template requests the same `100m` and `500Mi`, which its create
   * parses for validation, QoS and the scheduler's requests alike. Parsing
   * one again (a few BigInts each) is spared by handing out the one kept.
   */
  static parse(text: string): Quantity {
    return Quantity.parsed.get(text);
  }

  /** parsed quantities by their text (a parse that throws keeps nothing) */
  private static readonly parsed = new BoundedMemo<string, Quantity>(1024, (text) => Quantity.parseAfresh(text));

  private static parseAfresh(text: string): Quantity {
    if (text.length === 0) throw new QuantityParseError(QUANTITY_FORMAT_ERROR, text);
    if (text === '0') return new Quantity(0n, 'DecimalSI', text);
    const { positive, num, denom, suffix } = scanQuantity(text);
    const unit = interpretSuffix(suffix, text);
    const digits = BigInt(num + denom);

    let magnitude: bigint;
    let format = unit.format;
    if (unit.base === 10) {
      const shift = unit.exponent - denom.length + 9;
      if (shift > MAX_DECIMAL_EXPONENT) throw new QuantityParseError(QUANTITY_NUMERIC_ERROR, text);
      magnitude = shift >= 0 ? digits * 10n ** BigInt(shift) : divideRoundingUp(digits, -shift);
    } else {
      magnitude = divideRoundingUp(digits * (1n << BigInt(unit.exponent)) * NANO, denom.length);
      if (magnitude > MAX_INT64 * NANO) magnitude = MAX_INT64 * NANO;
      // A binary amount below one unit would only round badly; Kubernetes switches it to decimal.
      if (magnitude > 0n && magnitude < NANO) format = 'DecimalSI';
    }
    const nanos = positive ? magnitude : -magnitude;
    const kept = keepsOriginalText(unit, num, denom) ? text : undefined;
    return new Quantity(nanos, format, kept);
  }

  /** resource.NewQuantity: a whole number of units. */
  static fromValue(value: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * NANO, format);
  }

  /** resource.NewMilliQuantity: thousandths of a unit, e.g. CPU millicores. */
  static fromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(milli) * 1_000_000n, format);
  }

  /** ceil(q * 1000), rounding away from zero. */
  milliValue(): bigint {
    return scaleRoundingUp(this.#nanos, 1_000_000n);
  }

  /** ceil(q), rounding away from zero, like Kubernetes Value(). */
  value(): bigint {
    return scaleRoundingUp(this.#nanos, NANO);
  }

  /** The exact value in nano-units (10^-9). */
  nanoValue(): bigint {
    return this.#nanos;
  }

  isZero(): boolean {
    return this.#nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.#nanos === 0n ? 0 : this.#nanos < 0n ? -1 : 1;
  }

  cmp(other: Quantity): -1 | 0 | 1 {
    const a = this.#nanos;
    const b = other.#nanos;
    return a === b ? 0 : a < b ? -1 : 1;
  }

  equals(other: Quantity): boolean {
    return this.#nanos === other.#nanos;
  }

  /** A zero quantity takes the other's format, so "0" + "1Gi" prints "1Gi". */
  add(other: Quantity): Quantity {
    return new Quantity(this.#nanos + other.#nanos, this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    return new Quantity(this.#nanos - other.#nanos, this.isZero() ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.#nanos, this.format);
  }

  toString(): string {
    return this.#text ?? canonicalize(this.#nanos, this.format);
  }

  /** Quantities serialize as their string form, as in every Kubernetes object. */
  toJSON(): string {
    return this.toString();
  }
}

export function isValidQuantity(text: string): boolean {
  try {
    Quantity.parse(text);
    return true;
  } catch (error) {
    if (error instanceof QuantityParseError) return false;
    throw error;
  }
}

interface Scanned {
  positive: boolean;
  /** integer digits without leading zeros, "0" when there are none */
  num: string;
  denom: string;
  suffix: string;
}

const SUFFIX_LETTERS = 'eEinumkKMGTP';
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/**
 * parseQuantityString's scanner. It is laxer than the regular expression it quotes in its
 * error ("." and "Ki" read as zero), and that laxness is part of Kubernetes' behaviour.
 */
function scanQuantity(text: string): Scanned {
  let pos = 0;
  let positive = true;
  if (text[0] === '-' || text[0] === '+') {
    positive = text[0] === '+';
    pos++;
  }
  while (text[pos] === '0') pos++;
  if (pos >= text.length) return { positive, num: '0', denom: '', suffix: '' };

  const numStart = pos;
  while (isDigit(text[pos])) pos++;
  const num = pos > numStart ? text.slice(numStart, pos) : '0';
  let denom = '';
  if (text[pos] === '.') {
    const denomStart = ++pos;
    while (isDigit(text[pos])) pos++;
    denom = text.slice(denomStart, pos);
  }
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_LETTERS.includes(text[pos] ?? '')) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (isDigit(text[pos])) pos++;
  if (pos < text.length) throw new QuantityParseError(QUANTITY_FORMAT_ERROR, text);
  return { positive, num, denom, suffix: text.slice(suffixStart) };
}

interface Unit {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

function interpretSuffix(suffix: string, text: string): Unit {
  const decimal = DECIMAL_SUFFIXES.get(suffix);
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES.get(suffix);
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  const exponent = /^[eE]([+-]?[0-9]+)$/.exec(suffix)?.[1];
  if (exponent !== undefined) {
    const parsed = BigInt(exponent);
    // strconv.ParseInt(…, 64) then an int32 conversion, as Go does.
    if (parsed <= MAX_INT64 && parsed >= -MAX_INT64 - 1n) {
      return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
    }
  }
  throw new QuantityParseError(QUANTITY_SUFFIX_ERROR, text);
}

/** value / 10^places, rounded up (operands are non-negative). */
function divideRoundingUp(value: bigint, places: number): bigint {
  if (places <= 0) return value;
  if (places > value.toString().length) return value === 0n ? 0n : 1n;
  const divisor = 10n ** BigInt(places);
  const quotient = value / divisor;
  return value % divisor === 0n ? quotient : quotient + 1n;
}

function scaleRoundingUp(nanos: bigint, per: bigint): bigint {
  const quotient = nanos / per;
  if (nanos % per === 0n) return quotient;
  return nanos > 0n ? quotient + 1n : quotient - 1n;
}

/**
 * ParseQuantity's int64 fast path stores the input text when it already looks canonical;
 * String() then returns it verbatim (so "+1" stays "+1" and "1.500" stays "1.500").
 */
function keepsOriginalText(unit: Unit, num: string, denom: string): boolean {
  if (unit.base === 2) {
    const precision = 15 - num.length - Math.trunc((unit.exponent * 3) / 10) - 1;
    if (denom.length > 0 || precision < 0) return false;
    const value = BigInt(num);
    return value << BigInt(unit.exponent) <= MAX_INT64 && (value & 7n) !== 0n;
  }
  const scale = unit.exponent - denom.length;
  const shifted = num + denom;
  if (18 - shifted.length < 0 || scale < -9) return false;
  return scale % 3 === 0 && !shifted.endsWith('000') && !shifted.startsWith('0');
}

/**
 * CanonicalizeBytes: the largest suffix that keeps an integer mantissa. BinarySI falls
 * back to DecimalSI below 1Ki in magnitude or for fractions. Beyond "E"/"Ei" Kubernetes
 * would drop the suffix (printing "1" for 1000E); we keep the top suffix instead.
 */
function canonicalize(nanos: bigint, format: QuantityFormat): string {
  if (nanos === 0n) return '0';
  const sign = nanos < 0n ? '-' : '';
  const magnitude = nanos < 0n ? -nanos : nanos;
  if (format === 'BinarySI' && magnitude >= 1024n * NANO && magnitude % NANO === 0n) {
    let mantissa = magnitude / NANO;
    let power = 0;
    while (power < BINARY_BY_POWER.length - 1 && mantissa % 1024n === 0n) {
      mantissa /= 1024n;
      power++;
    }
    return `${sign}${mantissa}${BINARY_BY_POWER[power] ?? ''}`;
  }
  let mantissa = magnitude;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return `${sign}${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
  while (exponent > 18) {
    mantissa *= 1000n;
    exponent -= 3;
  }
  return `${sign}${mantissa}${DECIMAL_BY_EXPONENT.get(exponent) ?? ''}`;
}
