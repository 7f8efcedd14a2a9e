#!/bin/sh
# Runs a command with Node >= 22.18 first on PATH. On an older Node (a fresh machine may
# have Node 20), installs Node 24 from the npm registry once, into ~/.cache/strata-node24.
set -e
ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a>22||(a===22&&b>=18)?1:0)' 2>/dev/null || echo 0)
if [ "$ok" != 1 ]; then
  prefix="${STRATA_NODE_PREFIX:-$HOME/.cache/strata-node24}"
  if [ ! -x "$prefix/node_modules/.bin/node" ]; then
    echo "strata: Node $(node --version 2>/dev/null || echo missing) is too old; installing Node 24 from the npm registry into $prefix" >&2
    npm install --prefix "$prefix" --no-save --no-audit --no-fund node@24 >/dev/null
  fi
  PATH="$prefix/node_modules/.bin:$PATH"
  export PATH
fi
exec "$@"
