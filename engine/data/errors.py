"""Errors of data loading and binding; each names the dataset, file, column or node at fault."""

from __future__ import annotations

from pathlib import Path

from engine.errors import DendriteError


class DataError(DendriteError):
    """A dataset that cannot be loaded or used as the project asks."""


class DatasetUnavailable(DataError):
    """A dataset that needs a download which failed (no network, refused host).

    `dataset`, `file` and `cache_dir` say which dataset, which file the library's loader
    looks for, and where the user can put that file by hand.
    """

    def __init__(self, dataset: str, file: str, cache_dir: Path | str, reason: str = ""):
        self.dataset = dataset
        self.file = file
        self.cache_dir = Path(cache_dir)
        why = f" ({reason})" if reason else ""
        super().__init__(
            f"the dataset {dataset} is not on this computer and could not be downloaded{why}. "
            f"Put the file {file} in the folder {self.cache_dir} (the library's own cache) "
            "and try again, or choose another dataset.")


class CsvError(DataError):
    """A CSV file that cannot be read, or a column that cannot be used."""

    def __init__(self, message: str, column: str | None = None, row: int | None = None):
        super().__init__(message)
        self.column = column
        self.row = row


class ImageFileError(DataError):
    """Image files of an image folder that cannot be decoded (cut short, corrupt): `paths`
    are the files, as named in the message (relative to the project's folder)."""

    def __init__(self, message: str, paths: list[str]):
        super().__init__(message)
        self.paths = list(paths)
