"""Where a kgborder project keeps its sources and what it builds."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGED_ONTOLOGY = Path(__file__).resolve().parent / "ontology"
_REPO_ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


class _Under:
    """A fixed path under a project's root, read as an attribute of the project."""

    def __init__(self, *parts: str):
        self.parts = parts

    def __get__(self, project: Project, owner: type | None = None) -> Path:
        return project.root.joinpath(*self.parts)


@dataclass(frozen=True)
class Project:
    """Paths of one project directory (the current one by default)."""

    root: Path
    store_override: Path | None = None

    @classmethod
    def at(cls, root: str | os.PathLike | None = None, store: str | os.PathLike | None = None) -> "Project":
        env_store = os.environ.get("KGBORDER_STORE")
        store_path = store or env_store
        # abspath, not resolve(): the store is a symbolic link that a build swaps.
        return cls(Path(root or ".").resolve(), Path(os.path.abspath(store_path)) if store_path else None)

    graph_dir = _Under("graph")
    entities_file = _Under("graph", "entities.yaml")
    rejected_file = _Under("graph", "rejected.yaml")  # names `kgborder add` no longer proposes
    articles_dir = _Under("graph", "articles")
    output_file = _Under("graph", "kgborder.ttl")

    @property
    def store_dir(self) -> Path:
        return self.store_override or (self.root / ".kgborder" / "store")

    @property
    def ontology_dir(self) -> Path:
        """The project's own ``ontology/`` if it has one, else the one kgborder ships."""
        own = self.root / "ontology"
        if own.is_dir():
            return own
        return _PACKAGED_ONTOLOGY if _PACKAGED_ONTOLOGY.is_dir() else _REPO_ONTOLOGY

    def relative(self, path: Path) -> str:
        """A path as the user should read it in a message: relative to the project."""
        try:
            return str(Path(os.path.abspath(path)).relative_to(self.root))
        except ValueError:
            return str(path)
