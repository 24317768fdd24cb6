#!/usr/bin/env python3
"""Write a synthetic dossier export for the case-management dashboard (Tabel 8): one row per
dossier and step with the date it took place and the team. Nothing in it is a real dossier.

    python scripts/make_dossiers.py --dossiers 2000 --out /tmp/dossiers.csv
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

STEPS = 13
TEAMS = ("Team Noord", "Team Zuid", "Team Oost", "Team West", "Team Centrum", "Team Kust")


def dossier_frame(dossiers: int, seed: int = 0, steps: int = STEPS) -> pd.DataFrame:
    """Each dossier takes each step with a chance that falls along the plan, a few to a few
    dozen days after the step before; teams of very different size."""
    rng = np.random.default_rng(seed)
    weights = np.array([2.0 ** -i for i in range(len(TEAMS))])
    team = rng.choice(len(TEAMS), dossiers, p=weights / weights.sum())
    start = np.datetime64("2023-01-01") + rng.integers(0, 3 * 365, dossiers)
    chance = np.linspace(0.95, 0.45, steps)
    taken = rng.random((dossiers, steps)) < chance
    gaps = rng.gamma(2.0, 7.0, (dossiers, steps)).astype(np.int64)
    gaps[:, 0] = 0
    offsets = np.cumsum(gaps, axis=1)
    rows, cols = np.nonzero(taken)
    return pd.DataFrame({
        "dossier": np.char.add("D", rows.astype(str)),
        "team": np.asarray(TEAMS, dtype=object)[team[rows]],
        "stap": cols + 1,
        "datum": (start[rows] + offsets[rows, cols]).astype("datetime64[D]").astype(str)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    frame = dossier_frame(args.dossiers, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.suffix.lower() == ".xlsx":
        frame.to_excel(args.out, index=False, engine="openpyxl")
    else:
        frame.to_csv(args.out, index=False)
    print(f"{args.out}: {len(frame)} rows for {args.dossiers} dossiers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
