/** A value `JSON.stringify` writes as the JSON text it holds, unquoted. */
export interface RawJson {
  readonly rawJSON: string
}

// V8 (Node >= 21) has JSON.rawJSON and JSON.isRawJSON; TypeScript's lib does not declare them yet.
const json = JSON as unknown as { rawJSON(text: string): RawJson; isRawJSON(v: unknown): v is RawJson }

/** Wraps JSON text, such as a number's exact digits, so that `JSON.stringify` emits it as is. */
export function rawJson(text: string): RawJson {
  return json.rawJSON(text)
}

/** True when `v` came from `rawJson`. */
export function isRawJson(v: unknown): v is RawJson {
  return json.isRawJSON(v)
}
