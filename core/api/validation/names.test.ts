import { describe, expect, it } from 'vitest';
import {
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isHTTPHeaderName,
  isQualifiedName,
  isStrictEnvVarName,
  isValidIP,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
} from './names.ts';

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('isDNS1123Label', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])(
    'accepts %s',
    (value) => expect(isDNS1123Label(value)).toEqual([]),
  );
  it.each<[string, string[]]>([
    ['', [DNS1123_LABEL_MSG]],
    ['A', [DNS1123_LABEL_MSG]],
    ['-', [DNS1123_LABEL_MSG]],
    ['a-', [DNS1123_LABEL_MSG]],
    ['_a', [DNS1123_LABEL_MSG]],
    ['a.b', ['must not contain dots']],
    ['a'.repeat(64), ['must be no more than 63 characters']],
    ['A'.repeat(64), ['must be no more than 63 characters', DNS1123_LABEL_MSG]],
  ])('rejects %j', (value, errors) => expect(isDNS1123Label(value)).toEqual(errors));
});

describe('isDNS1123Subdomain', () => {
  it.each(['a', 'a.a', '1.2.3', 'a-1.b-2', '0.a', `${'a'.repeat(63)}.${'b'.repeat(63)}`, 'a'.repeat(253)])('accepts %s', (value) =>
    expect(isDNS1123Subdomain(value)).toEqual([]),
  );
  it.each<[string, string[]]>([
    ['', [DNS1123_SUBDOMAIN_MSG]],
    ['A', [DNS1123_SUBDOMAIN_MSG]],
    ['a..b', [DNS1123_SUBDOMAIN_MSG]],
    ['a.', [DNS1123_SUBDOMAIN_MSG]],
    ['a_b', [DNS1123_SUBDOMAIN_MSG]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('rejects %j', (value, errors) => expect(isDNS1123Subdomain(value)).toEqual(errors));
});

describe('isDNS1035Label', () => {
  it.each(['a', 'ab', 'a-1', 'a--1--2--b', 'a'.repeat(63)])('accepts %s', (value) => expect(isDNS1035Label(value)).toEqual([]));
  it.each(['0', '01', '1a', '-', 'a-', 'a.b', 'A', ''])('rejects %j with the DNS-1035 message', (value) => {
    expect(isDNS1035Label(value)).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
  it('limits the length to 63', () => expect(isDNS1035Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']));
});

describe('isQualifiedName (label and annotation keys)', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes',
    'now.with.dots/simple',
    'now-with.dashes-and.dots/simple',
    '1-num.2-num/3-num',
    '1234/5678',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ])('accepts %s', (value) => expect(isQualifiedName(value)).toEqual([]));

  it.each<[string, string[]]>([
    ['', ['name part must be non-empty', NAME_PART_MSG]],
    ['/simple', ['prefix part must be non-empty']],
    ['example.com/', ['name part must be non-empty', NAME_PART_MSG]],
    ['Example.com/simple', [`prefix part ${DNS1123_SUBDOMAIN_MSG}`]],
    ['simple/', ['name part must be non-empty', NAME_PART_MSG]],
    ['-starts-with-dash', [NAME_PART_MSG]],
    ['ends-with-dash-', [NAME_PART_MSG]],
    ['has space', [NAME_PART_MSG]],
    ['a'.repeat(64), ['name part must be no more than 63 bytes']],
    [`${'a'.repeat(254)}/abc`, ['prefix part must be no more than 253 bytes']],
    [
      'a/b/c',
      [
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
  ])('rejects %j', (value, errors) => expect(isQualifiedName(value)).toEqual(errors));
});

describe('isValidLabelValue', () => {
  it.each(['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), '', 'Uppercase_Is_OK_123', 'a.b'])(
    'accepts %j',
    (value) => expect(isValidLabelValue(value)).toEqual([]),
  );
  it.each<[string, string[]]>([
    ['a'.repeat(64), ['must be no more than 63 bytes']],
    ['nospecialchars%^=@', [LABEL_VALUE_MSG]],
    ['Tama-nui-te-rā.Atua', [LABEL_VALUE_MSG]],
    ['-starts-with-dash', [LABEL_VALUE_MSG]],
    ['ends-with-dash-', [LABEL_VALUE_MSG]],
    ['.starts.with.dot', [LABEL_VALUE_MSG]],
    ['has space', [LABEL_VALUE_MSG]],
    ['-'.repeat(64), ['must be no more than 63 bytes', LABEL_VALUE_MSG]],
  ])('rejects %j', (value, errors) => expect(isValidLabelValue(value)).toEqual(errors));
});

describe('isCIdentifier', () => {
  it.each(['a', 'ab', 'abc', 'a1', '_a', 'a_', 'a_b', 'a_1', 'A', 'AB', 'A_1', 'MyName'])('accepts %s', (value) =>
    expect(isCIdentifier(value)).toEqual([]),
  );
  it.each(['', '1', '123', '1a', 'a-b', 'a.b', 'a b', 'a@b', '#a'])('rejects %j', (value) =>
    expect(isCIdentifier(value)).toEqual([
      "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
    ]),
  );
});

describe('isValidPortName / isValidPortNum', () => {
  it.each(['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3', 'http', 'abcdefghijklmno'])('accepts name %s', (v) =>
    expect(isValidPortName(v)).toEqual([]),
  );
  it.each<[string, string[]]>([
    ['', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
    ['abcdefghijklmnop', ['must be no more than 15 characters']],
    ['Http', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['1234', ['must contain at least one letter (a-z)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['-ab', ['must not begin or end with a hyphen']],
    ['ab-', ['must not begin or end with a hyphen']],
    ['a_b', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
  ])('rejects name %j', (v, errors) => expect(isValidPortName(v)).toEqual(errors));
  it.each([1, 2, 1000, 65535])('accepts port %d', (port) => expect(isValidPortNum(port)).toEqual([]));
  it.each([0, -1, 65536, 100000, 1.5])('rejects port %d', (port) =>
    expect(isValidPortNum(port)).toEqual(['must be between 1 and 65535, inclusive']),
  );
});

describe('isConfigMapKey', () => {
  it.each(['a', 'good', 'good-good', 'still.good', 'this.is.also.good', '.so.is.this', 'THIS_IS_GOOD', 'so_is_this_17', 'a'.repeat(253)])(
    'accepts %s',
    (value) => expect(isConfigMapKey(value)).toEqual([]),
  );
  const regex =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
  it.each<[string, string[]]>([
    ['.', ["must not be '.'"]],
    ['..', ["must not be '..'"]],
    ['..bad', ["must not start with '..'"]],
    ['b*d', [regex]],
    ['bad!&bad', [regex]],
    ['', [regex]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('rejects %j', (value, errors) => expect(isConfigMapKey(value)).toEqual(errors));
});

describe('isEnvVarName (relaxed, GA since Kubernetes 1.34)', () => {
  it.each(['-', ':', '_', '+a', '>a', '<a', 'a.', 'a..', '*a', '%a', '?a', 'a:a', 'aAz', '~a', '|a', 'a0a', '/a', 'a ', '#a', '0a', '0 a', "'a", '@a'])(
    'accepts %j',
    (value) => expect(isEnvVarName(value)).toEqual([]),
  );
  const printable = "a valid environment variable name must consist only of printable ASCII characters other than '='";
  it.each<[string, string[]]>([
    ['', ['environment variable name must be non-empty']],
    ['=', [printable]],
    ['a=b', [printable]],
    ['\u0001abc', [printable]],
    ['Ç ç', [printable]],
  ])('rejects %j', (value, errors) => expect(isEnvVarName(value)).toEqual(errors));

  it.each<[string, number]>([
    ['my.env-name', 0],
    ['MY_ENV.NAME', 0],
    ['1abc', 1],
    ['..x', 1],
    ['a b', 1],
  ])('the strict pre-1.34 rule: %j has %d problems', (value, count) => expect(isStrictEnvVarName(value)).toHaveLength(count));
});

describe('isValidPercent / isHTTPHeaderName', () => {
  it.each(['0%', '1%', '100%', '93%'])('accepts percent %s', (v) => expect(isValidPercent(v)).toEqual([]));
  it.each(['', '0', '100', '0.0%', '99.9%', 'hundred%', '%', '-1%', '+1%'])('rejects percent %j', (v) =>
    expect(isValidPercent(v)).toEqual([
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]),
  );
  it.each<[string, number]>([
    ['X-Header-Name', 0],
    ['Content-Type', 0],
    ['X_Header', 1],
    ['', 1],
  ])('header %j has %d problems', (v, n) => expect(isHTTPHeaderName(v)).toHaveLength(n));
});

describe('isValidIP (Kubernetes TestIsValidIP)', () => {
  it.each(['1.2.3.4', '0.0.0.0', '255.255.255.255', '1234::abcd', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db8::1', '::1', '1:0:0:1::1'])(
    'accepts %s',
    (value) => expect(isValidIP(value)).toEqual([]),
  );
  it.each<[string, string]>([
    ['0:0:0:0:0:0:0:0', 'must be in canonical form ("::")'],
    ['0001:002:03:4::', 'must be in canonical form ("1:2:3:4::")'],
    ['1234::ABCD', 'must be in canonical form ("1234::abcd")'],
    ['1:0:0:0:1:0:0:1', 'must be in canonical form ("1::1:0:0:1")'],
    ['1::0:1', 'must be in canonical form ("1::1")'],
    ['::1.2.3.4', 'must be in canonical form ("::102:304")'],
    ['1.1.1.01', 'must not have leading 0s'],
    ['::ffff:1.1.1.1', 'must not be an IPv4-mapped IPv6 address'],
    ['', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['aaaaaaa', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['myhost.mydomain', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['1.2.3.0/24', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['1.2.3.400', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['-1.0.0.0', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['2001:db8::10005', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['1.2.3.4:80', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['[2001:db8::1]', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['fe80::1%eth0', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['1:2:3:4:5:6:7::8', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    ['1::2::3', 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
  ])('rejects %j', (value, error) => expect(isValidIP(value)).toEqual([error]));
});
