import { describe, expect, it } from 'vitest';
import { ApiError, isApiError } from '../errors.ts';
import type { LabelSelector } from '../types/meta.ts';
import {
  formatLabelSelector,
  labelSelectorFromObject,
  labelSelectorFromSet,
  labelSelectorToString,
  matchesLabels,
  newLabelRequirement,
  parseLabelSelector,
  type LabelRequirement,
} from './label-selector.ts';

function parseError(text: string): ApiError {
  try {
    parseLabelSelector(text);
  } catch (error) {
    if (isApiError(error, 'BadRequest')) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

const req = (key: string, operator: LabelRequirement['operator'], values: string[] = []): LabelRequirement => ({ key, operator, values });

describe('parseLabelSelector (Kubernetes TestSetSelectorParser)', () => {
  it.each<[string, LabelRequirement[]]>([
    ['', []],
    ['\rx', [req('x', 'Exists')]],
    ['this-is-a-dns.domain.com/key-with-dash', [req('this-is-a-dns.domain.com/key-with-dash', 'Exists')]],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', [req('0.1.2.domain/99', 'NotIn', ['10.10.100.1', 'tick.tack.clock'])]],
    ['foo  in\t (abc)', [req('foo', 'In', ['abc'])]],
    ['x notin\n (abc)', [req('x', 'NotIn', ['abc'])]],
    ['x in (abc,)', [req('x', 'In', ['', 'abc'])]],
    ['x in (abc,abc)', [req('x', 'In', ['abc'])]],
    ['x in ()', [req('x', 'In', [''])]],
    ['x in (a,,a,,a,,a,,)', [req('x', 'In', ['', 'a'])]],
    [
      'x notin (abc,,def),bar,z in (),w',
      [req('bar', 'Exists'), req('w', 'Exists'), req('x', 'NotIn', ['', 'abc', 'def']), req('z', 'In', [''])],
    ],
    ['x=a', [req('x', 'Equals', ['a'])]],
    ['x==a', [req('x', 'DoubleEquals', ['a'])]],
    ['x=', [req('x', 'Equals', [''])]],
    ['x>1', [req('x', 'GreaterThan', ['1'])]],
    ['x<7', [req('x', 'LessThan', ['7'])]],
    ['!x', [req('x', 'DoesNotExist')]],
    ['x notin (, a)', [req('x', 'NotIn', ['', 'a'])]],
    ['a in (x,y,notin, z,in)', [req('a', 'In', ['in', 'notin', 'x', 'y', 'z'])]],
    ['env in (prod, qa),tier!=frontend', [req('env', 'In', ['prod', 'qa']), req('tier', 'NotEquals', ['frontend'])]],
    ['tier=web,app=nginx', [req('app', 'Equals', ['nginx']), req('tier', 'Equals', ['web'])]],
    ['in', [req('in', 'Exists')]],
  ])('%j', (text, expected) => {
    expect(parseLabelSelector(text)).toEqual(expected);
  });

  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'])(
    'prints %j back without spaces (TestSelectorParse)',
    (text) => {
      expect(labelSelectorToString(parseLabelSelector(text))).toBe(text.replaceAll(' ', ''));
    },
  );
});

describe('parseLabelSelector errors', () => {
  it.each<[string, string]>([
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`],
    ['x=a y=b', "found 'y', expected: ',' or 'end of string'"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a in x', "unable to parse requirement: found 'x' expected: '('"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['k@y=v', `unable to parse requirement: <nil>: Invalid value: "k@y": ${NAME_PART_MSG}`],
    ['env=-bad', `unable to parse requirement: values[0][env]: Invalid value: "-bad": ${LABEL_VALUE_MSG}`],
    [`k=${'a'.repeat(64)}`, `unable to parse requirement: values[0][k]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 bytes`],
  ])('%j', (text, message) => {
    const error = parseError(text);
    expect(error.message).toBe(message);
    expect(error.httpStatus).toBe(400);
  });

  it('accepts a 63-byte value and rejects 64', () => {
    expect(parseLabelSelector(`k=${'a'.repeat(63)}`)).toEqual([req('k', 'Equals', ['a'.repeat(63)])]);
    expect(() => parseLabelSelector(`k=${'a'.repeat(64)}`)).toThrow(ApiError);
  });
});

describe('newLabelRequirement (Kubernetes TestRequirementConstructor)', () => {
  it.each<[string, LabelRequirement['operator'], string[], string]>([
    ['x1', 'In', [], `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`],
    ['x5', 'Equals', ['bar', 'foo'], `values: Invalid value: []string{"bar", "foo"}: exact-match compatibility requires one single value`],
    ['x8', 'Exists', ['foo'], `values: Invalid value: []string{"foo"}: values set must be empty for exists and does not exist`],
    ['x13', 'GreaterThan', [], `values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required`],
    ['x14', 'GreaterThan', ['bar'], `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`],
    [
      'x/y/z',
      'Exists',
      [],
      `key: Invalid value: "x/y/z": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    [
      'x',
      'In',
      ['-a', 'b-'],
      `[values[0][x]: Invalid value: "-a": ${LABEL_VALUE_MSG}, values[1][x]: Invalid value: "b-": ${LABEL_VALUE_MSG}]`,
    ],
  ])('%s %s %j', (key, operator, values, message) => {
    expect(() => newLabelRequirement(key, operator, values)).toThrow(message);
  });

  it.each<[string, LabelRequirement['operator'], string[]]>([
    ['x3', 'In', ['foo']],
    ['x6', 'Exists', []],
    ['x11', 'GreaterThan', ['1']],
    ['x12', 'LessThan', ['6']],
  ])('accepts %s %s %j', (key, operator, values) => {
    expect(newLabelRequirement(key, operator, values)).toEqual(req(key, operator, values));
  });
});

describe('matchesLabels (Kubernetes TestSelectorMatches / TestRequirementSelectorMatching)', () => {
  it.each<[string, Record<string, string> | undefined, boolean]>([
    ['', { x: 'y' }, true],
    ['', undefined, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['x>1', { x: 'v2' }, false],
    ['x>1', {}, false],
    ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }, true],
    ['x in (foo),y in (alpha)', { x: 'foo', y: 'baz' }, false],
    ['x notin (),y', { y: '' }, true],
    ['!x,y', { y: '' }, true],
    ['x notin (),!y', { y: '' }, false],
    ['x in ()', { y: 'baz' }, false],
    ['x notin (a)', {}, true],
    ['env in (prod, qa),tier!=frontend', { env: 'qa', tier: 'backend' }, true],
    ['env in (prod, qa),tier!=frontend', { env: 'qa', tier: 'frontend' }, false],
    ['env in (prod, qa),tier!=frontend', { env: 'dev' }, false],
  ])('%j matches %j: %s', (text, labels, expected) => {
    expect(matchesLabels(parseLabelSelector(text), labels)).toBe(expected);
  });

  it('treats null (nothing) as matching no object, not even an unlabeled one', () => {
    expect(matchesLabels(null, {})).toBe(false);
    expect(matchesLabels(null, undefined)).toBe(false);
  });

  it('does not read inherited properties as labels', () => {
    expect(matchesLabels(parseLabelSelector('toString'), {})).toBe(false);
  });
});

describe('labelSelectorFromObject (metav1.LabelSelectorAsSelector)', () => {
  it.each<[string, LabelSelector | undefined, LabelRequirement[] | null]>([
    ['undefined selects nothing', undefined, null],
    ['empty selects everything', {}, []],
    ['empty lists select everything', { matchLabels: {}, matchExpressions: [] }, []],
    [
      'labels and expressions sorted by key',
      {
        matchLabels: { tier: 'web', app: 'nginx' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['qa', 'prod'] },
          { key: 'canary', operator: 'DoesNotExist' },
        ],
      },
      [req('app', 'Equals', ['nginx']), req('canary', 'DoesNotExist'), req('env', 'In', ['qa', 'prod']), req('tier', 'Equals', ['web'])],
    ],
  ])('%s', (_name, sel, expected) => {
    expect(labelSelectorFromObject(sel)).toEqual(expected);
  });

  it.each<[string, LabelSelector, string]>([
    ['unknown operator', { matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] }, '"Gt" is not a valid label selector operator'],
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In' }] }, "values set can't be empty"],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values set must be empty'],
    ['bad key', { matchLabels: { 'a b': 'c' } }, 'key: Invalid value: "a b": name part must consist of'],
    ['bad value', { matchLabels: { a: 'b c' } }, 'values[0][a]: Invalid value: "b c": a valid label must'],
    ['a non-string label value', JSON.parse('{"matchLabels":{"a":1}}') as LabelSelector, 'matchLabels[a]: Invalid value: 1: must be a string'],
  ])('rejects %s', (_name, sel, message) => {
    expect(() => labelSelectorFromObject(sel)).toThrow(message);
  });
});

describe('formatting', () => {
  it.each<[string, LabelRequirement[] | null, string]>([
    ['nothing', null, '<none>'],
    ['everything', [], '<none>'],
    [
      'kubectl style',
      labelSelectorFromObject({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['b', 'a'] }] }),
      'app=web,tier notin (a,b)',
    ],
    ['single set value', parseLabelSelector('x in (a)'), 'x in (a)'],
    ['all operators', parseLabelSelector('a=1,b==2,c!=3,d>4,e<5,f,!g,h in (x,y),i notin (z)'), 'a=1,b==2,c!=3,d>4,e<5,f,!g,h in (x,y),i notin (z)'],
  ])('%s', (_name, sel, expected) => {
    expect(formatLabelSelector(sel)).toBe(expected);
  });

  it('labelSelectorToString prints "" for an empty selector', () => {
    expect(labelSelectorToString([])).toBe('');
  });

  it('labelSelectorFromSet builds equality requirements sorted by key', () => {
    expect(labelSelectorFromSet({ b: '2', a: '1' })).toEqual([req('a', 'Equals', ['1']), req('b', 'Equals', ['2'])]);
  });
});
