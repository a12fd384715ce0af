#!/usr/bin/env bash
# Installs the pinned nfpm into .tools/bin/nfpm (the project's own install, which kubepkg
# finds after --nfpm and KUBEPKG_NFPM). Uses `go install` through the Go module proxy:
# release tarballs live on GitHub, which many build machines (and air-gapped ones) cannot reach.
set -euo pipefail
NFPM_VERSION="${NFPM_VERSION:-v2.45.2}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"
if [ -x "$bin/nfpm" ] && go_bin="$(command -v go || echo /usr/local/go/bin/go)" \
   && "$go_bin" version -m "$bin/nfpm" 2>/dev/null | grep -q "mod.*github.com/goreleaser/nfpm/v2.*$NFPM_VERSION"; then
  echo "nfpm $NFPM_VERSION already installed at $bin/nfpm"
  exit 0
fi
go_bin="$(command -v go || true)"
[ -n "$go_bin" ] || { [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go; }
if [ -z "$go_bin" ]; then
  echo "error: Go is needed to install nfpm $NFPM_VERSION (apt-get install golang-go, or install Go from go.dev)." >&2
  echo "       Alternatively install nfpm yourself and pass --nfpm PATH or set KUBEPKG_NFPM." >&2
  exit 3
fi
echo "installing nfpm $NFPM_VERSION with $go_bin ..."
GOBIN="$bin" GOFLAGS=-mod=mod CGO_ENABLED=0 "$go_bin" install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION"
"$go_bin" version -m "$bin/nfpm" | grep -E '^\s*mod\s'
