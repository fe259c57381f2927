/**
 * Kubernetes' `$(VAR)` expansion (third_party/forked/golang/expansion): used for
 * env values, command/args and subPathExpr. `$(NAME)` becomes NAME's value when
 * the lookup knows it and stays as written otherwise; `$$` is an escaped `$`, so
 * `$$(NAME)` yields the literal `$(NAME)`; any other `$` is kept.
 */

/** Returns the value of a variable, or undefined when it is not defined. */
export type VariableLookup = (name: string) => string | undefined;

const OPERATOR = '$';
const OPENER = '(';
const CLOSER = ')';

export function expand(input: string, lookup: VariableLookup): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== OPERATOR || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const { text, isVariable, advance } = readVariableName(input, cursor + 1);
    if (isVariable) out += lookup(text) ?? `${OPERATOR}${OPENER}${text}${CLOSER}`;
    else out += text;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** Reads what follows a `$` at `start`; `advance` is how many characters it consumed. */
function readVariableName(input: string, start: number): { text: string; isVariable: boolean; advance: number } {
  const first = input[start];
  if (first === OPERATOR) return { text: OPERATOR, isVariable: false, advance: 1 };
  if (first === OPENER) {
    const close = input.indexOf(CLOSER, start + 1);
    // An unterminated `$(` is copied and scanning goes on right after it.
    if (close === -1) return { text: OPERATOR + OPENER, isVariable: false, advance: 1 };
    return { text: input.slice(start + 1, close), isVariable: true, advance: close - start + 1 };
  }
  return { text: OPERATOR + (first ?? ''), isVariable: false, advance: 1 };
}
