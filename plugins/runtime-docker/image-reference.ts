/**
 * Docker image references, checked as Docker's reference grammar does
 * (github.com/distribution/reference), so that a bad name fails as
 * InvalidImageName before the engine is asked.
 */
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const MAX_NAME_LENGTH = 255;

export interface ParsedReference {
  name: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** The parts of `reference`, or the reason it is not one (Docker's wording). */
export function parseImageReference(reference: string): ParsedReference | { error: string } {
  const match = REFERENCE.exec(reference);
  if (match === null) {
    const lowered = REFERENCE.exec(reference.toLowerCase());
    return { error: lowered !== null && reference !== reference.toLowerCase() ? 'invalid reference format: repository name must be lowercase' : 'invalid reference format' };
  }
  const [, repository = '', tagPart, digestPart] = match;
  if (repository.length > MAX_NAME_LENGTH) return { error: `repository name must not be more than ${MAX_NAME_LENGTH} characters` };
  return { name: repository, tag: tagPart, digest: digestPart };
}

/** kubelet's applyDefaultImageTag: `busybox` means `busybox:latest`; a digest needs no tag. */
export function withDefaultTag(parsed: ParsedReference): string {
  if (parsed.digest !== undefined) return parsed.tag === undefined ? `${parsed.name}@${parsed.digest}` : `${parsed.name}:${parsed.tag}@${parsed.digest}`;
  return `${parsed.name}:${parsed.tag ?? 'latest'}`;
}

/** What `imageID` shows, as dockershim made it: the pullable digest when the image came from a registry, else its content id. */
export function imageIdOf(image: { Id: string; RepoDigests?: string[] | undefined }): string {
  const digest = image.RepoDigests?.[0];
  return digest === undefined ? `docker://${image.Id}` : `docker-pullable://${digest}`;
}
