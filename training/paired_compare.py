"""Per-image paired comparison of two `npm run bsds -- --csv FILE` runs (one setting each):
how many images B beats A on covering, PRI and VI (lower VI is better), and the two-sided
Wilcoxon signed-rank p-value of the differences (scipy). Used in docs/ablation.md.

  /usr/bin/python3 training/paired_compare.py A.csv B.csv
"""
import csv
import sys

from scipy.stats import wilcoxon


def load(path):
    rows = list(csv.DictReader(open(path)))
    if len({r["image"] for r in rows}) != len(rows):
        raise SystemExit(f"{path}: more than one setting per image; pass single-setting runs")
    return {r["image"]: r for r in rows}


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    a, b = load(sys.argv[1]), load(sys.argv[2])
    if a.keys() != b.keys():
        raise SystemExit("the two files cover different images")
    for col, sign in (("covering", 1), ("ri", 1), ("vi", -1)):
        d = [sign * (float(b[k][col]) - float(a[k][col])) for k in a]
        wins = sum(v > 0 for v in d)
        print(f"{col}: B better in {wins} of {len(d)} images, Wilcoxon p = {wilcoxon(d).pvalue:.2g}")


if __name__ == "__main__":
    main()
