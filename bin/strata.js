#!/usr/bin/env node
// Entry point. Node >= 22.18 runs the TypeScript sources directly (type stripping); an
// older Node is told so before it trips over the first `.ts` import.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`strata: Node ${process.versions.node} is too old; Strata needs Node >= 22.18 (Node 24 LTS recommended).`)
  console.error('strata: run it as `scripts/with-node.sh strata …`, which installs Node 24 from the npm registry.')
  process.exit(1)
}
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
