/**
 * Where the package is installed: the nearest folder above this file that holds package.json.
 * The same from the TypeScript sources (src/shared) and from a build (dist/src/shared), so
 * knowledge/ is found wherever the server is started from.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
