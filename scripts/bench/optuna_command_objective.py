"""Optuna's ask/tell driving an external command, the way `automl tune --command` does.

Comparison only (never part of the product): measures trials per second of Optuna 5 driving the
same command with the same contract (parameters as JSON on stdin and AUTOML_PARAM_* variables, the
objective on the last stdout line), one trial at a time, with Optuna's RandomSampler and an RDB
(SQLite) or in-memory storage. Needs `pip install optuna`.

    python scripts/bench/optuna_command_objective.py --trials 200 --storage sqlite:///tmp/optuna.db \
        --command 'echo $AUTOML_PARAM_X'
"""
import argparse
import json
import os
import subprocess
import time

import optuna


def suggest(trial):
    return {
        "x": trial.suggest_float("x", -5, 5),
        "rate": trial.suggest_float("rate", 1e-4, 1, log=True),
        "depth": trial.suggest_int("depth", 1, 12),
        "kernel": trial.suggest_categorical("kernel", ["rbf", "linear", "poly"]),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--storage", default=None, help="e.g. sqlite:///tmp/optuna.db (default: in memory)")
    parser.add_argument("--command", default="echo $AUTOML_PARAM_X")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        study_name=f"bench-{time.time_ns()}", storage=args.storage, sampler=optuna.samplers.RandomSampler(seed=0))
    base = dict(os.environ)
    start = time.perf_counter()
    for _ in range(args.trials):
        trial = study.ask()
        params = suggest(trial)
        env = dict(base)
        for name, value in params.items():
            env["AUTOML_PARAM_" + "".join(c if c.isalnum() and c.isascii() else "_" for c in name.upper())] = str(value)
        done = subprocess.run(["/bin/sh", "-c", args.command], input=json.dumps(params).encode(), env=env,
                              capture_output=True)
        lines = [line for line in done.stdout.decode().splitlines() if line.strip()]
        try:
            value = float(lines[-1])
            study.tell(trial, value)
        except (IndexError, ValueError):
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
    seconds = time.perf_counter() - start
    print(json.dumps({"optuna": optuna.__version__, "trials": args.trials, "storage": args.storage or "memory",
                      "seconds": seconds, "trials_per_second": args.trials / seconds}))


if __name__ == "__main__":
    main()
