#!/usr/bin/env bash
# The quick start's main job, offline: set up, write a demo mirror of small stand-in
# executables, and build all 40 packages (5 packages x 4 architectures x DEB/RPM) into demo-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
version="${KUBERNETES_VERSION:-1.31.4}"
rm -rf demo-mirror demo-out
node dist/cli/main.js demo-mirror --out demo-mirror --kubernetes-version "$version"
node dist/cli/main.js build --kubernetes-version "$version" --mirror demo-mirror --out demo-out
echo "packages, manifest.json and SHA256SUMS are in demo-out/"
