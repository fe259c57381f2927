/**
 * Reading EC2 Query-protocol request bodies (`Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=...`)
 * the way EC2 does: numbered members from 1, nested with dots.
 */

/** `InstanceId.1`, `InstanceId.2`, ... of `prefix` until one is missing. */
export function memberList(form: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let i = 1; ; i++) {
    const value = form.get(`${prefix}.${i}`);
    if (value === null) return values;
    values.push(value);
  }
}

/** `Filter.N.Name` / `Filter.N.Value.M` as name → values. */
export function filtersOf(form: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (let i = 1; ; i++) {
    const name = form.get(`Filter.${i}.Name`);
    if (name === null) return filters;
    filters.set(name, memberList(form, `Filter.${i}.Value`));
  }
}

/** `Tag.N.Key` / `Tag.N.Value` under `prefix` as key → value. */
export function tagsOf(form: URLSearchParams, prefix: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (let i = 1; ; i++) {
    const key = form.get(`${prefix}.Tag.${i}.Key`);
    if (key === null) return tags;
    tags.set(key, form.get(`${prefix}.Tag.${i}.Value`) ?? '');
  }
}

/** EC2 filter values match whole strings, with `*` for any run of characters and `?` for one. */
export function matchesFilter(value: string, patterns: readonly string[] | undefined): boolean {
  if (patterns === undefined) return true;
  return patterns.some((pattern) => {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${regex}$`).test(value);
  });
}

/** The page of `items` a request's MaxResults and NextToken select, and the token of the next page. */
export function pageOf<T>(items: readonly T[], form: URLSearchParams, defaultSize: number): { page: T[]; nextToken: string | undefined } {
  const start = Number(Buffer.from(form.get('NextToken') ?? '', 'base64').toString('utf8') || '0');
  const size = Math.min(Number(form.get('MaxResults') ?? defaultSize), defaultSize);
  const end = start + size;
  return { page: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}
