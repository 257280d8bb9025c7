/** larkcal's version, from its package.json: one level up from both src/ (tsx) and dist/ (built). */
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
