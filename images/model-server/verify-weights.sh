#!/bin/sh
# Refuses weights that are not exactly the release's: SHA256SUMS must hash to the sha256 the deployment was given
# (model.weights.sha256 of the release in releases/), every file it lists must match its line, and no other file may be there
# (an unlisted file, e.g. a tokenizer or Python module, would be loaded unchecked).
# Usage: verify-weights.sh <weights directory> <sha256 of its SHA256SUMS>. Exit 0: verified; 3: refused; 2: usage.
set -eu

if [ "$#" -ne 2 ]; then
  echo "usage: verify-weights.sh <weights directory> <sha256 of SHA256SUMS>" >&2
  exit 2
fi
dir=$1
expected=$2
refuse() {
  echo "verify-weights: $1: refusing to serve these weights" >&2
  exit 3
}

[ -f "$dir/SHA256SUMS" ] || refuse "$dir/SHA256SUMS is missing (a release publishes its weights with their manifest)"
actual=$(sha256sum "$dir/SHA256SUMS" | cut -d ' ' -f 1)
[ "$actual" = "$expected" ] || refuse "$dir/SHA256SUMS hashes to $actual, the deployment expects $expected (model.weights.sha256)"

cd "$dir"
sha256sum --check --strict --quiet SHA256SUMS >&2 || refuse "a file in $dir does not match SHA256SUMS (lines above)"

listed=$(mktemp)
present=$(mktemp)
trap 'rm -f "$listed" "$present"' EXIT
# sha256sum lines are "<64 hex><space><space or *><path>".
cut -c 67- SHA256SUMS | sort > "$listed"
find . -type f ! -path ./SHA256SUMS | sed 's|^\./||' | sort > "$present"
unlisted=$(comm -13 "$listed" "$present")
[ -z "$unlisted" ] || refuse "files not in SHA256SUMS: $(echo "$unlisted" | tr '\n' ' ')"
echo "verify-weights: $(wc -l < "$listed" | tr -d ' ') files match SHA256SUMS ($actual)" >&2
