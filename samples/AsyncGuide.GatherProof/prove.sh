#!/usr/bin/env bash
# Proves AG0201 pays: runs the committed sample ("before"), applies the AG0201 fix with
# `dotnet format analyzers` in a scratch copy of the repository (the repo is never modified),
# runs the fixed copy ("after"), and compares output and elapsed time.
#
#   samples/AsyncGuide.GatherProof/prove.sh                    # fix emits Async.Gather (runtime referenced)
#   samples/AsyncGuide.GatherProof/prove.sh --without-runtime  # scratch copy drops the runtime: fix emits Task.WhenAll
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sample="samples/AsyncGuide.GatherProof"
mode="${1:-}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Only what the sample builds from; no bin/obj, no .git.
for item in global.json Directory.Build.props Directory.Packages.props .editorconfig README.md src "$sample"; do
  mkdir -p "$scratch/$(dirname "$item")"
  cp -R "$repo/$item" "$scratch/$item"
done
find "$scratch" -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

if [[ "$mode" == "--without-runtime" ]]; then
  sed -i '/src\\Runtime\\AsyncGuide.csproj/d' "$scratch/$sample/AsyncGuide.GatherProof.csproj"
fi

# Debug (the default) on purpose: dotnet format resolves the analyzer project references for Debug.
run() { # run <dir>: prints the program's output; its last line is the elapsed time
  dotnet build "$1/$sample" -nologo -v:q >/dev/null
  dotnet run --no-build --project "$1/$sample"
}

echo "== before: $sample/Program.cs as committed"
before="$(run "$scratch")"
echo "$before"

echo "== applying the AG0201 fix: dotnet format analyzers --diagnostics AG0201 --severity info"
dotnet format analyzers "$scratch/$sample" --diagnostics AG0201 --severity info
if diff -u "$repo/$sample/Program.cs" "$scratch/$sample/Program.cs"; then
  echo "FAIL: dotnet format did not change Program.cs" >&2
  exit 1
fi

echo "== after"
after="$(run "$scratch")"
echo "$after"

if [[ "$(echo "$before" | sed '$d')" != "$(echo "$after" | sed '$d')" ]]; then
  echo "FAIL: the results differ" >&2
  exit 1
fi
echo "== same results; before $(echo "$before" | tail -n1 | sed 's/elapsed: //'), after $(echo "$after" | tail -n1 | sed 's/elapsed: //')"
