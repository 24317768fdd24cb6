#!/usr/bin/env python3
"""Write a synthetic raw survey export for trying and testing `programtheory wave import`.

The columns are headed as a survey tool exports them: by the instrument's question texts
(Bijlage 2A of barometer.yaml), with a respondent id, a timestamp, the background items named
by the instrument's `breakdown_items`, another 1-10 item, and a free-text column. Every answer
is drawn at random: no real person's answer is in it. Free-text answers carry a unique marker
(`synthetic-answer-…`) so that a test can prove that none of them leaks into any output.

    python scripts/make_survey.py --n 500 --wave w2024 --format csv --out /tmp/w2024.csv
    python scripts/make_survey.py --n 500 --wave w2024 --format sav --out w.sav --faults

--faults adds realistic faults (all of them, or the named ones): blank scores, a 'Weet niet'
answer, an out-of-scale score, a duplicated respondent, stray spaces.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

FAULTS = ("blank", "dontknow", "outofscale", "duplicate", "spaces")
FREE_TEXT = ("meer tijd voor netwerkberaden", "ondersteuning van de teamverantwoordelijke",
             "hoge caseload", "goede vorming", "onduplicheid in procedures", "het procesteam")


def options(scale_text: str, limit: int = 6) -> list[str]:
    """The answer options a background item lists after its last colon."""
    text = scale_text.rsplit(":", 1)[-1]
    found = [part.strip() for part in text.replace(" en ", ", ").split(",") if part.strip()]
    return found[:limit] or ["A", "B", "C"]


def instrument_columns(project: Path) -> dict:
    """Question texts and answer options from the project's barometer.yaml."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from programtheory import load_project

    barometer = load_project(project).barometer
    if barometer is None:
        raise SystemExit(f"{project}: no barometer.yaml")
    items = {item.id: item for item in barometer.survey_items}
    inst = barometer.instrument
    question = inst.variants[0].nl if inst.variants else inst.question
    background = [(items[i].text, options(items[i].scale)) for i in inst.breakdown_items
                  if i in items]
    open_items = [item.text for item in barometer.survey_items if item.scale.startswith("open")]
    other = [item.text for item in barometer.survey_items
             if "1-10" in item.scale and " ".join(item.text.split()) != " ".join(question.split())]
    return {"question": question, "low": inst.scale_min, "high": inst.scale_max,
            "background": background, "free_text": open_items[0] if open_items else "Opmerking",
            "other": other[0] if other else "Andere score (1-10)",
            "anchors": (inst.anchor_low, inst.anchor_high)}


def survey_frame(columns: dict, n: int, wave: str, seed: int) -> pd.DataFrame:
    """n synthetic respondents: groups of very different size (so that some are small),
    scores centred a little differently per group."""
    rng = np.random.default_rng(seed)
    low, high = columns["low"], columns["high"]
    data: dict = {"Respondent ID": [f"{wave}-R{i:06d}" for i in range(1, n + 1)],
                  "Tijdstempel": pd.Timestamp("2024-05-01")
                  + pd.to_timedelta(rng.integers(0, 30 * 86400, n), unit="s")}
    shift = np.zeros(n)
    for b, (text, answers) in enumerate(columns["background"]):
        weights = np.array([2.0 ** -i for i in range(len(answers))])
        picks = rng.choice(len(answers), size=n, p=weights / weights.sum())
        data[text] = np.asarray(answers, dtype=object)[picks]
        if b == 0:
            shift = (picks % 3) * 0.4
    centre = low + (high - low) * 0.55 + shift
    scores = np.clip(np.rint(rng.normal(centre, 1.6)), low, high).astype(int)
    data[columns["question"]] = scores
    data[columns["other"]] = np.clip(scores + rng.integers(-2, 3, n), low, high)
    markers = rng.integers(0, 16 ** 8, n)
    data[columns["free_text"]] = [
        f"{FREE_TEXT[m % len(FREE_TEXT)]}; synthetic-answer-{wave}-{m:08x}" for m in markers]
    return pd.DataFrame(data)


def add_faults(frame: pd.DataFrame, columns: dict, faults: list[str], seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1)
    frame = frame.astype({columns["question"]: object})
    question, n = columns["question"], len(frame)
    if "blank" in faults:
        frame.loc[rng.choice(n, max(1, n // 30), replace=False), question] = ""
    if "dontknow" in faults:
        frame.loc[int(rng.integers(n)), question] = "Weet niet"
    if "outofscale" in faults:
        frame.loc[int(rng.integers(n)), question] = columns["high"] + 1
    if "spaces" in faults:
        first = columns["background"][0][0] if columns["background"] else question
        frame[first] = frame[first].map(lambda v: f" {v} ")
    if "duplicate" in faults:
        frame = pd.concat([frame, frame.iloc[[int(rng.integers(n))]]], ignore_index=True)
    return frame


def write(frame: pd.DataFrame, columns: dict, fmt: str, out: Path, *, delimiter: str = ",",
          encoding: str = "utf-8") -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        frame.to_csv(out, index=False, sep=delimiter, encoding=encoding,
                     date_format="%Y-%m-%d %H:%M:%S")
    elif fmt == "xlsx":
        frame.to_excel(out, index=False, engine="openpyxl")
    else:
        _write_sav(frame, columns, out)


def _write_sav(frame: pd.DataFrame, columns: dict, out: Path) -> None:
    """SPSS stores short variable names, the question as the variable label and the answer
    options as value labels on numeric codes, as survey tools export it."""
    import pyreadstat

    names, labels, value_labels, data = [], {}, {}, {}
    for i, column in enumerate(frame.columns):
        name = "id" if i == 0 else f"Q{i}"
        names.append(name)
        labels[name] = column
        values = frame[column]
        if any(column == text for text, _ in columns["background"]):
            answers = next(a for t, a in columns["background"] if t == column)
            codes = {a: k + 1 for k, a in enumerate(answers)}
            data[name] = values.map(lambda v, codes=codes: codes.get(str(v).strip(), np.nan)).astype(float)
            value_labels[name] = {float(k): a for a, k in codes.items()}
        elif column == columns["question"]:
            data[name] = pd.to_numeric(values.replace("", np.nan).replace("Weet niet", 99))
            low, high = columns["low"], columns["high"]
            value_labels[name] = {float(low): f"{low} {columns['anchors'][0]}",
                                  float(high): f"{high} {columns['anchors'][1]}",
                                  99.0: "Weet niet"}
        else:
            data[name] = values
    pyreadstat.write_sav(pd.DataFrame(data), str(out), column_labels=labels,
                         variable_value_labels=value_labels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="respondents (10 to 100000)")
    parser.add_argument("--wave", default="w_synthetic", help="wave id (used in the ids)")
    parser.add_argument("--format", choices=("csv", "xlsx", "sav"), default="csv")
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--faults", nargs="?", const=",".join(FAULTS), default="",
                        help=f"comma-separated faults to add (default all: {','.join(FAULTS)})")
    parser.add_argument("--delimiter", default=",", help="CSV only")
    parser.add_argument("--encoding", default="utf-8", help="CSV only, e.g. cp1252, utf-8-sig")
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    if not 10 <= args.n <= 100_000:
        parser.error("--n must be between 10 and 100000")
    faults = [f for f in args.faults.split(",") if f]
    unknown = sorted(set(faults) - set(FAULTS))
    if unknown:
        parser.error(f"unknown fault(s) {', '.join(unknown)}; choose from {', '.join(FAULTS)}")
    columns = instrument_columns(args.project)
    frame = survey_frame(columns, args.n, args.wave, args.seed)
    if faults:
        frame = add_faults(frame, columns, faults, args.seed)
    write(frame, columns, args.format, args.out, delimiter=args.delimiter.replace("\\t", "\t"),
          encoding=args.encoding)
    print(f"{args.out}: {len(frame)} rows, {args.format}" + (f", faults: {', '.join(faults)}"
                                                            if faults else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
