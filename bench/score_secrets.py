#!/usr/bin/env python3
"""Score secret scanners against the labelled corpus (precision and recall, side by side).

Usage:
  bench/score_secrets.py LABELS ROOT TOOL=REPORT [TOOL=REPORT ...] [--misses TOOL] [--json FILE]

LABELS is the corpus's labels.tsv, ROOT the directory the tools scanned (paths in the reports
are made relative to it). TOOL is factorguard, kingfisher or betterleaks; REPORT its JSON report.

Every tool's findings are normalised to (path, line): the 1-based line where the reported secret
value starts. The same matching rule as crates/factorguard-rules/tests/secrets_accuracy.rs then
applies to every tool: a flagged line that is a `secret` row is a true positive; any other
flagged line (a `clean` row or an unlabelled line) is a false positive; a `secret` row no finding
flags is a false negative. Several findings on one line count once, so a tool is not rewarded or
punished for reporting one secret under two rules.
"""
import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def load_labels(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:3] != ["path", "line", "label"]:
            sys.exit(f"{path}: unexpected header {header}")
        for n, raw in enumerate(f, 2):
            fields = raw.rstrip("\n").split("\t")
            if len(fields) != 5 or fields[2] not in ("secret", "clean"):
                sys.exit(f"{path}:{n}: malformed row {raw!r}")
            rows[(fields[0], int(fields[1]))] = (fields[2], fields[3], fields[4])
    return rows


def relative(path, root):
    p = Path(path)
    if p.is_absolute():
        try:
            return p.resolve().relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()
    return p.as_posix().removeprefix("./")


def line_of_value(start_line, full, value):
    """The line where `value` starts inside a match that starts on `start_line`."""
    if full and value:
        at = full.find(value)
        if at > 0:
            return start_line + full.count("\n", 0, at)
    return start_line


def factorguard_lines(report, root):
    # The secret detectors (FG2xxx) and FG1001, which reports a file that *is* a private key at
    # its BEGIN line in place of FG2001-FG2004. The bench runs only those rules; filter again in
    # case a caller passes a report of every rule.
    for f in report.get("findings", []):
        region = f.get("location", {}).get("region")
        rule = f.get("rule_id", "")
        if (rule.startswith("FG2") or rule == "FG1001") and region:
            yield relative(f["location"]["path"], root), region["start_line"], f["rule_id"]


def kingfisher_lines(report, root):
    # `finding.line` is 1-based and is where the matched secret (`snippet`) starts; for a
    # base64-encoded secret it is the line of the encoded blob.
    for item in report.get("findings", []):
        f = item["finding"]
        yield relative(f["path"], root), int(f["line"]), item["rule"]["id"]


def betterleaks_lines(report, root):
    # `location.start_line` is 1-based but is where the whole match starts, which for some rules
    # is a key line above the value (a Kubernetes Secret's `kind: Secret`); move to the line of
    # `match.value` inside `match.full`.
    findings = report.get("findings", []) if isinstance(report, dict) else report
    for f in findings:
        loc = f["location"]
        m = f.get("match", {})
        line = line_of_value(int(loc["start_line"]), m.get("full", ""), m.get("value", ""))
        yield relative(loc["path"], root), line, f["rule_id"]


READERS = {"factorguard": factorguard_lines, "kingfisher": kingfisher_lines, "betterleaks": betterleaks_lines}


def score(labels, flagged):
    """flagged: {(path, line): [rule, ...]}."""
    secret_rows = {k for k, v in labels.items() if v[0] == "secret"}
    tp = sorted(k for k in flagged if k in secret_rows)
    fp = sorted(k for k in flagged if k not in secret_rows)
    fn = sorted(secret_rows - set(flagged))
    precision = len(tp) / len(flagged) if flagged else 0.0
    recall = len(tp) / len(secret_rows) if secret_rows else 0.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn,
            "findings": sum(len(v) for v in flagged.values())}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels")
    ap.add_argument("root")
    ap.add_argument("reports", nargs="+", metavar="TOOL=REPORT")
    ap.add_argument("--misses", action="append", default=[], metavar="TOOL",
                    help="list this tool's false negatives and false positives")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()

    labels = load_labels(args.labels)
    root = Path(args.root).resolve()
    secrets = sum(1 for v in labels.values() if v[0] == "secret")
    print(f"corpus: {len(labels)} cases, {secrets} secret, {len(labels) - secrets} clean")
    print()
    results = {}
    for spec in args.reports:
        tool, _, report_path = spec.partition("=")
        if tool not in READERS:
            sys.exit(f"unknown tool {tool!r} (known: {', '.join(READERS)})")
        try:
            report = json.loads(Path(report_path).read_text(encoding="utf-8") or "[]")
        except (OSError, json.JSONDecodeError) as e:
            print(f"{tool}: cannot read {report_path}: {e}", file=sys.stderr)
            results[tool] = None
            continue
        flagged = {}
        for path, line, rule in READERS[tool](report, root):
            flagged.setdefault((path, line), []).append(rule)
        results[tool] = (score(labels, flagged), flagged)

    header = f"{'tool':<12} {'precision':>9} {'recall':>7} {'TP':>5} {'FP':>5} {'FN':>5} {'findings':>9}"
    print(header)
    print("-" * len(header))
    for tool, result in results.items():
        if result is None:
            print(f"{tool:<12} {'failed':>9}")
            continue
        s, _ = result
        print(f"{tool:<12} {s['precision']:>9.3f} {s['recall']:>7.3f} {len(s['tp']):>5} {len(s['fp']):>5} "
              f"{len(s['fn']):>5} {s['findings']:>9}")
    print("\nTP/FP count distinct flagged lines; findings counts every reported finding.")

    for tool in args.misses:
        result = results.get(tool)
        if not result:
            continue
        s, flagged = result
        print(f"\n{tool}: false negatives ({len(s['fn'])}), by kind:")
        for kind, n in Counter(labels[k][1] for k in s["fn"]).most_common():
            print(f"  {n:>3}  {kind}")
        for path, line in s["fn"]:
            _, kind, note = labels[(path, line)]
            print(f"  FN {path}:{line}  {kind}" + (f"  ({note})" if note else ""))
        print(f"\n{tool}: false positives ({len(s['fp'])}):")
        for path, line in s["fp"]:
            label = labels.get((path, line))
            what = f"clean/{label[1]}" if label else "unlabelled line"
            print(f"  FP {path}:{line}  {','.join(sorted(set(flagged[(path, line)])))}  [{what}]")

    if args.json:
        out = {tool: None if r is None else {
            "precision": r[0]["precision"], "recall": r[0]["recall"], "tp": len(r[0]["tp"]),
            "fp": len(r[0]["fp"]), "fn": len(r[0]["fn"]), "findings": r[0]["findings"],
            "false_negatives": [f"{p}:{n}" for p, n in r[0]["fn"]],
            "false_positives": [f"{p}:{n}" for p, n in r[0]["fp"]]} for tool, r in results.items()}
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps({"cases": len(labels), "secret": secrets, "tools": out}, indent=2) + "\n")


if __name__ == "__main__":
    main()
