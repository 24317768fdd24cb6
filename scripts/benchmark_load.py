"""Benchmark: load + checks + graph against the bare C-loader parse of the same files.

Generates synthetic projects of 1,000 and 10,000 nodes (3 links and 5 evidence items per node),
then prints for each size:
  - the wall time of `read_project` (strict load, schema, checks) plus `build_graphs`, each a
    first read (no node tree kept from the read before: yamlio.COMPOSED is emptied);
  - the bare `yaml.load(..., Loader=yaml.CSafeLoader)` time of the same files;
  - their ratio, and the scaling from the small to the large project.
Goals (2-core machine): 10k nodes <= 1.3x the bare parse; with 10x the data, the ratio to the
bare parse (GC paused) at most 1.1x what it was: nothing we add grows faster than the data.
Exits 1 when a goal is missed.
The bare parse is also timed with the garbage collector paused, because our loader pauses it
(see yamlio.bulk_allocation) and the fair question is what the checks cost on top of parsing.

    python scripts/benchmark_load.py [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

import yaml

from programtheory import build_graphs, read_project
from programtheory.yamlio import COMPOSED

KINDS = ("assumption", "resource", "action", "output", "outcome")
RATIO_GOAL = 1.3  # load+checks+graph against the bare parse
SCALING_GOAL = 1.1  # the ratio to the bare parse grows at most this much with 10x the data


def _node(i: int, n: int) -> str:
    layer = i * len(KINDS) // n
    kind = KINDS[layer]
    lines = [f"  - id: n{i}", f"    kind: {kind}",
             f"    label: {{nl: 'element {i} met een Nederlandse omschrijving', en: 'element {i}'}}",
             f"    description: Synthetic element {i} of the benchmark.",
             "    levels: [team, client]"]
    if kind == "outcome":
        lines.append("    term: long")
    if kind in ("assumption", "resource"):
        lines.append("    condition: " + ("necessary" if i % 2 else "facilitating"))
    lines.append(f"    report: [{{section: '4.1.2', lines: [{100 + i % 900}, {110 + i % 900}]}}]")
    return "\n".join(lines)


def _links(i: int, n: int) -> list[str]:
    # three links forward from each node, so the theory stays a DAG ordered by kind
    out = []
    targets: list[int] = []
    for k in range(3):
        j = min(i + 1 + (i * 7 + k * 13) % 50, n - 1 - k)
        if j <= i or j in targets:
            continue
        targets.append(j)
        out.append(f"  - id: l{i}_{k}\n    from: n{i}\n    to: n{j}\n    kind: leads_to\n"
                   f"    status: {'stated' if k else 'implied'}\n"
                   f"    sentence: 'Zin die verband {i}-{j} uitdrukt.'")
    return out


def _evidence(i: int) -> list[str]:
    out = []
    for k in range(5):
        out.append(f"  - id: e{i}_{k}\n    kind: quote\n"
                   f"    text: 'Een citaat uit de casestudie nummer {k} over element {i}.'\n"
                   f"    role: mama casestudie\n    work_package: WP4\n"
                   f"    bears_on: [n{i}]\n    stance: supports")
    return out


PROJECT = """languages: [nl, en]
vocabulary:
  evidence_sources: [{id: WP4, label: {nl: casestudies, en: case studies}}]
"""


def make_project(root: Path, n: int) -> list[Path]:
    (root / "project.yaml").write_text(PROJECT, encoding="utf-8")
    (root / "theory" / "versions").mkdir(parents=True)
    (root / "theory" / "evidence").mkdir(parents=True)
    version = root / "theory" / "versions" / "synthetic.yaml"
    body = ["version:\n  id: synthetic\n  title: {nl: Synthetische theorie}", "nodes:"]
    body += [_node(i, n) for i in range(n)]
    body.append("links:")
    for i in range(n):
        body += _links(i, n)
    version.write_text("\n".join(body) + "\n", encoding="utf-8")
    evidence = root / "theory" / "evidence" / "quotes.yaml"
    lines = ["evidence:"]
    for i in range(n):
        lines += _evidence(i)
    evidence.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [version, evidence]


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(n: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        files = make_project(Path(tmp), n)
        size_mb = sum(f.stat().st_size for f in files) / 1e6

        def bare() -> None:
            for f in files:
                yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)

        def bare_no_gc() -> None:
            gc.disable()
            try:
                bare()
            finally:
                gc.enable()

        def full() -> None:
            COMPOSED.clear()  # a first read: nothing kept from the read before
            result = read_project(tmp)
            assert not result.errors, result.errors[:3]
            build_graphs(result.project)

        full()  # warm imports and caches once
        return {"n": n, "mb": size_mb, "bare": _best(bare, repeat),
                "bare_no_gc": _best(bare_no_gc, repeat), "full": _best(full, repeat)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = [measure(n, args.repeat) for n in args.sizes]
    print(f"{'nodes':>7} {'links':>7} {'evidence':>8} {'MB':>6} {'bare parse s':>12} "
          f"{'(GC paused) s':>13} {'load+checks+graph s':>19} {'ratio':>6} {'(GC paused)':>11}")
    for row in rows:
        print(f"{row['n']:>7} {row['n'] * 3:>7} {row['n'] * 5:>8} {row['mb']:>6.1f} "
              f"{row['bare']:>12.3f} {row['bare_no_gc']:>13.3f} {row['full']:>19.3f} "
              f"{row['full'] / row['bare']:>6.2f} {row['full'] / row['bare_no_gc']:>11.2f}")
    print("bare parse: yaml.load(..., Loader=yaml.CSafeLoader) per file, as a caller would; "
          "'GC paused' runs it with the garbage collector off, as our loader does.")
    largest = rows[-1]
    missed = [largest["n"]] if largest["full"] > RATIO_GOAL * largest["bare"] else []
    print(f"the largest project: {largest['full'] / largest['bare']:.2f}x the bare parse "
          f"(goal: at most {RATIO_GOAL}x): {'OVER' if missed else 'OK'}")
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        data_factor = large["n"] / small["n"]
        time_factor = large["full"] / small["full"]
        # libyaml's own parse grows about as fast as the data, give or take a tenth from run
        # to run; what must not grow is what we add to it
        growth = (large["full"] / large["bare_no_gc"]) / (small["full"] / small["bare_no_gc"])
        verdict = "OK" if growth <= SCALING_GOAL else "OVER"
        print(f"scaling: {data_factor:.0f}x the data took {time_factor:.2f}x the time; the "
              f"cost over the bare parse (GC paused) grew {growth:.2f}x (goal: at most "
              f"{SCALING_GOAL}x): {verdict}")
        missed += [large["n"]] if verdict == "OVER" else []
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
