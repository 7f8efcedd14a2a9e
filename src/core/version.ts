import pkg from '../../package.json' with { type: 'json' }

/** Strata's version, from package.json: it goes into every commit's `engineInfo`. */
export const STRATA_VERSION: string = pkg.version
