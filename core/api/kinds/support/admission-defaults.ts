import type { KubeObject } from '../../types/meta.ts';
import { cloneJson } from '../../types/clone-json.ts';

/**
 * Objects the admission chain has just defaulted. Validators judge a
 * defaulted copy, so a raw manifest and its stored form get one verdict; an
 * object in here is that copy already, and they may read it as it is.
 * Admission validates right after defaulting, and every write starts from its
 * own clone, which is not in here.
 */
const defaultedByAdmission = new WeakSet<KubeObject>();

/** A kind's defaulting as the admission chain runs it (the kind's `defaults`). */
export function admissionDefaults(applyDefaults: (obj: KubeObject) => void): (obj: KubeObject) => void {
  return (obj) => {
    applyDefaults(obj);
    defaultedByAdmission.add(obj);
  };
}

/** `obj` with `applyDefaults` run: itself when admission has just done that, else a defaulted deep copy. */
export function defaultedView(obj: KubeObject, applyDefaults: (obj: KubeObject) => void): KubeObject {
  if (defaultedByAdmission.has(obj)) return obj;
  const copy = cloneJson(obj);
  applyDefaults(copy);
  return copy;
}
