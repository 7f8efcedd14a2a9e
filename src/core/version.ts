import { readFileSync } from 'node:fs'

/** Strata's version, from package.json: it goes into every commit's `engineInfo`. */
export const STRATA_VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version
