import type { KubeObject } from '../../types/meta.ts';
import { cloneJson } from '../../types/clone-json.ts';

/**
 * The object the admission chain defaulted last. Validators judge a
 * defaulted copy, so a raw manifest and its stored form get one verdict; this
 * object is that copy already, and they may read it as it is. Admission
 * validates right after defaulting, in the same synchronous step, so the last
 * one is the one being validated; anything else gets a defaulted copy, as
 * before. A WeakSet of every object defaulted did the same at the cost of an
 * entry per write, and weak tables stall the event loop when they grow (see
 * docs/benchmarks.md, "A smaller heap and no weak-collection stalls").
 */
let lastDefaulted: KubeObject | undefined;

/** A kind's defaulting as the admission chain runs it (the kind's `defaults`). */
export function admissionDefaults(applyDefaults: (obj: KubeObject) => void): (obj: KubeObject) => void {
  return (obj) => {
    applyDefaults(obj);
    lastDefaulted = obj;
  };
}

/** `obj` with `applyDefaults` run: itself when admission has just done that, else a defaulted deep copy. */
export function defaultedView(obj: KubeObject, applyDefaults: (obj: KubeObject) => void): KubeObject {
  if (obj === lastDefaulted) return obj;
  const copy = cloneJson(obj);
  applyDefaults(copy);
  return copy;
}
