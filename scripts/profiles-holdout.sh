#!/usr/bin/env bash
# The production profiles on the anchors' 75/25 splits: for each dataset, `tune --profiles` on the
# training part, then each profile trained on the training part and validated on the test part.
# Prints one JSON object per line (dataset, profile, holdout score, latency, bytes, CV score,
# tolerance) for scripts/profiles-vs-autogluon.py.
#
#   scripts/profiles-holdout.sh [BUDGET] [DATASET…]        (default 60s, the seven shared sets)
#
# AUTOML names the binary (default .build/release/automl); SPLITS the folder of the splits
# (default ../shared/anchors/splits); WORK where the studies and models go (default a temp dir).
# REUSE=1 keeps the studies already in WORK and only exports their profiles again (`automl
# export`), so a change to deployment (model files, timing) is measured on the same searches.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET="${1:-60s}"
shift || true
DATASETS=("$@")
[ ${#DATASETS[@]} -eq 0 ] && DATASETS=(iris wine breast_cancer digits diabetes synth_cls_50k synth_reg_50k)
AUTOML="${AUTOML:-.build/release/automl}"
SPLITS="${SPLITS:-../shared/anchors/splits}"
WORK="${WORK:-$(mktemp -d)}"
for name in "${DATASETS[@]}"; do
    dir="$WORK/$name"
    mkdir -p "$dir"
    if [[ "${REUSE:-}" == 1 && -f "$dir/studies.db" ]]; then
        "$AUTOML" export --study "$name" --storage "sqlite:$dir/studies.db" --out "$dir/profiles" > /dev/null
    else
        "$AUTOML" tune --data "$SPLITS/${name}_train.csv" --target target --budget "$BUDGET" --study "$name" \
            --storage "sqlite:$dir/studies.db" --profiles "$dir/profiles" --quiet --json > "$dir/summary.json"
    fi
    for profile in high_performance fast_inference memory_efficient balanced; do
        "$AUTOML" train --profile "$dir/profiles/$profile.json" --data "$SPLITS/${name}_train.csv" \
            --target target --out "$dir/$profile.model.json" > /dev/null
        "$AUTOML" validate --model "$dir/$profile.model.json" --data "$SPLITS/${name}_test.csv" \
            --target target --json > "$dir/$profile.validation.json" || true
        python3 - "$name" "$profile" "$dir" <<'PY'
import json, sys
name, profile, d = sys.argv[1:]
rows = {r["metric"]: r["achieved"] for r in json.load(open(f"{d}/{profile}.validation.json"))}
p = json.load(open(f"{d}/profiles/{profile}.json"))
metric = p["metrics"]["metric"]
print(json.dumps({"dataset": name, "profile": profile, "metric": metric,
                  "holdout": rows.get(metric), "cv": p["metrics"]["score"], "cv_std": p["metrics"].get("score_std"),
                  "tolerance": p["rule"]["tolerance"], "candidate": p["study"]["candidate"],
                  "learner": p["pipeline"].get("model", {}).get("learner", "ensemble"),
                  "profile_p50": p["metrics"]["latency_p50_seconds"], "profile_p99": p["metrics"]["latency_p99_seconds"],
                  "profile_bytes": p["metrics"]["model_bytes"],
                  "p50": rows["latency_p50_seconds"], "p99": rows["latency_p99_seconds"],
                  "bytes": rows["model_bytes"], "throughput": rows["throughput_rows_per_second"],
                  "peak_memory": rows["peak_memory_bytes"]}))
PY
    done
done
