import { describe, expect, it } from 'vitest';
import { expand } from './expansion.ts';

const vars: Record<string, string> = { VAR_A: 'A', VAR_B: 'B', VAR_EMPTY: '', PATH: '/bin' };
const lookup = (name: string): string | undefined => vars[name];

// Cases follow kubelet's expansion tests (third_party/forked/golang/expansion).
describe('expand', () => {
  it.each([
    ['a plain string', 'foo', 'foo'],
    ['a defined variable', '$(VAR_A)', 'A'],
    ['two variables', '___$(VAR_B)___$(VAR_A)', '___B___A'],
    ['an empty variable', 'x$(VAR_EMPTY)y', 'xy'],
    ['an undefined variable stays as written', '$(UNKNOWN)', '$(UNKNOWN)'],
    ['escaped reference', '$$(VAR_A)', '$(VAR_A)'],
    ['escaped then expanded', '$$$(VAR_A)', '$A'],
    ['double escape', '$$$$(VAR_A)', '$$(VAR_A)'],
    ['lone $', 'a$b', 'a$b'],
    ['trailing $', 'foo$', 'foo$'],
    ['$$ alone', '$$', '$'],
    ['unterminated reference', '$(VAR_A', '$(VAR_A'],
    ['unterminated then a reference', '$(VAR_A$(VAR_B)', '$(VAR_A$(VAR_B)'],
    ['empty name', '$()', '$()'],
    ['nested parentheses stop at the first )', '$(VAR_A)))', 'A))'],
    ['self reference uses the earlier value', '$(PATH):/usr/bin', '/bin:/usr/bin'],
    ['a $ before other characters', '$VAR_A', '$VAR_A'],
    ['multi-byte text after $', '$é$(VAR_B)', '$éB'],
  ])('%s: %j → %j', (_name, input, expected) => {
    expect(expand(input, lookup)).toBe(expected);
  });
});
