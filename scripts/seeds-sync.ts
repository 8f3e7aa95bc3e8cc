/**
 * npm run seeds:sync — copies the seed documents and the seed-rule catalogue from ../shared/ into
 * docs/seeds/ (the copy the content checks read). Run it when ../shared/ changes.
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { catalogueFile, seedsDir, sharedCatalogueFile, sharedSeedsDir } from './lib/seeds.js';

if (!existsSync(sharedSeedsDir)) {
  console.error(`seeds:sync: ${sharedSeedsDir} not found`);
  process.exit(1);
}
for (const f of readdirSync(sharedSeedsDir).filter((f) => /\.(txt|md)$/.test(f)))
  copyFileSync(path.join(sharedSeedsDir, f), path.join(seedsDir, f));
copyFileSync(sharedCatalogueFile, catalogueFile);
console.log(`seeds:sync: docs/seeds/ updated from ${path.dirname(sharedSeedsDir)}`);
