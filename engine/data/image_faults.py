"""Broken images named by their files. A file of an image folder whose first bytes are right
but whose content is cut short or corrupt fails only when TensorFlow decodes it, deep in the
tf.data pipeline, with a message that names no file ("Invalid PNG data, size 426"). When
such a failure happens (training, evaluating, reading images, computing the scaling's
figures), `naming_broken_images` decodes the files with the pipeline's own decoder, in
parallel, to find the culprits, and raises an ImageFileError naming them relative to the
project; the happy path costs nothing. TensorFlow is imported only when a failure is seen.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import numpy as np

from engine.data.errors import ImageFileError

# words of TensorFlow's messages when an image cannot be read or decoded ("Invalid PNG
# data", "jpeg::Uncompress failed", "Unknown image file format. One of JPEG, PNG...", "No
# such file"): not "image" alone, which an Input's name in any other error may hold
DECODE_WORDS = re.compile(r"decod|png|jpe?g|gif|bmp|no such file", re.I)
NAMED = 3  # broken files named one by one in the message; the rest are counted
FORMATS = ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"BM", "BMP"))


@contextlib.contextmanager
def naming_broken_images(source, paths=None):
    """Turns a decode failure inside the block into an ImageFileError naming the broken
    files among `paths` (default: every file of the folder). `source` is an ImageFolder or
    prepared data (nothing is done unless it streams an image folder)."""
    try:
        yield
    except Exception as exc:
        named = broken_image_error(exc, source, paths)
        if named is None:
            raise
        raise named from None


def broken_image_error(exc: BaseException, source, paths=None) -> ImageFileError | None:
    """An ImageFileError naming the files that fail to decode, when `exc` is TensorFlow's
    failure to read or decode an image of `source`'s folder; else None."""
    folder = _folder_of(source)
    if folder is None or not _is_decode_failure(exc):
        return None
    paths = list(folder.paths if paths is None else paths)
    broken = find_broken(folder, paths)
    if not broken:
        return None
    return ImageFileError(describe(folder, broken), [name_of(folder, p) for p, _ in broken])


def find_broken(folder, paths: list[str]) -> list[tuple[str, str]]:
    """(path, TensorFlow's reason) of each of `paths` that the pipeline's decoder cannot
    read, in listing order: every file decoded in parallel, the failures kept."""
    import tensorflow as tf

    from engine.data.image_folder import decode_image

    if not paths:
        return []
    ds = (tf.data.Dataset.from_tensor_slices((tf.range(len(paths), dtype=tf.int64),
                                              tf.constant([str(p) for p in paths])))
          .map(lambda i, path: (i, tf.reduce_max(decode_image(tf, path, folder))),
               num_parallel_calls=tf.data.AUTOTUNE, deterministic=False)
          .ignore_errors()
          .batch(1024))
    decoded = np.zeros(len(paths), bool)
    for rows, _largest in ds.as_numpy_iterator():  # a value of the image: it is decoded
        decoded[rows] = True
    found = []
    for row in np.flatnonzero(~decoded):
        path = str(paths[int(row)])
        found.append((path, _reason(tf, path, folder) if len(found) < NAMED else ""))
    return found


def _reason(tf, path: str, folder) -> str:
    """TensorFlow's own words for one file (decoded alone, eagerly)."""
    from engine.data.image_folder import decode_image

    try:
        decode_image(tf, tf.constant(path), folder)
    except Exception as exc:  # noqa: BLE001 - its message is what we want
        message = getattr(exc, "message", None) or str(exc)
        plain = re.sub(r"\{\{.*?\}\}|\[\[.*?\]\]|\[Op:.*?\]", " ", message, flags=re.S)
        plain = " ".join(plain.split()).removesuffix(" name:")  # eager ops add " name: "
        return plain[:160].strip(" .")
    return ""


def describe(folder, broken: list[tuple[str, str]]) -> str:
    """The message: the first broken files with what is wrong, how many more, what to do."""
    parts = []
    for path, reason in broken[:NAMED]:
        if not Path(path).exists():
            parts.append(f"{name_of(folder, path)} no longer exists (moved or deleted since "
                         "the folder was read)")
            continue
        said = f" (TensorFlow: {reason})" if reason else ""
        parts.append(f"{name_of(folder, path)} is cut short or not a valid {_format(path)} "
                     f"image{said}")
    more = len(broken) - NAMED
    tail = (f"; {more} more image{'s' * (more != 1)} of the folder cannot be decoded either"
            if more > 0 else "")
    if all(not Path(path).exists() for path, _reason in broken):
        return f"{'; '.join(parts)}{tail}; load the data again"
    it = "it" if len(broken) == 1 else "them"
    return f"{'; '.join(parts)}{tail}; remove or replace {it}"


def name_of(folder, path: str) -> str:
    """`path` relative to the project's folder (or, without one, to the image folder's
    parent), with forward slashes; absolute when it lies elsewhere."""
    base = folder.base if folder.base is not None else Path(folder.root).parent
    relative = os.path.relpath(path, base)
    if relative.startswith(".."):
        return Path(path).as_posix()
    return Path(relative).as_posix()


def _format(path: str) -> str:
    """What the file claims to be, from its first bytes (else its name)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        head = b""
    for signature, name in FORMATS:
        if head.startswith(signature):
            return name
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"jpg": "JPEG"}.get(suffix, suffix.upper() or "image")


def _folder_of(source):
    if source is None:
        return None
    if hasattr(source, "paths") and hasattr(source, "image_size"):  # an ImageFolder
        return source
    dataset = getattr(source, "dataset", None)
    return getattr(dataset, "image_folder", None)


def _is_decode_failure(exc: BaseException) -> bool:
    """TensorFlow's error (any OpError) speaking of reading or decoding an image."""
    try:
        import tensorflow as tf
    except ImportError:  # pragma: no cover - the app needs TensorFlow to stream images
        return False
    return isinstance(exc, tf.errors.OpError) and bool(DECODE_WORDS.search(str(exc)))
