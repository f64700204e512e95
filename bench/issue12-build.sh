#!/usr/bin/env bash
# Rebuilds the two builds that issue 12's "within 3% of before the change" compares, so the
# measurement in README (Performance) can be repeated:
#   before  0.1.0 as it landed (4ecf524)
#   after   0.1.0 plus issue 12's refactor alone, none of the second-round features: the tip
#           of the hosts/planning/shapes branch (da12712) merged with the tip of the runner
#           state-machine branch (2548d62), plus the parser split (e52f6fe). History holds no
#           such commit (the branches reached main through merges with feature work), so this
#           script makes one in a throwaway branch; the two conflicts are resolved the way
#           main resolved them, and bench/issue12-spread-fixes.patch applies main's two later
#           fixes of the refactor's own code (see below).
#
#   bash bench/issue12-build.sh [DIR]     # DIR defaults to ../issue12-builds
#
# Leaves DIR/before and DIR/after as git worktrees with dist/cli.js and a .vsix in each.
# Then, for example:
#   node bench/ab-cpu.mjs --runs 20 --count 20000 before=DIR/before/dist/cli.js after=DIR/after/dist/cli.js
#   BATCH_HTTP_E2E_VSIX=DIR/after/batch-http-0.1.0.vsix npm run bench:editor -- --requests 10000 --runs 2 --cli-runs 0
# Remove with: git worktree remove --force DIR/before; git worktree remove --force DIR/after;
# git branch -D issue12-only
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
dir=$(realpath -m "${1:-$repo/../issue12-builds}")
mkdir -p "$dir"
cd "$repo"

git worktree add -q --detach "$dir/before" 4ecf524
git worktree add -q -b issue12-only "$dir/after" da12712
cd "$dir/after"
git -c user.name=bench -c user.email=bench@localhost merge -q --no-edit 2548d62 || true
# export/index.ts: keep the hosts branch's single parse and add the runner branch's abort check.
python3 - <<'EOF'
import re
p = 'src/core/export/index.ts'
s = open(p).read()
s = re.sub(r"<<<<<<< HEAD\n(.*?)=======\n.*?>>>>>>> 2548d62\n",
           lambda m: m.group(1) + "  options.signal?.throwIfAborted();\n", s, flags=re.S)
open(p, 'w').write(s)
p = 'src/core/parser/options.ts'
s = open(p).read()
s = re.sub(r"<<<<<<< HEAD\n.*?=======\n.*?>>>>>>> 2548d62\n",
           "import type { FileReader, PlanDefaults, SettingsOverrides, TimeSource } from '../types';\n",
           s, flags=re.S)
open(p, 'w').write(s)
EOF
git checkout -q --theirs docs/architecture.md
if grep -rl '^<<<<<<< ' src docs test >/dev/null 2>&1; then
  echo "issue12-build: unexpected conflicts left" >&2; exit 1
fi
git add -A
git -c user.name=bench -c user.email=bench@localhost commit -qm 'issue 12 only: hosts + runner state machine (measurement build)'
git -c user.name=bench -c user.email=bench@localhost cherry-pick e52f6fe >/dev/null
# Two later fixes of the refactor's own code (main's ea0cafa and afe71bd, reduced to the part
# that touches issue 12's shapes): the JSON result and the live recorder's pending request had
# become `{ ...requestIdentity(r), more }`, which on Node 20 costs about 10 µs an object.
git apply "$repo/bench/issue12-spread-fixes.patch"
git -c user.name=bench -c user.email=bench@localhost commit -qam 'issue 12 only: the identity spreads replaced (as main did later)'

for side in before after; do
  (cd "$dir/$side" && npm ci --no-audit --no-fund >/dev/null && npm run -s package >/dev/null)
  echo "$side: $(cd "$dir/$side" && git log --oneline -1) -> $dir/$side/dist/cli.js"
done
