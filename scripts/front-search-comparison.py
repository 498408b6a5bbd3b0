#!/usr/bin/env python3
"""Does the front search earn its share? Runs `automl tune --data` with and without it
(`--front-share 0.2` against `--front-share 0`) on datasets x seeds at equal total budget, then
compares the hypervolume of each study's trade-off front over (loss, log10 p99 latency, log10
bytes) and the best CV score. Prints a Markdown table.

    python3 scripts/front-search-comparison.py [--budget 30s] [--seeds 0 1 2] [--datasets a b c]

Uses .build/release/automl and the anchors' training splits (../shared/anchors/splits). The
hypervolume's reference point is shared by every run of a dataset: the worst loss, latency and
size seen in any of its runs, plus 1 % of each range.
"""
import argparse, json, math, os, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
AUTOML = os.environ.get("AUTOML", os.path.join(ROOT, ".build/release/automl"))
SPLITS = os.environ.get("SPLITS", os.path.join(ROOT, "../shared/anchors/splits"))


def candidates(db, study, maximize):
    """(loss, log10 p99, log10 bytes) of every complete model or ensemble trial with a cost."""
    points = []
    for name in (study, study + ".ensembles"):
        out = subprocess.run([AUTOML, "studies", "show", name, "--json", "--storage", "sqlite:" + db],
                             capture_output=True, text=True)
        if out.returncode != 0:
            continue
        for t in json.loads(out.stdout)["trials"]:
            m = t["metrics"]
            if t["state"] != "complete" or "latency_p99_seconds" not in m or "model_bytes" not in m:
                continue
            loss = -t["value"] if maximize else t["value"]
            points.append((loss, math.log10(max(m["latency_p99_seconds"], 1e-12)), math.log10(max(m["model_bytes"], 1))))
    return points


def front(points):
    return [p for p in points if not any(all(q[i] <= p[i] for i in range(3)) and q != p for q in points)]


def hypervolume(points, ref):
    """Exact 3-D hypervolume by slicing along the third loss."""
    pts = sorted([p for p in front(points) if all(p[i] < ref[i] for i in range(3))], key=lambda p: p[2])
    total = 0.0
    for k, p in enumerate(pts):
        nxt = pts[k + 1][2] if k + 1 < len(pts) else ref[2]
        if nxt <= p[2]:
            continue
        layer = sorted(front([(q[0], q[1], 0) for q in pts[: k + 1]]))
        area, best_y = 0.0, ref[1]
        for x, y, _ in layer:  # sorted by x; y decreasing along the 2-D front
            if y < best_y:
                area += (ref[0] - x) * (best_y - y)
                best_y = y
        total += area * (nxt - p[2])
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", default="30s")
    ap.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    ap.add_argument("--datasets", nargs="*", default=["breast_cancer", "digits", "diabetes"])
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="front-")
    results = {}
    for name in a.datasets:
        for seed in a.seeds:
            for share in ("0.2", "0"):
                db = os.path.join(work, f"{name}-{seed}-{share}.db")
                out = subprocess.run([AUTOML, "tune", "--data", os.path.join(SPLITS, f"{name}_train.csv"),
                                      "--target", "target", "--budget", a.budget, "--seed", str(seed),
                                      "--front-share", share, "--study", "s", "--storage", "sqlite:" + db,
                                      "--quiet", "--json"], capture_output=True, text=True, check=True)
                summary = json.loads(out.stdout)
                maximize = summary["metric"] in ("accuracy", "balanced_accuracy", "f1_macro", "roc_auc", "r2")
                best = summary["best"]
                # An ensemble has no fold spread of its own: the best single model's stands in.
                std = best.get("score_std") or summary["best_single"].get("score_std") or 0
                results[(name, seed, share)] = dict(points=candidates(db, "s", maximize), maximize=maximize,
                                                    best=best["score"], std=std,
                                                    trials=summary["trials"], front_trials=summary.get("front_trials", 0))
    print(f"budget {a.budget} per run; hypervolume over (loss, log10 p99 s, log10 bytes), higher is better\n")
    print("| dataset | seed | HV with front search | HV without | trials (front) with / without | best CV with | best CV without |")
    print("|---|---:|---:|---:|---|---:|---:|")
    wins = 0
    for name in a.datasets:
        allp = [p for s in a.seeds for sh in ("0.2", "0") for p in results[(name, s, sh)]["points"]]
        ref = [max(p[i] for p in allp) + 0.01 * (max(p[i] for p in allp) - min(p[i] for p in allp) + 1e-9) for i in range(3)]
        for seed in a.seeds:
            w, wo = results[(name, seed, "0.2")], results[(name, seed, "0")]
            hw, hwo = hypervolume(w["points"], ref), hypervolume(wo["points"], ref)
            wins += hw > hwo
            fmt = lambda r: f"{r['best']:.4f} ± {r['std']:.4f}"
            print(f"| {name} | {seed} | {hw:.4f} | {hwo:.4f} | {w['trials']} ({w['front_trials']}) / {wo['trials']} | {fmt(w)} | {fmt(wo)} |")
    print(f"\nfront search ahead on hypervolume in {wins} of {len(a.datasets) * len(a.seeds)} runs")


if __name__ == "__main__":
    main()
