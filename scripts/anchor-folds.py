#!/usr/bin/env python3
"""Write the scikit-learn anchors' cross-validation folds of a dataset CSV as a fold file.

    python3 scripts/anchor-folds.py /work/shared/datasets/digits.csv > digits.folds
    automl bench learners --data /work/shared/datasets/digits.csv --fold-file digits.folds

The folds are exactly those of /work/shared/anchors/learners.py (run_combo):
StratifiedKFold(n_splits=5, shuffle=True, random_state=0) for classification and
KFold(n_splits=5, shuffle=True, random_state=0) for regression. As in learners.py, the task comes
from the dataset's name (its DATASETS table, copied below); pass --task for other files.

Output: plain text, one fold index (0..k-1) per data row in row order, no header; row i is in the
validation part of split i's fold. This is the form `automl bench learners --fold-file` reads.
"""
import argparse
import sys
from pathlib import Path

import pandas as pd
from sklearn.model_selection import KFold, StratifiedKFold

SEED = 0
N_SPLITS = 5
DATASETS = {  # name -> task, as in /work/shared/anchors/learners.py
    "iris": "cls", "wine": "cls", "breast_cancer": "cls", "digits": "cls",
    "synth_cls_50k": "cls", "diabetes": "reg", "synth_reg_50k": "reg",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", help="dataset CSV with a header row")
    parser.add_argument("--target", default="target", help="label column (default: target)")
    parser.add_argument("--task", choices=["cls", "reg"],
                        help="cls or reg; default: the anchors' table entry for the file's name")
    parser.add_argument("--folds", type=int, default=N_SPLITS, help="n_splits (default: 5, as the anchors)")
    args = parser.parse_args()

    name = Path(args.csv).stem
    task = args.task or DATASETS.get(name)
    if task is None:
        sys.exit(f"{args.csv}: '{name}' is not one of the anchors' datasets "
                 f"({', '.join(DATASETS)}); pass --task cls or --task reg.")
    df = pd.read_csv(args.csv)
    if args.target not in df.columns:
        sys.exit(f"{args.csv}: there is no column '{args.target}'; pass --target.")
    y = df.pop(args.target).to_numpy()
    splitter = (StratifiedKFold if task == "cls" else KFold)(
        n_splits=args.folds, shuffle=True, random_state=SEED)
    fold_of_row = [-1] * len(y)
    for fold, (_, test) in enumerate(splitter.split(df.to_numpy(), y)):
        for row in test:
            fold_of_row[row] = fold
    sys.stdout.write("".join(f"{fold}\n" for fold in fold_of_row))


if __name__ == "__main__":
    main()
