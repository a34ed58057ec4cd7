// The seed fixture: the 2023 report of the St. Petersburg – Smolensk roadmap as an import document.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './local-env';

export const SEED_FIXTURE_PATH = path.join(ROOT, 'shared', 'demo', 'seed-2023.json');

export function loadSeedFixture(): unknown {
  return JSON.parse(fs.readFileSync(SEED_FIXTURE_PATH, 'utf8'));
}
