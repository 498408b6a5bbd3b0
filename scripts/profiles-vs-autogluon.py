#!/usr/bin/env python3
"""The production profiles against AutoGluon-Tabular on the anchors' splits, from the outputs of
scripts/profiles-holdout.sh (JSON lines) and ../shared/anchors/autogluon_budget.py (JSON), run in
the same session on the same machine. Prints a Markdown table.

    python3 scripts/profiles-vs-autogluon.py ours.jsonl autogluon.json
"""
import json, sys

ours = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
ag = json.load(open(sys.argv[2]))["results"]
by = {(r["dataset"], r["profile"]): r for r in ours}
names = [n for n in ["iris", "wine", "breast_cancer", "digits", "diabetes", "synth_cls_50k", "synth_reg_50k"]
         if (n, "high_performance") in by and n in ag]

def better_or_equal(metric, a, b):
    return a >= b - 1e-12 if metric != "rmse" else a <= b + 1e-12

def within(metric, score, best, tol):
    return score >= best - tol - 1e-12 if metric != "rmse" else score <= best + tol + 1e-12

print("| dataset | metric | AutoGluon holdout | high_performance holdout | ≥ AG | AG 1-row p50 | fast_inference p50 / p99 | latency ratio AG/ours (p50) | fast holdout (within tol.) | AG size on disk | memory_efficient bytes | size ratio | memory holdout (within tol.) |")
print("|---|---|---:|---:|:-:|---:|---:|---:|---:|---:|---:|---:|---:|")
wins = lat_ok = size_ok = 0
for n in names:
    hp, fi, me = by[(n, "high_performance")], by[(n, "fast_inference")], by[(n, "memory_efficient")]
    a = ag[n]
    metric = hp["metric"]
    agscore = a.get(metric if metric != "rmse" else "rmse")
    ge = better_or_equal(metric, hp["holdout"], agscore)
    wins += ge
    lat = a["predict_1row_p50_s"] / fi["p50"]
    size = a["disk_bytes"] / me["bytes"]
    lat_ok += lat >= 100
    size_ok += size >= 100
    tol = hp["tolerance"]
    fmt = (lambda x: f"{x:.4f}") if metric != "rmse" else (lambda x: f"{x:.2f}")
    print(f"| {n} | {metric} | {fmt(agscore)} | {fmt(hp['holdout'])} | {'yes' if ge else 'no'} | "
          f"{a['predict_1row_p50_s']*1000:.2f} ms | {fi['p50']*1e6:.1f} / {fi['p99']*1e6:.1f} µs | {lat:,.0f}× | "
          f"{fmt(fi['holdout'])} ({'yes' if within(metric, fi['holdout'], hp['holdout'], tol) else 'no'}) | "
          f"{a['disk_bytes']/1e6:.1f} MB | {me['bytes']:,.0f} | {size:,.0f}× | "
          f"{fmt(me['holdout'])} ({'yes' if within(metric, me['holdout'], hp['holdout'], tol) else 'no'}) |")
print(f"\nhigh_performance at least AutoGluon's holdout score on {wins} of {len(names)}; "
      f"fast_inference latency ≥ 100× lower on {lat_ok}; memory_efficient ≥ 100× smaller on {size_ok}")

# Does the deployed model reproduce its profile? Holdout score within the CV spread (one standard
# deviation of the fold scores, the profile's score_std), and validate's latency and bytes within
# 20 % of the profile's, measured on the same machine.
print("\n| dataset | profile | CV ± spread | holdout | within spread | p50 profile / validate | p99 profile / validate | bytes profile / validate |")
print("|---|---|---:|---:|:-:|---:|---:|---:|")
held = p50_ok = p99_ok = bytes_ok = total = 0
for n in names:
    for kind in ["high_performance", "fast_inference", "memory_efficient", "balanced"]:
        r = by.get((n, kind))
        if r is None:
            continue
        total += 1
        std = r.get("cv_std")
        inside = std is not None and abs(r["holdout"] - r["cv"]) <= std + 1e-12
        held += inside
        agree = lambda a, b: abs(a - b) <= 0.2 * max(a, b)
        p50_ok += agree(r["profile_p50"], r["p50"])
        p99_ok += agree(r["profile_p99"], r["p99"])
        bytes_ok += agree(r["profile_bytes"], r["bytes"])
        spread = f"{std:.4f}" if std is not None else "—"
        print(f"| {n} | {kind} | {r['cv']:.4f} ± {spread} | {r['holdout']:.4f} | {'yes' if inside else 'no'} | "
              f"{r['profile_p50']*1e6:.1f} / {r['p50']*1e6:.1f} µs | {r['profile_p99']*1e6:.1f} / {r['p99']*1e6:.1f} µs | "
              f"{r['profile_bytes']:,} / {r['bytes']:,} |")
print(f"\nholdout within the CV spread: {held} of {total}; validate within 20 % of the profile: "
      f"p50 {p50_ok}, p99 {p99_ok}, bytes {bytes_ok} of {total}")
