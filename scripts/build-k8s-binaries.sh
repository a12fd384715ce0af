#!/usr/bin/env bash
# Compiles real Kubernetes node binaries from source through the Go module proxy and lays them
# out as a kubepkg mirror (README "The mirror") with sha256/sha512 files, for the node test
# suite (test/node). amd64 only. Results are cached by version and reused when present.
#
#   scripts/build-k8s-binaries.sh --out DIR --kubernetes 1.36.2,1.36.3 --cri-tools 1.36.0 --cni 1.9.1
#
# Each option takes one version or a comma-separated list.
#
# kubeadm, kubelet and kubectl: k8s.io/kubernetes at the release tag, built from a generated
# module that requires it and replaces every k8s.io/* staging module (required as v0.0.0 by
# Kubernetes' own go.mod) with its published twin v0.<minor>.<patch>. Flags as Kubernetes'
# release build sets them (hack/lib/golang.sh, hack/lib/version.sh): -trimpath, -s -w, the
# version variables of k8s.io/component-base/version and k8s.io/client-go/pkg/version.
# CGO_ENABLED=0 for all three (upstream builds kubelet with cgo; nothing on a node needs it).
# crictl and the CNI plugins with `go install`, packed into the upstream archive names.
#
# Time (2 cores): about 8 minutes for the first Kubernetes version, a few for the next one of the
# same minor (Go's build cache), about a minute for crictl and the CNI plugins.
set -euo pipefail

out="" k8s_versions="" cri_version="" cni_version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --kubernetes) k8s_versions="$2"; shift 2 ;;
    --cri-tools) cri_version="$2"; shift 2 ;;
    --cni) cni_version="$2"; shift 2 ;;
    *) echo "error: unknown argument $1; fix: see the usage at the top of $0" >&2; exit 2 ;;
  esac
done
if [ -z "$out" ] || [ -z "$k8s_versions" ] || [ -z "$cri_version" ] || [ -z "$cni_version" ]; then
  echo "error: --out, --kubernetes, --cri-tools and --cni are required; fix: see the usage at the top of $0" >&2
  exit 2
fi

go=""
if command -v go >/dev/null 2>&1; then go="$(command -v go)"; elif [ -x /usr/local/go/bin/go ]; then go=/usr/local/go/bin/go; fi
if [ -z "$go" ]; then
  echo "error: Go is not installed (needed to compile the Kubernetes binaries for test/node); fix: install Go >= 1.26 from https://go.dev/dl/ into /usr/local/go (or apt-get install golang-go if recent enough)" >&2
  exit 3
fi

export CGO_ENABLED=0 GOOS=linux GOARCH=amd64 GOFLAGS=-mod=mod
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# one build at a time per cache (a second run waits, then finds the results)
exec 9>"$out/.lock"
flock 9
work="$(mktemp -d "$out/.build-XXXXXX")"
trap 'rm -rf "$work"' EXIT

checksums() { # file style(bare|named)
  local f="$1" style="$2" alg hex
  for alg in sha256 sha512; do
    hex="$("${alg}sum" "$f" | cut -d' ' -f1)"
    if [ "$style" = bare ]; then echo "$hex" >"$f.$alg"; else echo "$hex  $(basename "$f")" >"$f.$alg"; fi
  done
}

# A reproducible gzip'd tarball of the files in $2, entries named ./<file> like upstream's.
pack() { # target dir
  (cd "$2" && tar --sort=name --mtime=@946684800 --owner=0 --group=0 --numeric-owner -cf - ./*) | gzip -n -6 >"$1"
}

build_kubernetes() {
  local v="$1" minor patch dest mod date
  dest="$out/kubernetes/v$v/bin/linux/amd64"
  if [ -f "$dest/kubelet.sha512" ]; then echo "kubernetes v$v: cached in $dest"; return; fi
  minor="$(echo "$v" | cut -d. -f2)"
  patch="$(echo "$v" | cut -d. -f3)"
  mod="$work/k8s-$v"
  mkdir -p "$mod"
  echo "kubernetes v$v: resolving k8s.io/kubernetes@v$v"
  local gomod
  gomod="$("$go" mod download -json "k8s.io/kubernetes@v$v" | sed -n 's/^\s*"GoMod": "\(.*\)",\?$/\1/p')"
  date="$("$go" mod download -json "k8s.io/kubernetes@v$v" | sed -n 's/^\s*"Info": "\(.*\)",\?$/\1/p')"
  date="$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$date")"
  {
    echo "module kubepkg.test/k8s-build"
    echo
    echo "go $(sed -n 's/^go \(.*\)$/\1/p' "$gomod")"
    echo
    echo "require k8s.io/kubernetes v$v"
    echo
    # every staging module Kubernetes requires as v0.0.0 → its published release
    sed -n 's/^\s*\(k8s\.io\/[^ ]*\) v0\.0\.0$/\1/p' "$gomod" | sort -u |
      while read -r m; do echo "replace $m => $m v0.$minor.$patch"; done
  } >"$mod/go.mod"
  local pkg="k8s.io/kubernetes/cmd"
  (cd "$mod" && "$go" get "$pkg/kubeadm@v$v" "$pkg/kubelet@v$v" "$pkg/kubectl@v$v" >/dev/null)
  local ld="-s -w" key val
  for kv in "gitVersion=v$v" "gitMajor=1" "gitMinor=$minor" "gitTreeState=clean" "buildDate=$date"; do
    key="${kv%%=*}" val="${kv#*=}"
    ld="$ld -X k8s.io/client-go/pkg/version.$key=$val -X k8s.io/component-base/version.$key=$val"
  done
  mkdir -p "$work/bin-$v"
  echo "kubernetes v$v: compiling kubeadm, kubelet, kubectl"
  (cd "$mod" && "$go" build -trimpath -ldflags "$ld" -o "$work/bin-$v/" "$pkg/kubeadm" "$pkg/kubelet" "$pkg/kubectl")
  for b in kubeadm kubelet kubectl; do
    chmod 0755 "$work/bin-$v/$b"
    checksums "$work/bin-$v/$b" bare
  done
  mkdir -p "$(dirname "$dest")"
  mv "$work/bin-$v" "$dest"
  echo "kubernetes v$v: done ($dest)"
}

build_crictl() {
  local v="$1" dest="$out/cri-tools/v$1"
  if [ -f "$dest/crictl-v$v-linux-amd64.tar.gz.sha512" ]; then echo "cri-tools v$v: cached"; return; fi
  echo "cri-tools v$v: compiling crictl"
  mkdir -p "$work/cri-$v/bin" "$work/cri-$v/out"
  GOBIN="$work/cri-$v/bin" "$go" install -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=v$v" "sigs.k8s.io/cri-tools/cmd/crictl@v$v"
  pack "$work/cri-$v/out/crictl-v$v-linux-amd64.tar.gz" "$work/cri-$v/bin"
  checksums "$work/cri-$v/out/crictl-v$v-linux-amd64.tar.gz" bare
  mkdir -p "$out/cri-tools"
  mv "$work/cri-$v/out" "$dest"
}

build_cni() {
  local v="$1" dest="$out/cni-plugins/v$1" p="github.com/containernetworking/plugins/plugins"
  if [ -f "$dest/cni-plugins-linux-amd64-v$v.tgz.sha512" ]; then echo "cni-plugins v$v: cached"; return; fi
  echo "cni-plugins v$v: compiling the plugins"
  mkdir -p "$work/cni-$v/bin" "$work/cni-$v/out"
  local plugins=(main/bridge main/dummy main/host-device main/ipvlan main/loopback main/macvlan main/ptp main/tap
    main/vlan ipam/dhcp ipam/host-local ipam/static meta/bandwidth meta/firewall meta/portmap meta/sbr meta/tuning
    meta/vrf)
  local targets=() t
  for t in "${plugins[@]}"; do targets+=("$p/$t@v$v"); done
  GOBIN="$work/cni-$v/bin" "$go" install -trimpath \
    -ldflags "-s -w -X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=v$v" \
    "${targets[@]}"
  pack "$work/cni-$v/out/cni-plugins-linux-amd64-v$v.tgz" "$work/cni-$v/bin"
  checksums "$work/cni-$v/out/cni-plugins-linux-amd64-v$v.tgz" named
  mkdir -p "$out/cni-plugins"
  mv "$work/cni-$v/out" "$dest"
}

start=$SECONDS
IFS=, read -ra versions <<<"$k8s_versions"
for v in "${versions[@]}"; do build_kubernetes "$v"; done
IFS=, read -ra versions <<<"$cri_version"
for v in "${versions[@]}"; do build_crictl "$v"; done
IFS=, read -ra versions <<<"$cni_version"
for v in "${versions[@]}"; do build_cni "$v"; done
echo "real binaries ready in $out ($((SECONDS - start)) s)"
