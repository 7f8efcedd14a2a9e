/**
 * The license identifiers a Hugging Face dataset card's `license` field accepts
 * (huggingface.co/docs/hub/repositories-licenses), those an SPDX id can map to.
 */
const HF_LICENSES = new Set([
  'apache-2.0', 'mit', 'afl-3.0', 'artistic-2.0', 'bsl-1.0', 'bsd-2-clause', 'bsd-3-clause', 'bsd-3-clause-clear',
  'cc0-1.0', 'cc-by-2.0', 'cc-by-2.5', 'cc-by-3.0', 'cc-by-4.0', 'cc-by-sa-3.0', 'cc-by-sa-4.0', 'cc-by-nc-2.0',
  'cc-by-nc-3.0', 'cc-by-nc-4.0', 'cc-by-nd-4.0', 'cc-by-nc-nd-3.0', 'cc-by-nc-nd-4.0', 'cc-by-nc-sa-2.0',
  'cc-by-nc-sa-3.0', 'cc-by-nc-sa-4.0', 'cdla-sharing-1.0', 'cdla-permissive-1.0', 'cdla-permissive-2.0', 'wtfpl',
  'ecl-2.0', 'epl-1.0', 'epl-2.0', 'etalab-2.0', 'eupl-1.1', 'eupl-1.2', 'agpl-3.0', 'gfdl', 'gpl-2.0', 'gpl-3.0',
  'lgpl-2.1', 'lgpl-3.0', 'isc', 'lppl-1.3c', 'ms-pl', 'mpl-2.0', 'odc-by', 'odbl', 'osl-3.0', 'postgresql',
  'ofl-1.1', 'ncsa', 'unlicense', 'zlib', 'pddl', 'unknown',
])

// SPDX spellings whose Hugging Face identifier is not their lower case.
const RENAMED: Readonly<Record<string, string>> = {
  'odc-by-1.0': 'odc-by',
  'odbl-1.0': 'odbl',
  'pddl-1.0': 'pddl',
  'gfdl-1.1': 'gfdl', 'gfdl-1.2': 'gfdl', 'gfdl-1.3': 'gfdl',
}

/**
 * The Hugging Face identifier of a license as Strata records it (an SPDX id such as
 * `CC-BY-4.0`, `Apache-2.0`, `GPL-3.0-or-later`, `ODC-By-1.0`, or `unknown`), or
 * undefined when the Hub has none for it (`LicenseRef-…`, `proprietary`): a card then
 * says `other` and names the license in its text. SPDX ids are case-insensitive.
 */
export function hfLicense(license: string): string | undefined {
  let id = license.trim().toLowerCase()
  // GNU licenses: the Hub does not tell -only from -or-later, nor the invariant-section variants of the GFDL.
  id = id.replace(/-(only|or-later)$/, '').replace(/^(gfdl-1\.[123])-(no-)?invariants$/, '$1').replace(/\+$/, '')
  id = RENAMED[id] ?? id
  return HF_LICENSES.has(id) ? id : undefined
}

/**
 * The `license` of a card for data under `licenses` (as recorded, any order): their
 * common Hugging Face identifier, or `other` when they map to more than one, to none, or
 * when there are none.
 */
export function cardLicense(licenses: readonly string[]): string {
  const ids = new Set(licenses.map((l) => hfLicense(l) ?? 'other'))
  return ids.size === 1 ? [...ids][0]! : 'other'
}
