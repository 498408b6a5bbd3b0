#!/usr/bin/env bash
# Sets up a fresh Debian machine (root or sudo), builds automl in release mode and runs the main
# job on a bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! dpkg -s libgsl-dev libopenblas-dev libsqlite3-dev pkg-config >/dev/null 2>&1; then
    $SUDO apt-get update
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libgsl-dev libopenblas-dev libsqlite3-dev pkg-config
fi
swift build -c release --product automl
.build/release/automl data describe Examples/iris.csv --target target
