"""Reading a project's theory as it was at a git revision, without a checkout.

Files are read with ``git cat-file`` (what ``git show REV:PATH`` shows) from the repository that
holds the project folder; nothing is written and the working folder is left alone. A revision
is anything git understands (``HEAD~3``, ``main``, a tag, a commit hash); a version at a
revision is written ``REV:VERSION``, e.g. ``HEAD~1:revised``.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import model as m
from .cascade import short_answer
from .exceptions import UsageError
from .findings import Finding, finding
from .project import EVIDENCE_DIR, VERSIONS_DIR

VERSIONS = VERSIONS_DIR.as_posix()
EVIDENCE = EVIDENCE_DIR.as_posix()


@dataclass(frozen=True)
class Repository:
    """A git repository and where the project folder lies inside it."""

    root: Path
    prefix: str  # the project folder relative to the repository root, '' or 'a/b/'

    def path_of(self, relative: str) -> str:
        """A project-relative path as a repository path."""
        return str(PurePosixPath(self.prefix) / relative) if self.prefix else relative

    def git(self, *args: str, input_bytes: bytes | None = None) -> subprocess.CompletedProcess:
        return _run_git(self.root, list(args), input_bytes)


def _run_git(where: Path, args: list[str], input_bytes: bytes | None = None
             ) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(where), *args], input=input_bytes,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed, so revisions cannot be read; install git "
                         "(https://git-scm.com/downloads)") from None


def repository(project_path: str | Path) -> Repository:
    """The repository holding the project folder; UsageError outside a git repository."""
    folder = Path(project_path).resolve()
    if not folder.is_dir():
        raise UsageError(f"{project_path} is not a folder")
    done = _run_git(folder, ["rev-parse", "--show-toplevel", "--show-prefix"])
    if done.returncode != 0:
        raise UsageError(f"{project_path} is not inside a git repository, so a revision cannot "
                         "be read; run the command in a clone of the project, or compare "
                         "two versions in the folder (programtheory diff OLD NEW)")
    root, prefix = (done.stdout.decode("utf-8", "replace").splitlines() + ["", ""])[:2]
    return Repository(Path(root), prefix)


def commit_of(repo: Repository, revision: str) -> str:
    """The full commit hash of `revision`; UsageError for an unknown revision."""
    if not revision or revision.startswith("-"):
        raise UsageError(f"'{revision}' is not a git revision (e.g. HEAD~1, main, a tag)")
    done = repo.git("rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{revision}^{{commit}}")
    if done.returncode != 0:
        raise UsageError(f"unknown git revision '{revision}' in {repo.root}; see "
                         "'git log --oneline' for the commits, 'git branch' for branches")
    return done.stdout.decode().strip()


def split_spec(spec: str) -> tuple[str | None, str]:
    """'REV:VERSION' as (REV, VERSION); a plain version id as (None, id). Version ids have no
    colon, so the last colon separates them.

    >>> split_spec("HEAD~3:revised"), split_spec("revised")
    (('HEAD~3', 'revised'), (None, 'revised'))
    """
    revision, sep, version = spec.rpartition(":")
    return (revision, version) if sep else (None, spec)


def read_blobs(repo: Repository, specs: list[str]) -> list[bytes | None]:
    """The contents of 'COMMIT:PATH' objects, in order (None where the path is missing), read
    by one ``git cat-file --batch``."""
    if not specs:
        return []
    done = repo.git("cat-file", "--batch", input_bytes="".join(f"{s}\n" for s in specs).encode())
    if done.returncode != 0:
        raise UsageError("git cat-file failed: " + done.stderr.decode("utf-8", "replace"))
    out, pos, blobs = done.stdout, 0, []
    for _ in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs.append(out[end + 1:end + 1 + size])
            pos = end + 1 + size + 1
        else:  # '<spec> missing' or another object type
            blobs.append(None)
            pos = end + 1
    return blobs


def in_data_folder(path: str) -> bool:
    """Whether a project-relative path is a data file the project reader reads: a .yaml file
    directly in theory/versions/ or theory/evidence/, not in a folder below them."""
    folder, _, name = path.rpartition("/")
    return folder in (VERSIONS, EVIDENCE) and name.endswith(".yaml")


def files_at(repo: Repository, commit: str, folder: str) -> list[str]:
    """The project-relative paths of the YAML files in `folder` at `commit`."""
    done = repo.git("ls-tree", "-r", "--name-only", commit, "--", repo.path_of(folder))
    if done.returncode != 0:
        raise UsageError("git ls-tree failed: " + done.stderr.decode("utf-8", "replace"))
    cut = len(repo.prefix)
    return sorted(path for path in (line[cut:] for line in
                                    done.stdout.decode("utf-8").splitlines())
                  if in_data_folder(path))


def project_at(project_path: str | Path, revision: str) -> tuple[m.Project, str]:
    """The versions and evidence of the project as they were at `revision`, and a short name
    of that state ('REV, abc1234'). Other parts of the project are not read."""
    from .project import validate_file
    from .yamlio import parse_yaml

    repo = repository(project_path)
    commit = commit_of(repo, revision)
    where = f"{revision}, {commit[:7]}" if not commit.startswith(revision) else commit[:7]
    paths = files_at(repo, commit, VERSIONS) + files_at(repo, commit, EVIDENCE)
    blobs = read_blobs(repo, [f"{commit}:{repo.path_of(p)}" for p in paths])
    findings: list[Finding] = []
    versions: dict[str, m.Version] = {}
    evidence: list[m.Evidence] = []
    for path, raw in zip(paths, blobs, strict=True):
        display = f"{path} at {revision}"
        loaded = parse_yaml(raw or b"", display)
        findings += loaded.findings
        if loaded.data is None:
            continue
        is_version = path.startswith(VERSIONS)
        typed = validate_file(m.VersionFile if is_version else m.EvidenceFile, loaded.data,
                              display, findings)
        if isinstance(typed, m.VersionFile) and typed.version.id in versions:
            findings.append(finding(
                "PT301", f"version id '{typed.version.id}' is also the id of "
                f"{versions[typed.version.id].path}", "give each version file its own id",
                file=display))
        elif isinstance(typed, m.VersionFile):
            versions[typed.version.id] = m.Version(
                info=typed.version, nodes=typed.nodes, groups=typed.groups, links=typed.links,
                path=path)
        elif isinstance(typed, m.EvidenceFile):
            evidence += typed.evidence
    if any(f.severity.value == "error" for f in findings):
        shown = "\n".join(short_answer(findings, limit=3))
        raise UsageError(f"the theory at {revision} cannot be read:\n{shown}")
    if not versions:
        raise UsageError(f"the project has no theory version at {revision} "
                         f"({repo.path_of(VERSIONS)} is empty or missing there)")
    return m.Project(root=str(project_path), versions=versions, evidence=evidence,
                     sources=m.SourcesFile(), recommendations=[]), where


def side_for(project_path: str | Path, spec: str, working):
    """The diff `Side` named by `spec`: 'REV:VERSION' read from git, or a plain version id
    from the project folder (`working()` returns that project, read only when needed)."""
    from .diff import side_of

    revision, version = split_spec(spec)
    if revision is None:
        return side_of(working(), version)
    project, where = project_at(project_path, revision)
    try:
        return side_of(project, version or project.default_version_id(), where)
    except UsageError as exc:
        raise UsageError(f"at {revision}: {exc}") from None
