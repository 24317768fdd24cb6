"""Benchmark: survey-wave import and the case-management dashboard against bare reading.

Prints, for synthetic data (scripts/make_survey.py, scripts/make_dossiers.py):
  - importing a 100,000-respondent CSV wave (`waves.plan_import`: detect, read the mapped
    columns, check, aggregate; nothing written) against `pandas.read_csv` of the same file;
  - the same for an SPSS .sav against `pyreadstat.read_sav`;
  - the dashboard over 1,000,000 dossier-step rows (`dashboard.compute`) against reading the
    rows (`pandas.read_csv`), and the whole `dashboard.dashboard` (read + compute).
Goals: each ratio <= 1.5. The best of --repeat runs counts; the first import in the process,
which also loads scipy.special, is timed and printed apart.

    python scripts/benchmark_waves.py [--respondents 100000] [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from programtheory import load_project
from programtheory.dashboard import compute, dashboard, read_dossiers
from programtheory.waves import plan_import

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import make_dossiers  # noqa: E402
import make_survey  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, pandas {pd.__version__}")


def line(name: str, ours: float, baseline: float, against: str) -> None:
    ratio = ours / baseline
    verdict = "ok" if ratio <= 1.5 else "OVER GOAL"
    print(f"{name:<34} {ours:7.3f} s   {against:<26} {baseline:7.3f} s   "
          f"ratio {ratio:4.2f}  (goal <= 1.5: {verdict})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    import pyreadstat

    print(machine())
    barometer = load_project(ROOT).barometer
    columns = make_survey.instrument_columns(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        frame = make_survey.survey_frame(columns, args.respondents, "bench", 0)
        csv_path, sav_path = tmp / "wave.csv", tmp / "wave.sav"
        make_survey.write(frame, columns, "csv", csv_path)
        make_survey.write(frame, columns, "sav", sav_path)
        print(f"survey: {args.respondents} respondents, CSV {csv_path.stat().st_size >> 20} MB, "
              f"SAV {sav_path.stat().st_size >> 20} MB")
        # the first import in a process also loads what the statistics need (scipy.special);
        # pandas, the baseline, is loaded already, so the ratios compare later imports
        first = best(lambda: plan_import(barometer, csv_path, "w_bench"), 1)
        print(f"{'first wave import in the process':<34} {first:7.3f} s   (not in the ratios)")
        ours = best(lambda: plan_import(barometer, csv_path, "w_bench"), args.repeat)
        bare = best(lambda: pd.read_csv(csv_path), args.repeat)
        line("wave import (CSV)", ours, bare, "pandas.read_csv")
        ours = best(lambda: plan_import(barometer, sav_path, "w_bench"), args.repeat)
        bare = best(lambda: pyreadstat.read_sav(str(sav_path)), args.repeat)
        line("wave import (SAV)", ours, bare, "pyreadstat.read_sav")

        dossiers = make_dossiers.dossier_frame(args.rows // 8, seed=0)
        dossiers = dossiers.iloc[:args.rows]
        board_path = tmp / "dossiers.csv"
        dossiers.to_csv(board_path, index=False)
        print(f"dashboard: {len(dossiers)} dossier-step rows, "
              f"{board_path.stat().st_size >> 20} MB CSV")
        bare = best(lambda: pd.read_csv(board_path), args.repeat)
        parsed = read_dossiers(barometer, board_path)
        ours = best(lambda: compute(*parsed), args.repeat)
        line("dashboard compute", ours, bare, "pandas.read_csv")
        ours = best(lambda: dashboard(barometer, board_path), args.repeat)
        line("dashboard read + compute", ours, bare, "pandas.read_csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
