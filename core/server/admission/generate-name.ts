import { randomInt } from 'node:crypto';

/** Kubernetes' alphabet for generated suffixes: no vowels (no words) and no look-alike characters. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;
const MAX_BASE_LENGTH = 63 - SUFFIX_LENGTH;

export function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${base.slice(0, MAX_BASE_LENGTH)}${suffix}`;
}
