#!/usr/bin/env bash
# Installs the pinned actionlint into .tools/bin/actionlint with `go install` (the module proxy),
# for the test that lints examples/ci/github-actions/*.yml.
set -euo pipefail
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.7}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"
go_bin="$(command -v go || true)"
[ -n "$go_bin" ] || { [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go; }
if [ -x "$bin/actionlint" ] && "$go_bin" version -m "$bin/actionlint" 2>/dev/null | grep -q "mod.*rhysd/actionlint.*$ACTIONLINT_VERSION"; then
  echo "actionlint $ACTIONLINT_VERSION already installed at $bin/actionlint"
  exit 0
fi
[ -n "$go_bin" ] || { echo "error: Go is needed to install actionlint (apt-get install golang-go)" >&2; exit 3; }
GOBIN="$bin" GOFLAGS=-mod=mod CGO_ENABLED=0 "$go_bin" install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
