"""What an import did (or would do, in a dry run): the report the preview and command show."""

from __future__ import annotations

from dataclasses import dataclass, field

from learning.interchange import Skipped
from learning.models import Question

FORMAT_NAMES = {"gift": "GIFT", "xml": "Moodle XML", "json": "Pathwise JSON"}
EXTENSIONS = {".gift": "gift", ".txt": "gift", ".xml": "xml", ".json": "json"}


@dataclass(frozen=True)
class ImportedQuestion:
    """One question the import created (``pk`` is None in a dry run)."""

    source_ref: str
    title: str
    prompt: str
    kind: str
    concept: str
    pk: int | None

    @property
    def kind_label(self) -> str:
        return Question.Kind(self.kind).label


@dataclass
class ImportReport:
    """Created, skipped (with the reason, naming the field) and warned about (a difference
    between how the source's LMS and Pathwise treat the question that remains)."""

    filename: str
    format: str
    dry_run: bool
    status: str
    imported: list[ImportedQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created_topics: list[str] = field(default_factory=list)
    created_concepts: list[str] = field(default_factory=list)

    @property
    def duplicates(self) -> list[Skipped]:
        """The skipped questions that are already in the target concept."""
        return [s for s in self.skipped if s.reason.startswith(DUPLICATE_PREFIXES)]

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        status = "published" if self.status == Question.Status.PUBLISHED else "drafts"
        text = f"{self.filename}: {verb} {plural(len(self.imported), 'question')} ({status})"
        if self.skipped:
            text += f", skipped {len(self.skipped)}"
            if duplicates := len(self.duplicates):
                text += f" ({plural(duplicates, 'duplicate')})"
        if self.created_topics or self.created_concepts:
            text += (
                f"; {'would create' if self.dry_run else 'created'} "
                f"{plural(len(self.created_topics), 'topic')} and "
                f"{plural(len(self.created_concepts), 'concept')}"
            )
        return text + "."


ALREADY_IMPORTED = "already imported"
DUPLICATE = "duplicate"
DUPLICATE_PREFIXES = (ALREADY_IMPORTED, DUPLICATE)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
