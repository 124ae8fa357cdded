"""The `image_folder` source: a folder with one subfolder per class, its images streamed with
tf.data, so that a folder larger than memory trains.

Project keys (`data.dataset`): `path` (relative to the project's folder), `image_size`
[height, width] (every image is resized to it), `color_mode` "rgb" or "grayscale"; the split
fractions and seed are the `data.split` ones, as for every source.

The Input's shape (height, width, 1 or 3) comes from the project alone and the classes from
the subfolders' names, so the editor's analysis never opens an image. Loading lists the
folder with `keras.utils.image_dataset_from_directory` (its classes and file order), checks
the first bytes of each file, and splits the files with the project's seed; training then
streams each split's files with tf.data (decoded and resized as Keras's loader does, in
parallel, batched, prefetched), so only a few batches are in memory at a time.

Scaling happens in the stream: `divide255` multiplies by 1/255; `standard` subtracts each
channel's mean and divides by its standard deviation, both computed on the training split's
images as training sees them (decoded and resized), streamed (`channel_figures`).
A file that passes the header check but cannot be decoded (cut short, corrupt) fails in
TensorFlow with a message that names no file; `engine.data.image_faults` finds it then.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.data.dataset import CLASSIFICATION, MAIN_TARGET, Dataset, Target
from engine.data.errors import DataError
from engine.data.image_faults import naming_broken_images
from engine.sections import DATA

EXTENSIONS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")  # those Keras's loader reads
CHANNELS = {"rgb": 3, "grayscale": 1}
# the first bytes of each format Keras decodes
SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")
SHUFFLE_BUFFER = 1024
BATCH = 256  # images decoded together when loaded on request
CACHE_SIZE = 8


@dataclass(frozen=True)
class ImageFolder:
    """The listing of an image folder: class names, and each file with its class number."""

    root: Path
    class_names: tuple[str, ...]
    paths: tuple[str, ...]
    labels: np.ndarray
    image_size: tuple[int, int]
    color_mode: str
    base: Path | None = None  # the project's folder: files are named relative to it

    @property
    def channels(self) -> int:
        return CHANNELS[self.color_mode]

    @property
    def sample_shape(self) -> tuple[int, int, int]:
        return (*self.image_size, self.channels)


def settings(spec: dict, base_dir=None) -> tuple[Path, tuple[int, int], str]:
    """(folder, image size, color mode) of a `data.dataset` spec; DataError naming a bad key."""
    from engine.data.sources import csv_path

    raw = spec.get("path")
    if not isinstance(raw, str) or not raw:
        raise DataError("data.dataset.path: give the image folder's path (one subfolder per "
                        "class)")
    folder = csv_path(spec, base_dir)
    size = spec.get("image_size", DATA.default("dataset.image_size"))
    problem = DATA.field("dataset.image_size").check(size)
    if problem or len(size) != 2:
        raise DataError(f"data.dataset.image_size: expected [height, width], got {size!r}")
    mode = spec.get("color_mode", DATA.default("dataset.color_mode"))
    if mode not in CHANNELS:
        raise DataError(f"data.dataset.color_mode: expected \"rgb\" or \"grayscale\", got "
                        f"{mode!r}")
    return folder, (int(size[0]), int(size[1])), mode


def class_folders(folder: Path) -> list[str]:
    """The class subfolders of `folder`, sorted; DataError when the folder is missing or has
    none."""
    if not folder.exists():
        raise DataError(f"{folder}: the image folder does not exist")
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder (give a folder with one subfolder per class)")
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_dir())
    except OSError as exc:
        raise DataError(f"{folder}: cannot be read ({exc.strerror or exc})") from None
    if not names:
        raise DataError(f"{folder}: no class subfolders; put each class's images in a "
                        "subfolder named after the class (e.g. cats/, dogs/)")
    return names


def shape_of(spec: dict, base_dir) -> tuple[tuple[int, int, int], list[str]]:
    """(sample shape, class names) known from the project and the folder's subfolders only."""
    folder, size, mode = settings(spec, base_dir)
    return (*size, CHANNELS[mode]), _cached_classes(str(folder), _mtime(folder))


def _mtime(folder: Path) -> int:
    try:
        return folder.stat().st_mtime_ns
    except OSError:
        return -1


@functools.lru_cache(maxsize=CACHE_SIZE)
def _cached_classes(folder: str, _mtime: int) -> list[str]:
    return class_folders(Path(folder))


def scan(spec: dict, base_dir=None) -> ImageFolder:
    """Lists the folder as Keras does and checks each file's first bytes; DataError naming a
    missing folder, a folder without class subfolders or images, or an unreadable file."""
    folder, size, mode = settings(spec, base_dir)
    classes = class_folders(folder)
    paths = _keras_listing(folder, size, mode)
    for path in paths:
        _check_readable(Path(path))
    labels = [classes.index(Path(p).relative_to(folder).parts[0]) for p in paths]
    if not paths:
        raise DataError(f"{folder}: no images in its class subfolders ({', '.join(classes)}); "
                        "images must end in " + ", ".join(EXTENSIONS))
    base = Path(base_dir) if base_dir is not None else None
    return ImageFolder(folder, tuple(classes), tuple(paths), np.asarray(labels, np.int64),
                       size, mode, base)


def _check_readable(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise DataError(f"{path}: the image cannot be read ({exc.strerror or exc})") from None
    if not any(head.startswith(s) for s in SIGNATURES):
        raise DataError(f"{path}: not a PNG, JPEG, GIF or BMP image (its content does not "
                        "match its name); remove or replace it")


def load(spec: dict, base_dir=None) -> Dataset:
    """The folder as a Dataset whose features stay on disk: `image_folder` holds the listing,
    `x` is an empty placeholder with one row per image."""
    listing = scan(spec, base_dir)
    target = Target(listing.labels, CLASSIFICATION, list(listing.class_names))
    h, w, c = listing.sample_shape
    counts = np.bincount(listing.labels, minlength=len(listing.class_names))
    return Dataset(listing.root.name, np.empty((len(listing.paths), 0), np.float32),
                   {MAIN_TARGET: target}, pixel_names(listing.sample_shape),
                   description=f"image folder {listing.root.name}: {len(listing.paths)} images "
                               f"in {len(listing.class_names)} classes ("
                               + ", ".join(f"{n}: {k}" for n, k in
                                           zip(listing.class_names, counts, strict=True))
                               + f"), read as {h}x{w}x{c}",
                   image_folder=listing)


def pixel_names(shape) -> list[str]:
    h, w, c = shape
    return [f"pixel_{r}_{col}_{ch}" for r in range(h) for col in range(w) for ch in range(c)]


# ---- streaming ---------------------------------------------------------------------------
@dataclass
class StreamedSplit:
    """One split of an image folder: its files and labels; the images are decoded when
    streamed (`tf_dataset`), or loaded on request (`images`, and `x` for all of them)."""

    folder: ImageFolder
    index: np.ndarray  # rows of the folder's listing
    targets: dict[str, np.ndarray]
    scale: float = 1.0  # divide255: 1/255
    # standard: (mean, standard deviation) per channel, of the training split's images
    standard: tuple[np.ndarray, np.ndarray] | None = None
    _x: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.index)

    @property
    def paths(self) -> list[str]:
        return [self.folder.paths[i] for i in self.index]

    @property
    def x(self) -> np.ndarray:
        """Every image of the split in memory (for views that need them all; training
        streams instead)."""
        if self._x is None:
            self._x = self.images(np.arange(len(self)))
        return self._x

    def images(self, rows) -> np.ndarray:
        """The split's images at `rows`, decoded and resized as training sees them."""
        import tensorflow as tf

        rows = np.asarray(rows, np.int64)
        h, w, c = self.folder.sample_shape
        if not len(rows):
            return np.zeros((0, h, w, c), np.float32)
        paths = [self.folder.paths[int(self.index[row])] for row in rows]
        folder, scaled = self.folder, self._scaling(tf)
        ds = tf.data.Dataset.from_tensor_slices(tf.constant(paths)).map(
            lambda path: scaled(decode_image(tf, path, folder)), num_parallel_calls=tf.data.AUTOTUNE)
        with naming_broken_images(self.folder, paths):
            return np.concatenate([batch.numpy() for batch in ds.batch(BATCH)], axis=0)

    def _scaling(self, tf):
        """image -> image as scaled for the model (`scale`, or the `standard` figures)."""
        if self.standard is None:
            scale = np.float32(self.scale)
            return lambda image: image * scale
        mean, std = (tf.constant(np.asarray(v, np.float32)) for v in self.standard)
        return lambda image: (image - mean) / std

    def tf_dataset(self, to_xy, batch_size: int, shuffle_seed=None, shuffle: bool = False):
        """(x, y) batches, decoded in parallel and prefetched; `to_xy(image, label)` maps an
        image and its class number to what the model takes."""
        import tensorflow as tf

        paths = tf.constant(self.paths)
        labels = tf.constant(self.targets[MAIN_TARGET])
        ds = tf.data.Dataset.from_tensor_slices((paths, labels))
        if shuffle:
            ds = ds.shuffle(min(len(self), SHUFFLE_BUFFER) or 1, seed=shuffle_seed,
                            reshuffle_each_iteration=True)
        folder, scaled = self.folder, self._scaling(tf)

        def load_one(path, label):
            return to_xy(scaled(decode_image(tf, path, folder)), label)

        ds = ds.map(load_one, num_parallel_calls=tf.data.AUTOTUNE)
        return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)


def channel_figures(split: StreamedSplit) -> tuple[np.ndarray, np.ndarray]:
    """(mean, standard deviation) of each channel over every pixel of the split's images,
    decoded and resized as training sees them (0-255), streamed batch by batch (each batch's
    figures in float32, about their own mean) and combined in float64, so the split is never
    in memory at once. A constant channel gets a standard deviation of 1 (as scikit-learn's
    StandardScaler does)."""
    import tensorflow as tf

    folder = split.folder
    channels = folder.channels
    if not len(split):
        raise DataError("data.scaling: standard scaling needs training images, and the "
                        "training split is empty")

    def figures(batch):  # a batch's pixel count, mean and squared deviations per channel
        pixels = tf.reshape(batch, [-1, channels])
        mean = tf.reduce_mean(pixels, axis=0)
        return tf.shape(pixels)[0], mean, tf.reduce_sum(tf.square(pixels - mean), axis=0)

    ds = (tf.data.Dataset.from_tensor_slices(tf.constant(split.paths))
          .map(lambda path: decode_image(tf, path, folder), num_parallel_calls=tf.data.AUTOTUNE)
          .batch(BATCH).map(figures, num_parallel_calls=tf.data.AUTOTUNE)
          .prefetch(tf.data.AUTOTUNE))
    count, mean, squares = 0.0, np.zeros(channels), np.zeros(channels)
    with naming_broken_images(folder, split.paths):
        for n, batch_mean, batch_squares in ds.as_numpy_iterator():
            # Chan et al.'s pairwise update, in float64: stable for any number of pixels
            n, delta = float(n), batch_mean.astype(np.float64) - mean
            total = count + n
            mean = mean + delta * (n / total)
            squares = squares + batch_squares.astype(np.float64) + delta ** 2 * count * n / total
            count = total
    std = np.sqrt(squares / count)
    std[std == 0] = 1.0
    return mean.astype(np.float32), std.astype(np.float32)


def decode_image(tf, path, folder: ImageFolder):
    """One image as Keras's loader reads it: decoded with the folder's channels, resized
    (bilinear) to the image size, float32 0-255."""
    data = tf.io.read_file(path)
    image = tf.io.decode_image(data, channels=folder.channels, expand_animations=False)
    image = tf.image.resize(image, folder.image_size, method="bilinear")
    image.set_shape(folder.sample_shape)
    return tf.cast(image, tf.float32)


def _keras_listing(folder: Path, size, mode) -> list[str]:
    """The image files Keras's loader finds under the class subfolders, in its order."""
    import contextlib
    import io

    from engine.keras_setup import keras as _keras

    try:
        with contextlib.redirect_stdout(io.StringIO()):  # "Found N files belonging to ..."
            found = _keras().utils.image_dataset_from_directory(
                str(folder), labels="inferred", label_mode="int", color_mode=mode,
                image_size=size, batch_size=None, shuffle=False)
    except ValueError:  # "No images found in directory ..."
        return []
    return [str(p) for p in found.file_paths]
