#!/usr/bin/env python3
"""Tallies the tours scripts/verdict-soak.sh left in a folder: python3 scripts/verdict-tally.py DIR.

Each CONDITION-KIND-INDEX.json is one `client run all --json` tour. Prints a markdown table, one row per condition and
kind of tour (tours, experiment verdicts held, not judged and why, DOES NOT HOLD), then every DOES NOT HOLD with the
lines of its failing checks. A tour whose output is not a JSON document (it crashed) is counted as broken, with the
last line of its stderr.
"""
import collections
import json
import pathlib
import re
import sys


def reason_kind(reason):
    """A not-judged reason without its figures, so reasons of one kind count together."""
    reason = re.sub(r"[-+]?\d[\d,.]*(e[-+]?\d+)?", "N", reason or "no reason")
    return reason[:90]


def main(folder):
    rows = collections.OrderedDict()
    failures = []
    for path in sorted(pathlib.Path(folder).glob("*.json"), key=lambda p: (p.stem.rsplit("-", 1)[0], int(p.stem.rsplit("-", 1)[1]))):
        condition_kind, index = path.stem.rsplit("-", 1)
        row = rows.setdefault(condition_kind, {"tours": 0, "broken": 0, "holds": 0, "not-judged": collections.Counter(), "does-not-hold": 0})
        row["tours"] += 1
        try:
            tour = json.loads(path.read_text())
        except (json.JSONDecodeError, UnicodeDecodeError):
            row["broken"] += 1
            err = path.with_suffix(".err")
            last = err.read_text().strip().splitlines()[-1:] if err.exists() else []
            failures.append(f"{condition_kind} tour {index}: no JSON document: {' '.join(last)}")
            continue
        for experiment in tour.get("experiments", []):
            verdict = experiment["verdict"]
            state = verdict["state"]
            if state == "holds":
                row["holds"] += 1
            elif state == "not-judged":
                row["not-judged"][f"{experiment['name']}: {reason_kind(verdict.get('notJudgedReason'))}"] += 1
            else:
                row["does-not-hold"] += 1
                lines = [c["line"] for c in verdict.get("checks", []) if str(c.get("outcome", "")).lower() in ("fail", "fault")]
                failures.append(f"{condition_kind} tour {index}: {experiment['name']} DOES NOT HOLD: {' | '.join(lines)}")

    print("| condition, tours | tours | held | not judged | DOES NOT HOLD | broken tours |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, row in rows.items():
        print(f"| {name} | {row['tours']} | {row['holds']} | {sum(row['not-judged'].values())} | {row['does-not-hold']} | {row['broken']} |")
    print()
    for name, row in rows.items():
        if row["not-judged"]:
            print(f"Not judged under {name}:")
            for reason, n in row["not-judged"].most_common():
                print(f"- {n} x {reason}")
            print()
    print(f"False DOES NOT HOLD (goal 0): {sum(r['does-not-hold'] for r in rows.values())}")
    for line in failures:
        print(f"- {line}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 scripts/verdict-tally.py DIR")
    main(sys.argv[1])
