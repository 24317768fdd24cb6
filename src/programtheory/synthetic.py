"""Synthetic projects: theories of any size built in Python, for benchmarks and tests.

Nothing here is real data. `synthetic_project` draws a theory from a seeded random generator, so
the same arguments give the same theory on every machine and a benchmark figure can be compared
between runs; `write_project` saves any `Project` as a project folder that `load_project` reads.
The small builders (`node`, `link`, `project_of`) make hand-written projects short.

>>> project = synthetic_project(40, seed=1)
>>> version = project.versions["synthetic"]
>>> len(version.nodes), len(version.links) > 20, project == synthetic_project(40, seed=1)
(40, True, True)
>>> import tempfile
>>> from programtheory import load_project
>>> with tempfile.TemporaryDirectory() as folder:
...     loaded = load_project(write_project(project, Path(folder)))
>>> [n.id for n in loaded.versions["synthetic"].nodes] == [n.id for n in version.nodes]
True
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from .atomic import write_text_atomically
from .model import (Evidence, Group, Label, Link, LiteratureSource, Node, Project, SourcesFile,
                    Version, VersionInfo)
from .settings import PROJECT_FILE, ProjectSettings

# The kinds drawn, in column order (the first seven form the causal chain), and their weights.
_KINDS = [("assumption", None), ("resource", None), ("action", None), ("output", None),
          ("outcome", "short"), ("outcome", "medium"), ("outcome", "long"),
          ("mechanism", None), ("feedback", None), ("external_factor", None), ("problem", None)]
_WEIGHTS = [10, 8, 20, 14, 10, 10, 10, 6, 4, 5, 3]
_CHAIN = range(7)
_WORDS = ["de", "het", "een", "gezin", "netwerk", "veiligheid", "consulent", "ouders",
          "minderjarige", "partnerschap", "transparante", "communicatie", "vertrouwen", "plan",
          "beraad", "tijd", "expertise", "team", "organisatie", "leren", "leiderschap",
          "afstemming", "meten", "zorgen", "stappen", "traject", "impact"]
_LEVELS = ["organisation", "team", "individual", "case", "client"]
# the built-in levels and one more, 'case', as hand-made theories of case work use it
CASE_LEVEL = ProjectSettings.model_validate(
    {"languages": ["nl", "en"],
     "vocabulary": {"levels": [{"id": "case", "label": {"nl": "case", "en": "case"}}]}})


def node(id: str, kind: str, nl: str, en: str = "", **extra) -> Node:
    """A node with a Dutch and an English label."""
    return Node(id=id, kind=kind, label=Label(nl=nl, en=en), **extra)


def link(id: str, source, target, kind: str = "leads_to", status: str = "stated",
         **extra) -> Link:
    """A link from `source` to `target` (each an id or a list of ids)."""
    return Link(**{"id": id, "from": source, "to": target, "kind": kind, "status": status},
                **extra)


def project_of(nodes: list[Node], links: list[Link] = (), groups: list[Group] = (),
               evidence: list[Evidence] = (), *, version: str = "v1", columns=None,
               root: str | Path = "/tmp/programtheory-fixture",
               literature: list[LiteratureSource] = ()) -> Project:
    """A project of one version holding the given elements (nothing is checked)."""
    info = VersionInfo(id=version, title=Label(nl=f"Theorie {version}", en=f"Theory {version}"),
                       columns=columns)
    v = Version(info=info, nodes=list(nodes), groups=list(groups), links=list(links),
                path=f"theory/versions/{version}.yaml")
    return Project(root=str(root), versions={version: v}, evidence=list(evidence),
                   sources=SourcesFile(literature=list(literature)), recommendations=[],
                   settings=CASE_LEVEL)


def synthetic_project(n_nodes: int = 1000, *, seed: int = 7, label_words: int = 6,
                      evidence_per_node: float = 0.6, root: str | Path = "/tmp/pt-synthetic",
                      label_chars: int | None = None) -> Project:
    """A synthetic theory (version id 'synthetic') of `n_nodes` nodes, about 1.5 links per node,
    mostly from one column to the next, some implied, with evidence on some nodes and links.
    `label_chars` cuts (or pads) every Dutch label to that many characters."""
    rnd = random.Random(seed)
    kinds = rnd.choices(range(len(_KINDS)), weights=_WEIGHTS, k=n_nodes)
    nodes, by_column = _nodes(rnd, kinds, label_words, label_chars)
    links = _links(rnd, kinds, by_column)
    ids = [f"n{i}" for i in range(n_nodes)] + [ln.id for ln in links]
    evidence = _evidence(rnd, ids, int(len(ids) * evidence_per_node))
    return project_of(nodes, links, (), evidence, version="synthetic", root=root)


def _nodes(rnd: random.Random, kinds: list[int], label_words: int,
           label_chars: int | None) -> tuple[list[Node], dict[int, list[str]]]:
    nodes, by_column = [], {i: [] for i in range(len(_KINDS))}
    conditions = [None, None, "necessary", "facilitating"]
    for i, k in enumerate(kinds):
        kind, term = _KINDS[k]
        label = f"{i} " + " ".join(rnd.choice(_WORDS) for _ in range(label_words))
        if label_chars:
            label = (label + " " + " ".join(rnd.choice(_WORDS) for _ in range(label_chars)))
            label = label[:label_chars]
        extra = {}
        if kind in ("assumption", "resource", "external_factor"):
            extra["condition"] = rnd.choice(conditions)
        if kind == "outcome" and rnd.random() < 0.1:
            extra["polarity"] = "undesired"
        nid = f"n{i}"
        nodes.append(node(nid, kind, label, f"node {i}", term=term,
                          levels=[rnd.choice(_LEVELS)], **extra))
        by_column[k].append(nid)
    return nodes, by_column


def _links(rnd: random.Random, kinds: list[int], by_column: dict[int, list[str]]) -> list[Link]:
    """Chain nodes lead to one or two nodes of the next filled column; mechanisms, feedback and
    external factors point at one chain node; problems get no link."""
    links = []
    for i, k in enumerate(kinds):
        targets = []
        if k in _CHAIN[:-1]:
            later = [c for c in _CHAIN if c > k and by_column[c]]
            if later:
                pool = by_column[later[0]]
                targets = rnd.sample(pool, min(len(pool), rnd.choice([1, 1, 2])))
        elif k >= len(_CHAIN):
            pool = [n for c in _CHAIN for n in by_column[c]]
            if pool:
                targets = [rnd.choice(pool)]
        kind = {"feedback": "feeds_back", "problem": "motivates"}.get(_KINDS[k][0], "leads_to")
        for target in targets:
            if kind == "motivates":
                continue
            links.append(link(f"L{len(links)}", f"n{i}", target, kind,
                              "implied" if rnd.random() < 0.3 else "stated"))
    return links


def _evidence(rnd: random.Random, ids: list[str], count: int) -> list[Evidence]:
    evidence = []
    for j in range(count):
        target = rnd.choice(ids)
        evidence.append(Evidence(
            id=f"ev{j}", kind=rnd.choice(["quote", "statistic", "literature"]),
            text=f"bewijs {j} " + " ".join(rnd.choice(_WORDS) for _ in range(12)),
            role=rnd.choice(["mama casestudie", "consulent ID26", ""]), bears_on=[target],
            stance=rnd.choice(["supports", "supports", "nuances", "contradicts"])))
    return evidence


# ---------------------------------------------------------------- projects on disk

def _dump(model) -> dict:
    return model.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True,
                            mode="json")


def _write_yaml(path: Path, data: dict, *, sort_keys: bool = False) -> None:
    write_text_atomically(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=sort_keys))


def write_project(project: Project, target: Path) -> Path:
    """Write a Project as a project folder (one file per version, the evidence in one file, the
    literature in theory/sources.yaml) and return the folder."""
    versions = target / "theory" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    for vid, version in project.versions.items():
        info = version.info.model_dump(by_alias=True, exclude_none=True, mode="json")
        data = {"version": {k: v for k, v in info.items() if v not in ([], "")},
                "nodes": [_dump(n) for n in version.nodes],
                "links": [_dump(ln) for ln in version.links]}
        if version.groups:
            data["groups"] = [_dump(g) for g in version.groups]
        _write_yaml(versions / f"{vid}.yaml", data)
    (target / "theory" / "evidence").mkdir(exist_ok=True)
    _write_yaml(target / "theory" / "evidence" / "evidence.yaml",
                {"evidence": [_dump(e) for e in project.evidence]})
    _write_yaml(target / "theory" / "sources.yaml",
                {"literature": [_dump(item) for item in project.sources.literature]},
                sort_keys=True)
    settings = project.settings.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    if settings:
        _write_yaml(target / PROJECT_FILE, settings)
    return target
