/**
 * Where the seed documents and the seed-rule catalogue are read from by the content checks
 * (kb:check, kb:coverage): a copy in docs/seeds/, so a clean clone and CI need nothing beside the
 * repository. `npm run seeds:sync` refreshes the copy from ../shared/ when that folder is there,
 * and a test fails when the two differ.
 */
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The copy in the repository. */
export const seedsDir = path.join(root, 'docs', 'seeds');
export const catalogueFile = path.join(seedsDir, 'seed-rules.md');

/** The shared originals beside the repository (may be absent). */
export const sharedSeedsDir = path.resolve(root, '..', 'shared', 'seeds');
export const sharedCatalogueFile = path.resolve(root, '..', 'shared', 'domain', 'seed-rules.md');
