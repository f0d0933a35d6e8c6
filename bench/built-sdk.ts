import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Arianee from 'reservekit/arianee';
import type * as Dots from 'reservekit/dots';
import { DIST_DIR } from './build-package.js';

/** The `reservekit/arianee` module: its types from src/, its code from the built package. */
export type ArianeeModule = typeof Arianee;
export type ArianeeClientInstance = InstanceType<ArianeeModule['ArianeeClient']>;

let loaded: Promise<ArianeeModule> | undefined;

/**
 * Imports the BUILT `reservekit/arianee` (ESM) into this process. In-process measurements use it
 * rather than src/ through tsx: tsx compiles with esbuild's `keepNames`, which wraps every closure
 * created per call in a `__name()` call that the published code does not have.
 */
export function loadBuiltArianee(): Promise<ArianeeModule> {
  loaded ??= import(pathToFileURL(join(DIST_DIR, 'arianee/index.js')).href) as Promise<ArianeeModule>;
  return loaded;
}

/** The `reservekit/dots` module, built (see {@link loadBuiltArianee}). */
export type DotsModule = typeof Dots;

let loadedDots: Promise<DotsModule> | undefined;

export function loadBuiltDots(): Promise<DotsModule> {
  loadedDots ??= import(pathToFileURL(join(DIST_DIR, 'dots/index.js')).href) as Promise<DotsModule>;
  return loadedDots;
}
