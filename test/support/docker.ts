/**
 * Whether the tests that need a Docker engine can run. With CI=true a missing
 * engine is an error (CI must run them for real); elsewhere they are skipped
 * with a visible message, so that a laptop without Docker still runs the rest.
 */
import Docker from 'dockerode';

let answer: Promise<boolean> | undefined;

async function probe(): Promise<boolean> {
  try {
    await new Docker().ping();
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') throw new Error(`CI=true but no Docker engine answers (${reason}); run: bash scripts/services.sh start`);
    console.warn(`[kubernel tests] SKIPPING Docker tests: no Docker engine answers (${reason}). Start one with: bash scripts/services.sh start`);
    return false;
  }
}

export function dockerAvailable(): Promise<boolean> {
  answer ??= probe();
  return answer;
}

/** The locally built test image (scripts/build-test-images.sh); no registry is reachable. */
export const TEST_IMAGE = 'kubernel/busybox:latest';
