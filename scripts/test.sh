#!/usr/bin/env bash
# The test command: builds everything (debug) and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
