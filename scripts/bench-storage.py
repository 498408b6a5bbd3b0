#!/usr/bin/env python3
"""Storage throughput of automl workers and of Optuna's RDB storage, side by side.

Driven by scripts/bench-storage.sh, which builds automl, starts PostgreSQL and prepares the
Optuna virtual environment. Every configuration runs W worker processes (W = 1, 2, 4, 8) on one
fresh study, each running the same number of trials; throughput is the trials of the run
divided by the time from the first trial's start to the last trial's end, both read from the
storage, so process start-up (Swift's or Python's imports) is not counted for either tool.

Objectives (evaluated in the worker's process for both tools, so spawning a program per trial
is not measured): `instant` returns x^2 + depth^2 at once; `sleep` does the same after sleeping
0.2 s. The search space is the one of the tests: a float x, an integer depth, a categorical
kernel and a conditional log-float gamma.

    bench-storage.py ours   --automl BIN --storage URL --workers W --trials T --objective O --sampler S
    bench-storage.py optuna --storage URL --workers W --trials T --objective O
    bench-storage.py optuna-worker ...   (one Optuna worker process; used by `optuna`)
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

SPACE = {
    "parameters": {
        "x": {"type": "float", "low": -5, "high": 5},
        "depth": {"type": "int", "low": 1, "high": 8},
        "kernel": {"type": "categorical", "choices": ["rbf", "linear"]},
        "gamma": {"type": "float", "low": 0.001, "high": 10, "log": True,
                  "when": {"kernel": ["rbf"]}},
    }
}


def parse_time(text):
    # automl exports ISO 8601 with milliseconds and a +0000 style offset.
    text = text.replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":
        text = text[:-2] + ":" + text[-2:]
    return datetime.datetime.fromisoformat(text).timestamp()


def throughput(spans):
    """Trials per second over [first start, last end] of (start, end) pairs."""
    if not spans:
        return 0.0, 0.0
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    return len(spans) / max(last - first, 1e-9), last - first


def run_ours(args):
    study = "bench"
    storage = args.storage
    with tempfile.TemporaryDirectory() as directory:
        space = os.path.join(directory, "space.json")
        with open(space, "w") as handle:
            json.dump(SPACE, handle)
        # Create the study (one trial by `tune`, left out of the measurement).
        subprocess.run(
            [args.automl, "tune", "--space", space, "--command", "echo 1", "--budget", "1",
             "--study", study, "--sampler", args.sampler, "--seed", "0", "--storage", storage,
             "--quiet"], check=True, stdout=subprocess.DEVNULL)
        objective = "instant" if args.objective == "instant" else "sleep:0.2"
        workers = [
            subprocess.Popen(
                [args.automl, "worker", "--study", study, "--storage", storage, "--budget",
                 str(args.trials), "--benchmark-objective", objective, "--quiet", "--json"],
                stdout=subprocess.PIPE)
            for _ in range(args.workers)
        ]
        for worker in workers:
            worker.communicate()
            if worker.returncode != 0:
                sys.exit(f"a worker failed with status {worker.returncode}")
        export = subprocess.run(
            [args.automl, "studies", "export", study, "--format", "json", "--storage", storage],
            check=True, capture_output=True, text=True)
    trials = [t for t in json.loads(export.stdout)["trials"] if t["number"] > 0]
    spans = [(parse_time(t["started_at"]), parse_time(t["finished_at"]))
             for t in trials if t["finished_at"]]
    rate, seconds = throughput(spans)
    complete = sum(1 for t in trials if t["state"] == "complete")
    print(json.dumps({"trials": len(trials), "complete": complete, "seconds": seconds,
                      "per_second": rate}))


def objective_function(kind):
    def objective(trial):
        x = trial.suggest_float("x", -5, 5)
        depth = trial.suggest_int("depth", 1, 8)
        kernel = trial.suggest_categorical("kernel", ["rbf", "linear"])
        if kernel == "rbf":
            trial.suggest_float("gamma", 0.001, 10, log=True)
        if kind == "sleep":
            time.sleep(0.2)
        return x * x + depth * depth
    return objective


def run_optuna_worker(args):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.load_study(
        study_name=args.study, storage=args.storage,
        sampler=optuna.samplers.RandomSampler(seed=args.seed))
    study.optimize(objective_function(args.objective), n_trials=args.trials)


def run_optuna(args):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    name = "bench-" + uuid.uuid4().hex[:8]
    optuna.create_study(study_name=name, storage=args.storage,
                        sampler=optuna.samplers.RandomSampler(seed=0))
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "optuna-worker", "--storage", args.storage, "--study", name,
             "--trials", str(args.trials), "--objective", args.objective, "--seed", str(index)])
        for index in range(args.workers)
    ]
    for worker in workers:
        worker.wait()
        if worker.returncode != 0:
            sys.exit(f"an Optuna worker failed with status {worker.returncode}")
    study = optuna.load_study(study_name=name, storage=args.storage)
    trials = study.get_trials(deepcopy=False)
    spans = [(t.datetime_start.timestamp(), t.datetime_complete.timestamp())
             for t in trials if t.datetime_start and t.datetime_complete]
    rate, seconds = throughput(spans)
    complete = sum(1 for t in trials if t.state == optuna.trial.TrialState.COMPLETE)
    print(json.dumps({"trials": len(trials), "complete": complete, "seconds": seconds,
                      "per_second": rate, "optuna": optuna.__version__}))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("ours", "optuna", "optuna-worker"):
        command = sub.add_parser(name)
        command.add_argument("--storage", required=True)
        command.add_argument("--trials", type=int, required=True)
        command.add_argument("--objective", choices=["instant", "sleep"], required=True)
        command.add_argument("--workers", type=int, default=1)
        command.add_argument("--sampler", default="random")
        command.add_argument("--automl")
        command.add_argument("--study")
        command.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    {"ours": run_ours, "optuna": run_optuna, "optuna-worker": run_optuna_worker}[args.command](args)


if __name__ == "__main__":
    main()
