/**
 * The part of docker's reference grammar (distribution/reference, as used by
 * parsers.ParseImageName) that image pull policy defaulting depends on: the tag.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
const NAME_MAX_LENGTH = 255;

export interface ImageReference {
  tag: string;
  digest: string;
}

/**
 * Parses `[domain/]path[:tag][@digest]`. A reference with neither tag nor digest
 * means `:latest`. Returns undefined where Kubernetes' parser reports an error.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (image === '' || IDENTIFIER_RE.test(image)) return undefined;
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_RE.test(digest)) return undefined;
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_RE.test(tag)) return undefined;
  }
  if (rest.length > NAME_MAX_LENGTH || !isValidName(rest)) return undefined;
  if (tag === '' && digest === '') tag = 'latest';
  return { tag, digest };
}

function isValidName(name: string): boolean {
  const parts = name.split('/');
  const first = parts[0] ?? '';
  // Like splitDockerDomain: a first part with '.', ':', upper case, or "localhost" names a registry.
  const hasDomain = parts.length > 1 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first);
  if (hasDomain && !DOMAIN_RE.test(first)) return false;
  const path = hasDomain ? parts.slice(1) : parts;
  return path.length > 0 && path.every((component) => PATH_COMPONENT_RE.test(component));
}

/** SetDefaults_Container: `:latest` (or no tag) means Always, anything else IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return parseImageReference(image)?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
