#!/usr/bin/env python3
"""Parameter importance: automl against Optuna on the same trials.

Runs `automl bench importance --out WORK --json` (which writes WORK/trials.json: studies of
known structure, their parameters and every trial's parameters and value, and times automl's
fANOVA and PED-ANOVA on them), loads the same trials into Optuna studies with
`optuna.trial.create_trial` + `study.add_trials`, times Optuna's
`FanovaImportanceEvaluator(seed=0)` and `PedAnovaImportanceEvaluator()` (target quantile 0.1,
region quantile 1.0), and prints:

1. a Markdown table of seconds for both, with the speed ratio (Optuna's time / automl's);
2. both rankings on every case, beside the ranking the function's structure implies.

Only `evaluate(study)` is timed on Optuna's side (the study is built beforehand), and
`ParameterImportance.evaluate` from the trial records on automl's; both are single-threaded
medians of --repeats runs after an untimed warm-up. Run it on an idle machine, with a release
build:

    flock /tmp/swift-build.lock swift build -c release --product automl
    python3 -m venv .venv-optuna && .venv-optuna/bin/pip install "optuna==5.0.0" scikit-learn
    .venv-optuna/bin/python scripts/importance-vs-optuna.py
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

KNOWN = {
    "linear-6": "x1 > x2 > {x3, x4, x5, x6} ≈ 0",
    "interaction-4": "no main effect; (x1, x2) interaction",
    "sobol-3": "x1 (4/17) > x2 (1/17) > x3 (0); (x1, x3) 12/17",
}


def known_ranking(name: str, parameters: list[str]) -> str:
    if name in KNOWN:
        return KNOWN[name]
    return " > ".join(parameters[:6]) + (" > …" if len(parameters) > 6 else "")


def build_study(case: dict):
    import optuna
    from optuna.distributions import FloatDistribution

    distributions = {
        p["name"]: FloatDistribution(p["low"], p["high"], log=p["log"]) for p in case["parameters"]
    }
    study = optuna.create_study(direction=case.get("direction", "minimize"))
    study.add_trials(
        [
            optuna.trial.create_trial(
                params=trial["params"], distributions=distributions, value=trial["value"]
            )
            for trial in case["trials"]
        ]
    )
    return study


def make_ped():
    from optuna.importance import PedAnovaImportanceEvaluator

    try:
        return PedAnovaImportanceEvaluator(target_quantile=0.1, region_quantile=1.0)
    except TypeError:  # Optuna 4.x names the target quantile baseline_quantile.
        return PedAnovaImportanceEvaluator()


def make_fanova():
    from optuna.importance import FanovaImportanceEvaluator

    return FanovaImportanceEvaluator(seed=0)


def timed(make, study, repeats: int):
    times = []
    result = None
    for _ in range(repeats):
        evaluator = make()
        start = time.perf_counter()
        result = evaluator.evaluate(study)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def top(fractions: dict[str, float], ranking: list[str], count: int = 6) -> str:
    return ", ".join(f"{name} {fractions[name]:.3f}" for name in ranking[:count])


def run_optuna(document: dict, swift: dict, args) -> list:
    """(case, method, trials, parameters, Optuna seconds, Optuna importances) per timed run."""
    results = []
    for case in document["cases"]:
        study = build_study(case)
        # Warm-up on a small study, so lazy imports (scipy, scikit-learn) are not timed.
        warm = build_study(dict(case, trials=case["trials"][:50]))
        make_ped().evaluate(warm)
        methods = [("ped-anova", make_ped, args.repeats)]
        if (case["name"], "fanova") in swift:
            make_fanova().evaluate(warm)
            methods.append(("fanova", make_fanova, args.fanova_repeats))
        for method, make, repeats in methods:
            seconds, importances = timed(make, study, repeats)
            results.append(
                (case["name"], method, len(case["trials"]), len(case["parameters"]), seconds,
                 dict(importances))
            )
            print(f"# {case['name']} {method}: Optuna {seconds:.4f} s", file=sys.stderr)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--automl", default=".build/release/automl", help="the automl binary")
    parser.add_argument("--work", default="/tmp/importance-vs-optuna", help="folder for trials.json")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs (median reported)")
    parser.add_argument(
        "--fanova-repeats", type=int, default=1, help="timed runs of Optuna's fANOVA"
    )
    parser.add_argument(
        "--reuse-optuna",
        action="store_true",
        help="read Optuna's timings and importances from WORK/optuna.json (written by an "
        "earlier run on the same trials) instead of running Optuna again",
    )
    args = parser.parse_args()

    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    command = [
        args.automl, "bench", "importance", "--out", args.work, "--json",
        "--repeats", str(args.repeats),
    ]
    completed = subprocess.run(command, check=True, capture_output=True, text=True)
    swift_rows = json.loads(completed.stdout)
    with open(os.path.join(args.work, "trials.json")) as handle:
        document = json.load(handle)

    swift = {(row["case"], row["method"]): row for row in swift_rows}
    cache = os.path.join(args.work, "optuna.json")
    if args.reuse_optuna:
        with open(cache) as handle:
            results = [tuple(entry) for entry in json.load(handle)]
    else:
        results = run_optuna(document, swift, args)
        with open(cache, "w") as handle:
            json.dump(results, handle)

    print(f"Optuna {optuna.__version__}; automl: {args.automl}\n")
    print("| case | trials × parameters | method | automl (s) | Optuna (s) | Optuna / automl |")
    print("|---|---:|---|---:|---:|---:|")
    for name, method, trials, parameters, seconds, _ in results:
        ours = swift[(name, method)]
        ratio = seconds / ours["seconds"] if ours["seconds"] > 0 else float("inf")
        print(
            f"| {name} | {trials} × {parameters} | {method} | {ours['seconds']:.4f} | "
            f"{seconds:.4f} | {ratio:.1f}× |"
        )
        if method == "fanova" and (name, "fanova-full") in swift:
            full = swift[(name, "fanova-full")]
            ratio = seconds / full["seconds"] if full["seconds"] > 0 else float("inf")
            print(
                f"| {name} | {trials} × {parameters} | fanova + interactions + 20 bootstraps "
                f"(automl only) | {full['seconds']:.4f} | {seconds:.4f} | {ratio:.1f}× |"
            )

    print("\n| case | method | known structure | automl ranking | Optuna ranking | same top 2 |")
    print("|---|---|---|---|---|---|")
    for name, method, _, _, _, importances in results:
        ours = swift[(name, method)]
        our_total = sum(ours["fractions"].values()) or 1.0
        our_fractions = {key: value / our_total for key, value in ours["fractions"].items()}
        total = sum(importances.values()) or 1.0
        theirs = {key: value / total for key, value in importances.items()}
        their_ranking = sorted(theirs, key=lambda key: -theirs[key])
        parameters = [p["name"] for p in next(c for c in document["cases"] if c["name"] == name)["parameters"]]
        same = ours["ranking"][:2] == their_ranking[:2]
        print(
            f"| {name} | {method} | {known_ranking(name, parameters)} | "
            f"{top(our_fractions, ours['ranking'])} | {top(theirs, their_ranking)} | "
            f"{'yes' if same else 'no'} |"
        )
    print(
        "\nBoth sides' fractions are shown normalized to sum 1, as get_param_importances prints "
        "them (automl's fANOVA reports fractions of the total variance, the interactions "
        "holding the rest)."
    )
    for name, method, _, _, _, _ in results:
        interaction = swift.get((name, "fanova-full"), {}).get("top_interaction")
        if method == "fanova" and interaction:
            print(
                f"- {name}: automl's largest fANOVA interaction "
                f"{tuple(interaction['parameters'])} = {interaction['fraction']:.3f} of the variance"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
