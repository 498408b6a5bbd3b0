#!/usr/bin/env python3
"""Does targeted refinement earn its share of the budget? For each dataset and seed, at equal
total budget:

  refine arm:  automl tune --budget 40s, then automl refine --budget 20s (same study)
  tune arm:    automl tune --budget 60s

each on the anchors' training split, the two arms at the same time (one core each); then `automl export` writes the study's profiles, the
high_performance profile is trained on the training split and scored by `automl validate` on the
held-out split. Prints one JSON object per pair (appended to --results, so an interrupted run
resumes) and a Markdown win/tie/loss table.

    python3 scripts/refinement-at-equal-budget.py [--tune 40s] [--refine 20s] [--total 60s]
        [--seeds 0 1 2] [--datasets iris wine breast_cancer digits diabetes] [--results FILE]

A pair ties when the two held-out scores differ by at most 0.1 % of the tune arm's score (on
these test sets that is less than one row of accuracy, so classification ties are exact).
Uses .build/release/automl (AUTOML) and ../shared/anchors/splits (SPLITS).
"""
import argparse, concurrent.futures, json, os, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AUTOML = os.environ.get("AUTOML", os.path.join(ROOT, ".build/release/automl"))
SPLITS = os.environ.get("SPLITS", os.path.join(ROOT, "../shared/anchors/splits"))
LOWER_IS_BETTER = {"rmse", "mae", "log_loss"}


def run(args):
    out = subprocess.run([AUTOML, *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"automl {' '.join(args)} exited {out.returncode}: {out.stderr.strip()}")
    return out.stdout


def holdout(work, dataset, db, study):
    """The held-out score of the study's high_performance profile, and its candidate."""
    train = os.path.join(SPLITS, f"{dataset}_train.csv")
    test = os.path.join(SPLITS, f"{dataset}_test.csv")
    profiles = os.path.join(work, study + "-profiles")
    run(["export", "--study", study, "--storage", "sqlite:" + db, "--out", profiles])
    profile = json.load(open(os.path.join(profiles, "high_performance.json")))
    model = os.path.join(work, study + ".model.json")
    run(["train", "--profile", os.path.join(profiles, "high_performance.json"), "--data", train,
         "--target", "target", "--out", model])
    out = subprocess.run([AUTOML, "validate", "--model", model, "--data", test, "--target", "target",
                          "--json"], capture_output=True, text=True)
    rows = {r["metric"]: r["achieved"] for r in json.loads(out.stdout)}
    metric = profile["metrics"]["metric"]
    return rows[metric], metric, profile["metrics"]["score"], profile["study"]["candidate"]


def pair(dataset, seed, a):
    """Both arms of one dataset and seed, run at the same time (one core each, --jobs 1), so
    whatever else the machine does slows both alike; each arm has its own SQLite file."""
    work = tempfile.mkdtemp(prefix=f"refine-{dataset}-{seed}-")
    train = os.path.join(SPLITS, f"{dataset}_train.csv")

    def common(db):
        return ["--data", train, "--target", "target", "--seed", str(seed), "--storage", "sqlite:" + db,
                "--jobs", "1", "--quiet", "--json"]

    def refine_arm():
        db = os.path.join(work, "refined.db")
        run(["tune", "--budget", a.tune, "--study", "refined", *common(db)])
        report = json.loads(run(["refine", "--study", "refined", "--storage", "sqlite:" + db,
                                 "--budget", a.refine, "--json"]))
        return report, holdout(work, dataset, db, "refined")

    def tune_arm():
        db = os.path.join(work, "tuned.db")
        run(["tune", "--budget", a.total, "--study", "tuned", *common(db)])
        return holdout(work, dataset, db, "tuned")

    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        refining = pool.submit(refine_arm)
        tuning = pool.submit(tune_arm)
        refine, refined = refining.result()
        tuned = tuning.result()
    return {"dataset": dataset, "seed": seed, "metric": tuned[1],
            "refine_holdout": refined[0], "tune_holdout": tuned[0],
            "refine_cv": refined[2], "tune_cv": tuned[2],
            "refine_candidate": refined[3], "tune_candidate": tuned[3],
            "rounds": [{"parameters": r["parameters"], "trials": r["trials"],
                        "improved": r["best_after"] != r["best_before"]} for r in refine["rounds"]],
            "ensemble": refine.get("ensemble"),
            "seconds": round(time.time() - started, 1)}


def outcome(r):
    lower = r["metric"] in LOWER_IS_BETTER
    diff = r["refine_holdout"] - r["tune_holdout"]
    if abs(diff) <= 1e-3 * abs(r["tune_holdout"]):
        return "tie"
    return "win" if (diff < 0) == lower else "loss"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tune", default="40s")
    p.add_argument("--refine", default="20s")
    p.add_argument("--total", default="60s")
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    p.add_argument("--datasets", nargs="+", default=["iris", "wine", "breast_cancer", "digits", "diabetes"])
    p.add_argument("--results", default=os.path.join(tempfile.gettempdir(), "refinement-at-equal-budget.jsonl"))
    a = p.parse_args()
    done = {}
    if os.path.exists(a.results):
        for line in open(a.results):
            r = json.loads(line)
            done[(r["dataset"], r["seed"])] = r
    for dataset in a.datasets:
        for seed in a.seeds:
            if (dataset, seed) in done:
                continue
            r = pair(dataset, seed, a)
            done[(dataset, seed)] = r
            with open(a.results, "a") as f:
                f.write(json.dumps(r) + "\n")
            print(f"{dataset} seed {seed}: refine {r['refine_holdout']:.4f} vs tune {r['tune_holdout']:.4f}"
                  f" ({outcome(r)})", file=sys.stderr)

    print(f"| dataset | metric | seed | tune {a.tune} + refine {a.refine} (held out) | tune {a.total} (held out) "
          "| CV: refine arm / tune arm | refined rounds improved | ensemble after refine | result |")
    print("|---|---|---|---|---|---|---|---|---|")
    tally = {"win": 0, "tie": 0, "loss": 0}
    for dataset in a.datasets:
        for seed in a.seeds:
            r = done[(dataset, seed)]
            o = outcome(r)
            tally[o] += 1
            improved = sum(x["improved"] for x in r["rounds"])
            e = r.get("ensemble")
            ens = "—" if not e else f"{e['best_before']:.4f} → {e['best_after']:.4f}" if e.get("best_before") is not None and e.get("best_after") is not None else "—"
            print(f"| {dataset} | {r['metric']} | {seed} | {r['refine_holdout']:.4f} | {r['tune_holdout']:.4f} "
                  f"| {r['refine_cv']:.4f} / {r['tune_cv']:.4f} | {improved}/{len(r['rounds'])} | {ens} | {o} |")
    n = sum(tally.values())
    print(f"\nwin/tie/loss: {tally['win']}/{tally['tie']}/{tally['loss']} of {n} pairs; "
          f"refinement ahead or level in {tally['win'] + tally['tie']}/{n}, strictly ahead in {tally['win']}/{n}")


if __name__ == "__main__":
    main()
