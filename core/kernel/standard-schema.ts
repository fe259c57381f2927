/**
 * The Standard Schema interface (standardschema.dev) that zod, valibot and
 * arktype implement: plugins describe their options with any of them and the
 * kernel validates without depending on which.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

export type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;

/** `plugins[2].options.weight` from a base path and an issue path */
export function issuePath(base: string, issue: StandardIssue): string {
  let path = base;
  for (const segment of issue.path ?? []) {
    const key = typeof segment === 'object' ? segment.key : segment;
    path += typeof key === 'number' ? `[${key}]` : `${path === '' ? '' : '.'}${String(key)}`;
  }
  return path;
}

export async function validateWithSchema<O>(
  schema: StandardSchemaV1<unknown, O>,
  value: unknown,
  basePath: string,
): Promise<{ ok: true; value: O } | { ok: false; errors: string[] }> {
  const result = await schema['~standard'].validate(value);
  if (result.issues === undefined) return { ok: true, value: result.value };
  return { ok: false, errors: result.issues.map((issue) => `${issuePath(basePath, issue) || '(root)'}: ${issue.message}`) };
}
