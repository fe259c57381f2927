/**
 * A typed dependency-injection token. The phantom type ties what is registered
 * under the token to what is resolved from it, so no caller passes a bare
 * string and no resolve site needs a cast.
 */
export interface Token<T> {
  readonly id: symbol;
  readonly name: string;
  /** never set; carries T for the type checker only */
  readonly type?: T;
}

export function createToken<T>(name: string): Token<T> {
  return { id: Symbol(name), name };
}

/** The value type a token carries. */
export type TokenType<K> = K extends Token<infer T> ? T : never;
