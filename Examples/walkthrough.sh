#!/usr/bin/env bash
# The whole workflow on a bundled dataset: tune → export → train → predict → validate.
#
#   Examples/walkthrough.sh [BUDGET] [WORKDIR]      (defaults: 60s, a new temporary folder)
#
# AUTOML names the automl binary (default: .build/release/automl, else .build/debug/automl).
# The test suite runs it with a budget of a few trials.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET="${1:-60s}"
WORK="${2:-$(mktemp -d)}"
AUTOML="${AUTOML:-}"
if [ -z "$AUTOML" ]; then
    if [ -x .build/release/automl ]; then AUTOML=.build/release/automl; else AUTOML=.build/debug/automl; fi
fi
DATA=Examples/breast_cancer.csv
mkdir -p "$WORK"

# Hold out a quarter of the rows (every fourth) for validation.
awk -F, 'NR == 1 || (NR - 2) % 4 != 0' "$DATA" > "$WORK/train.csv"
awk -F, 'NR == 1 || (NR - 2) % 4 == 0' "$DATA" > "$WORK/test.csv"

echo "== tune ($BUDGET) =="
"$AUTOML" tune --data "$WORK/train.csv" --target target --budget "$BUDGET" --study walkthrough \
    --storage "sqlite:$WORK/studies.db" --out "$WORK/search" --quiet

echo "== export =="
"$AUTOML" export --study walkthrough --storage "sqlite:$WORK/studies.db" --out "$WORK/profiles"

echo "== train (fast_inference) =="
"$AUTOML" train --profile "$WORK/profiles/fast_inference.json" --data "$WORK/train.csv" --target target \
    --out "$WORK/model.json"

echo "== predict =="
"$AUTOML" predict --model "$WORK/model.json" --data "$WORK/test.csv" --out "$WORK/predictions.csv"

echo "== validate =="
"$AUTOML" validate --model "$WORK/model.json" --data "$WORK/test.csv" --target target \
    --targets Examples/targets.json
