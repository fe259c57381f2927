import { badRequest } from '../errors.ts';

/**
 * Field selectors as k8s.io/apimachinery/pkg/fields parses and matches them:
 * comma-separated `field=value`, `field==value` or `field!=value` terms, with `\,`, `\=`
 * and `\\` escaping those characters inside values.
 */

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

const TERM_OPERATORS = ['!=', '==', '='] as const;

/**
 * fields.ParseSelector. Terms come back sorted by their source text, as Kubernetes sorts
 * them; a term with both an empty field and an empty value ("=") is dropped, like
 * Kubernetes' Transform step drops it. Malformed input throws a BadRequest ApiError.
 */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const terms = splitTerms(text).sort(compareStrings);
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (split === undefined) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const value = unescapeFieldValue(split.rhs);
    if (split.lhs === '' && value === '') continue;
    requirements.push({ field: split.lhs, operator: split.op === '!=' ? '!=' : '=', value });
  }
  return requirements;
}

/**
 * Every requirement must hold. A field the object does not have reads as "", as in
 * Kubernetes' fields.Set, so `spec.nodeName=` selects unscheduled pods.
 */
export function matchesFields(reqs: FieldRequirement[], fields: (name: string) => string | undefined): boolean {
  return reqs.every((r) => {
    const actual = fields(r.field) ?? '';
    return r.operator === '=' ? actual === r.value : actual !== r.value;
  });
}

/** Selector.String(): `a=b,c!=d` with values escaped again. */
export function formatFieldSelector(reqs: FieldRequirement[]): string {
  return reqs.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}

/** fields.RequiresExactMatch: the value an `=` term pins the field to, if any. */
export function fieldSelectorExactMatch(reqs: FieldRequirement[], field: string): string | undefined {
  return reqs.find((r) => r.field === field && r.operator === '=')?.value;
}

export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/** fields.UnescapeValue; its error texts are Kubernetes' own. */
export function unescapeFieldValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let inSlash = false;
  for (const ch of value) {
    if (inSlash) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${ch}`);
      }
      out += ch;
      inSlash = false;
    } else if (ch === '\\') {
      inSlash = true;
    } else if (ch === ',' || ch === '=') {
      // Go prints the rune with %v, i.e. as its number.
      throw badRequest(`invalid field selector: unescaped character in value: ${ch.codePointAt(0) ?? 0}`);
    } else {
      out += ch;
    }
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas that are not escaped; the escape itself stays for unescapeFieldValue. */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (inSlash) inSlash = false;
    else if (ch === '\\') inSlash = true;
    else if (ch === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The first operator occurrence wins, "!=" and "==" before "=" at the same position. */
function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
