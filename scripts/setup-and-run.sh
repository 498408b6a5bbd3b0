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
# The main job: search models and ensembles for iris for 20 seconds, write the four production
# profiles, then predict with the result.
.build/release/automl tune --data Examples/iris.csv --target target --budget 20s \
    --study readme-iris --storage sqlite:.build/readme-automl.db --out .build/readme-results \
    --profiles .build/readme-results/profiles
.build/release/automl predict --model .build/readme-results/model.json --data Examples/iris.csv \
    --out .build/readme-results/predictions.csv
