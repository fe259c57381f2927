/**
 * Whether a string is an image reference Docker's reference grammar
 * (github.com/distribution/reference) accepts: `[domain[:port]/]path[:tag][@digest]`
 * with lowercase path components. The process runtime runs no image, but a
 * pod naming an invalid one still fails as on any node (InvalidImageName).
 */

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const withDomain = new RegExp(`^(${domain})/(${pathComponent}(?:/${pathComponent})*)(?::${tag})?(?:@${digest})?$`);
const withoutDomain = new RegExp(`^(${pathComponent}(?:/${pathComponent})*)(?::${tag})?(?:@${digest})?$`);

const NAME_TOTAL_LENGTH_MAX = 255;

export function isValidImageReference(reference: string): boolean {
  const domainMatch = withDomain.exec(reference);
  // As Docker's splitDockerDomain: the first component is a domain only when it looks like one (a dot, a port, localhost, uppercase).
  if (domainMatch !== null && looksLikeDomain(domainMatch[1] ?? '')) {
    return (domainMatch[1] ?? '').length + 1 + (domainMatch[2] ?? '').length <= NAME_TOTAL_LENGTH_MAX;
  }
  const match = withoutDomain.exec(reference);
  return match !== null && (match[1] ?? '').length <= NAME_TOTAL_LENGTH_MAX;
}

function looksLikeDomain(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}
