"""One side of a comparison (see `programtheory.diff`): a version with the evidence of its
project, from the working folder or from a git revision (`gitsource`)."""

from __future__ import annotations

from dataclasses import dataclass

from .citations import LinePlaces, project_places
from .model import Evidence, Project, Version

__all__ = ["Side", "side_of"]


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a version, the evidence of its project, the ids of the
    versions it revises (its `based_on` chain, nearest first), where it was read from
    ('' for the project folder, else e.g. a git revision), its project's primary language,
    the language of its descriptions and notes (`text_language`), and which section of its
    source holds which lines."""

    version: Version
    evidence: tuple[Evidence, ...] = ()
    lineage: tuple[str, ...] = ()
    where: str = ""
    language: str = "nl"  # the language of a project without project.yaml
    # of its descriptions and notes: `ProjectSettings.prose_language`, as `side_of` gives it
    prose_language: str = "nl"
    places: LinePlaces = LinePlaces()  # which section holds which lines (`readable_lines`)

    @property
    def id(self) -> str:
        return self.version.id

    def shows_prose(self, lang: str) -> bool:
        """Whether a page in `lang` shows this side's descriptions and notes."""
        return lang == self.prose_language


def side_of(project: Project, version_id: str, where: str = "",
            places: LinePlaces | None = None) -> Side:
    """The `Side` of version `version_id` of `project` (UsageError for an unknown id);
    `places`, when given, are the project's own (`project_places`, a walk of the whole
    project, made once for two sides of one project)."""
    version = project.version(version_id)
    lineage: list[str] = []
    base = version.info.based_on
    while base and base in project.versions and base not in lineage and base != version.id:
        lineage.append(base)
        base = project.versions[base].info.based_on
    return Side(version, tuple(project.evidence), tuple(lineage), where,
                project.primary_language, project.settings.prose_language,
                places if places is not None else project_places(project))
