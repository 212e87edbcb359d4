"""Mean PRI and VI over the images per setting of an `npm run bsds -- --csv FILE` run (the ODS
value of each setting), to see whether a difference lies in the maps or in the chosen setting.

  /usr/bin/python3 training/percount_means.py /work/recon/ms-img.csv /work/recon/ms-rec.csv
"""
import collections
import csv
import sys


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for path in sys.argv[1:]:
        by = collections.defaultdict(list)
        for r in csv.DictReader(open(path)):
            by[int(r["threshold"])].append(r)
        print(path)
        for t in sorted(by):
            rows = by[t]
            pri = sum(float(r["ri"]) for r in rows) / len(rows)
            vi = sum(float(r["vi"]) for r in rows) / len(rows)
            print(f"  setting {t}: PRI {pri:.4f}  VI {vi:.4f}  ({len(rows)} images)")


if __name__ == "__main__":
    main()
