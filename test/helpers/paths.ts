// Where the repository's files are, for tests wherever they sit in test/.
import { resolve } from 'node:path';

/** The repository's root folder. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** Fixture pages and files (test/fixtures). */
export const FIXTURES = resolve(ROOT, 'test', 'fixtures');
