import { describe, expect, it } from 'vitest';
import { NdjsonLines } from './http-ndjson.ts';

/** Feeds `text` cut at the given byte offsets and returns every line, the trailing one included. */
function linesOf(text: string, cuts: number[]): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const splitter = new NdjsonLines();
  const lines: string[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    lines.push(...splitter.push(bytes.subarray(from, cut)));
    from = cut;
  }
  const rest = splitter.end();
  if (rest !== undefined) lines.push(rest);
  return lines;
}

const events = '{"type":"ADDED","n":"a"}\n{"type":"MODIFIED","n":"é☃😀"}\n';
const snowmanAt = Buffer.from('{"type":"ADDED","n":"a"}\n{"type":"MODIFIED","n":"é', 'utf8').length;

describe('NdjsonLines', () => {
  it.each([
    ['one chunk', events, []],
    ['cut inside the first line', events, [7]],
    ['cut right after a newline', events, [25]],
    ['cut inside the 3-byte snowman', events, [snowmanAt + 1]],
    ['cut after the snowman first byte and inside the 4-byte emoji', events, [snowmanAt + 1, snowmanAt + 5]],
    ['one byte at a time', events, Array.from({ length: Buffer.byteLength(events) }, (_, i) => i + 1)],
  ])('%s gives back the same lines', (_what, text, cuts) => {
    expect(linesOf(text, cuts)).toEqual(['{"type":"ADDED","n":"a"}', '{"type":"MODIFIED","n":"é☃😀"}']);
  });

  it.each([
    ['blank lines are skipped', '\n{"a":1}\n\n \n{"b":2}\n', ['{"a":1}', '{"b":2}']],
    ['a last line without newline comes from end()', '{"a":1}\n{"b":2}', ['{"a":1}', '{"b":2}']],
    ['nothing', '', []],
  ])('%s', (_what, text, expected) => {
    expect(linesOf(text, [])).toEqual(expected);
  });

  it('holds back a line until its newline arrives', () => {
    const splitter = new NdjsonLines();
    expect(splitter.push(Buffer.from('{"a":'))).toEqual([]);
    expect(splitter.push(Buffer.from('1}'))).toEqual([]);
    expect(splitter.push(Buffer.from('\n{"b"'))).toEqual(['{"a":1}']);
    expect(splitter.end()).toBe('{"b"');
  });
});
