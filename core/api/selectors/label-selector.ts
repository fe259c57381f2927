import { badRequest } from '../errors.ts';
import type { LabelSelector } from '../types/meta.ts';
import {
  BINARY_OPERATORS,
  compareStrings,
  labelKeyError,
  newLabelRequirement,
  operatorText,
  requirementMatches,
  requirementToString,
  type LabelOperator,
  type LabelRequirement,
} from './label-requirement.ts';

export { newLabelRequirement, type LabelOperator, type LabelRequirement } from './label-requirement.ts';

/**
 * Label selectors as k8s.io/apimachinery/pkg/labels parses, prints and matches them.
 * A parsed selector is a list of requirements that must all hold; the empty list selects
 * everything. metav1's "select nothing" (a nil LabelSelector) is represented by `null`.
 */

export type ParsedLabelSelector = LabelRequirement[];

/**
 * labels.Parse: `a=b,c!=d,e in (x,y),f notin (z),g,!h,a==b,x>5`. Requirements come back
 * sorted by key and set-based values sorted and de-duplicated, as Kubernetes stores them.
 */
export function parseLabelSelector(text: string): ParsedLabelSelector {
  const parser = new SelectorParser(lex(text));
  const requirements = parser.parse();
  return requirements.sort((a, b) => compareStrings(a.key, b.key));
}

/** metav1.LabelSelectorAsSelector: `undefined` selects nothing (null), `{}` everything ([]). */
export function labelSelectorFromObject(sel: LabelSelector | undefined): ParsedLabelSelector | null {
  if (sel === undefined || sel === null) return null;
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) {
    // Objects reach here straight from JSON; Go's typed decoder would have refused a non-string.
    const text: unknown = value;
    if (typeof text !== 'string') throw badRequest(`matchLabels[${key}]: Invalid value: ${JSON.stringify(text)}: must be a string`);
    requirements.push(newLabelRequirement(key, 'Equals', [text]));
  }
  for (const expr of sel.matchExpressions ?? []) {
    const operator: unknown = expr.operator;
    if (operator !== 'In' && operator !== 'NotIn' && operator !== 'Exists' && operator !== 'DoesNotExist') {
      throw badRequest(`${JSON.stringify(operator)} is not a valid label selector operator`);
    }
    const values: unknown[] = expr.values ?? [];
    if (!values.every((v): v is string => typeof v === 'string')) {
      throw badRequest(`matchExpressions: Invalid value: ${JSON.stringify(values)}: values must be strings`);
    }
    requirements.push(newLabelRequirement(expr.key, operator, values));
  }
  return requirements.sort((a, b) => compareStrings(a.key, b.key));
}

/** labels.SelectorFromSet: every label must be present with exactly that value. */
export function labelSelectorFromSet(labels: Record<string, string>): ParsedLabelSelector {
  return Object.entries(labels)
    .map(([key, value]): LabelRequirement => ({ key, operator: 'Equals', values: [value] }))
    .sort((a, b) => compareStrings(a.key, b.key));
}

/** `null` (metav1's nil selector) matches nothing; `[]` matches everything. */
export function matchesLabels(sel: ParsedLabelSelector | null, labels: Record<string, string> | undefined): boolean {
  if (sel === null) return false;
  const set = labels ?? {};
  return sel.every((r) => requirementMatches(r, set));
}

/** Selector.String(): `a=b,env in (prod,qa),!h`; "" for an empty or nothing selector. */
export function labelSelectorToString(sel: ParsedLabelSelector | null): string {
  return sel === null ? '' : sel.map(requirementToString).join(',');
}

/** metav1.FormatLabelSelector, as `kubectl describe` prints selectors: "<none>" when empty. */
export function formatLabelSelector(sel: ParsedLabelSelector | null): string {
  const text = labelSelectorToString(sel);
  return text === '' ? '<none>' : text;
}

// Lexer and parser, following labels.Lexer/Parser so error messages match.

type TokenKind =
  | 'Error'
  | 'End'
  | 'ClosedPar'
  | 'Comma'
  | 'DoesNotExist'
  | 'DoubleEquals'
  | 'Equals'
  | 'GreaterThan'
  | 'Identifier'
  | 'In'
  | 'LessThan'
  | 'NotEquals'
  | 'NotIn'
  | 'OpenPar';

interface Token {
  kind: TokenKind;
  literal: string;
}

const KEYWORDS = new Map<string, TokenKind>([
  [')', 'ClosedPar'],
  [',', 'Comma'],
  ['!', 'DoesNotExist'],
  ['==', 'DoubleEquals'],
  ['=', 'Equals'],
  ['>', 'GreaterThan'],
  ['in', 'In'],
  ['<', 'LessThan'],
  ['!=', 'NotEquals'],
  ['notin', 'NotIn'],
  ['(', 'OpenPar'],
]);

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

function lex(text: string): Token[] {
  // Go's lexer reads bytes and treats NUL as the end of input.
  const nul = text.indexOf('\0');
  const s = nul === -1 ? text : text.slice(0, nul);
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos] ?? '')) pos++;
    if (pos >= s.length) {
      tokens.push({ kind: 'End', literal: '' });
      return tokens;
    }
    const start = pos;
    if (isSpecial(s[pos] ?? '')) {
      // Longest run of symbols that still forms a known operator.
      let best: Token | undefined;
      while (pos < s.length && isSpecial(s[pos] ?? '')) {
        const kind = KEYWORDS.get(s.slice(start, pos + 1));
        if (kind === undefined && best !== undefined) break;
        if (kind !== undefined) best = { kind, literal: s.slice(start, pos + 1) };
        pos++;
      }
      tokens.push(best ?? { kind: 'Error', literal: `error expected: keyword found '${s.slice(start, pos)}'` });
      continue;
    }
    while (pos < s.length && !isSpecial(s[pos] ?? '') && !isWhitespace(s[pos] ?? '')) pos++;
    const word = s.slice(start, pos);
    tokens.push({ kind: KEYWORDS.get(word) ?? 'Identifier', literal: word });
  }
}

class SelectorParser {
  #position = 0;
  constructor(private readonly tokens: Token[]) {}

  /** In value context the words "in" and "notin" are ordinary identifiers. */
  #lookahead(values: boolean): Token {
    const token = this.tokens[this.#position] ?? { kind: 'End', literal: '' };
    return values && (token.kind === 'In' || token.kind === 'NotIn') ? { kind: 'Identifier', literal: token.literal } : token;
  }

  #consume(values: boolean): Token {
    const token = this.#lookahead(values);
    this.#position++;
    return token;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { kind, literal } = this.#lookahead(true);
      if (kind === 'End') return requirements;
      if (kind !== 'Identifier' && kind !== 'DoesNotExist') {
        throw badRequest(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.#parseRequirement());
      } catch (error) {
        throw badRequest(`unable to parse requirement: ${error instanceof Error ? error.message : String(error)}`);
      }
      const next = this.#consume(true);
      if (next.kind === 'End') return requirements;
      if (next.kind !== 'Comma') throw badRequest(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.#lookahead(true);
      if (after.kind !== 'Identifier' && after.kind !== 'DoesNotExist') {
        throw badRequest(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  #parseRequirement(): LabelRequirement {
    let token = this.#consume(true);
    let negated = false;
    if (token.kind === 'DoesNotExist') {
      negated = true;
      token = this.#consume(true);
    }
    if (token.kind !== 'Identifier') throw new Error(`found '${token.literal}', expected: identifier`);
    const key = token.literal;
    // Here Kubernetes validates with a nil field path, which prints as "<nil>".
    const keyError = labelKeyError(key, '<nil>');
    if (keyError !== undefined) throw new Error(keyError);
    const following = this.#lookahead(true).kind;
    if (negated || following === 'End' || following === 'Comma') {
      return newLabelRequirement(key, negated ? 'DoesNotExist' : 'Exists', []);
    }
    const operator = this.#parseOperator();
    const values = operator === 'In' || operator === 'NotIn' ? this.#parseValues() : this.#parseExactValue();
    return newLabelRequirement(key, operator, [...new Set(values)].sort(compareStrings));
  }

  #parseOperator(): LabelOperator {
    const { kind, literal } = this.#consume(false);
    const byToken: Partial<Record<TokenKind, LabelOperator>> = {
      In: 'In',
      Equals: 'Equals',
      DoubleEquals: 'DoubleEquals',
      GreaterThan: 'GreaterThan',
      LessThan: 'LessThan',
      NotIn: 'NotIn',
      NotEquals: 'NotEquals',
    };
    const operator = byToken[kind];
    if (operator === undefined) throw new Error(`found '${literal}', expected: ${BINARY_OPERATORS.map(operatorText).join(', ')}`);
    return operator;
  }

  #parseValues(): string[] {
    const open = this.#consume(true);
    if (open.kind !== 'OpenPar') throw new Error(`found '${open.literal}' expected: '('`);
    const { kind, literal } = this.#lookahead(true);
    if (kind === 'ClosedPar') {
      this.#consume(true);
      return [''];
    }
    if (kind !== 'Identifier' && kind !== 'Comma') throw new Error(`found '${literal}', expected: ',', ')' or identifier`);
    const values = this.#parseIdentifiersList();
    if (this.#consume(true).kind !== 'ClosedPar') throw new Error(`found '${literal}', expected: ')'`);
    return values;
  }

  /** Empty entries ("(,a)", "(a,)", "(a,,b)") stand for the empty value, as in Kubernetes. */
  #parseIdentifiersList(): string[] {
    const values: string[] = [];
    for (;;) {
      const { kind, literal } = this.#consume(true);
      if (kind === 'Identifier') {
        values.push(literal);
        const next = this.#lookahead(true);
        if (next.kind === 'Comma') continue;
        if (next.kind === 'ClosedPar') return values;
        throw new Error(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (kind !== 'Comma') throw new Error(`found '${literal}', expected: ',', or identifier`);
      if (values.length === 0) values.push('');
      const next = this.#lookahead(true).kind;
      if (next === 'ClosedPar') {
        values.push('');
        return values;
      }
      if (next === 'Comma') values.push('');
    }
  }

  #parseExactValue(): string[] {
    const next = this.#lookahead(true).kind;
    if (next === 'End' || next === 'Comma') return [''];
    const { kind, literal } = this.#consume(true);
    if (kind === 'Identifier') return [literal];
    throw new Error(`found '${literal}', expected: identifier`);
  }
}
