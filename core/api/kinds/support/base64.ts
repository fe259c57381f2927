/**
 * []byte fields (Secret data, ConfigMap binaryData) travel as standard, padded base64,
 * which Go's encoding/json decodes with base64.StdEncoding. That decoder skips CR and LF
 * and refuses everything else outside the alphabet, including missing padding.
 */

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isStdBase64(text: string): boolean {
  return STD_BASE64.test(text.replace(/[\r\n]/g, ''));
}

/** How many bytes the base64 text stands for; only meaningful when isStdBase64 holds. */
export function decodedLength(text: string): number {
  const clean = text.replace(/[\r\n]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return (clean.length / 4) * 3 - padding;
}

export function encodeBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function decodeBase64(text: string): Buffer {
  return Buffer.from(text.replace(/[\r\n]/g, ''), 'base64');
}
