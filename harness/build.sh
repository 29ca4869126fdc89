#!/usr/bin/env bash
# Builds harness/bin/kubefort-harness: a real kube-apiserver plus embedded etcd
# for kubefort's integration tests (see docs/harness.md).
#
# Needs only Go (1.26+); modules come through the Go module proxy, compiled
# packages are reused from the Go build cache. Does nothing when the binary is
# newer than every harness source file; KUBEFORT_HARNESS_FORCE=1 rebuilds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$here/bin/kubefort-harness"

if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then
    export PATH="$PATH:/usr/local/go/bin"
  else
    echo "harness/build.sh: Go is not installed (need Go 1.26 or newer)" >&2
    exit 1
  fi
fi

if [ -x "$bin" ] && [ "${KUBEFORT_HARNESS_FORCE:-0}" != 1 ]; then
  newer="$(find "$here" -path "$here/bin" -prune -o -type f \
    \( -name '*.go' -o -name go.mod -o -name go.sum -o -name build.sh \) -newer "$bin" -print -quit)"
  if [ -z "$newer" ]; then
    echo "harness/build.sh: $bin is up to date" >&2
    exit 0
  fi
fi

cd "$here"
start=$(date +%s)

# Stamp the Kubernetes version the way the upstream build does, so /version and
# the Node objects report the release the API server was compiled from.
kver="$(go list -m -f '{{.Version}}' k8s.io/kubernetes)"
ktime="$(go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' k8s.io/kubernetes)"
major="${kver#v}"; major="${major%%.*}"
minor="${kver#v*.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$kver -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=${ktime:-1970-01-01T00:00:00Z}"
done

mkdir -p "$here/bin"
tmp="$(mktemp "$here/bin/.kubefort-harness.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
echo "harness/build.sh: building kube-apiserver $kver harness (the first build takes minutes)" >&2
CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp" .
mv -f "$tmp" "$bin"
trap - EXIT
echo "harness/build.sh: built $bin in $(( $(date +%s) - start ))s" >&2
