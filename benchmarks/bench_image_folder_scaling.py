"""An image folder's `standard` scaling and broken-image naming (issue 14 leftovers): what
they cost on a folder of generated PNGs.

- one streamed pass over the training split as training reads it (decode, resize, batches
  of 32): the yardstick, about one epoch's data reading;
- `channel_figures`: each channel's mean and deviation over the training split, streamed
  (the extra cost of choosing `standard`, paid once per prepare);
- `prepare_data` with `divide255` and with `standard`;
- finding the broken file after a decode failure (`find_broken` over the whole folder),
  paid only when decoding has failed: the happy path runs no extra code in the pipeline.

    uv run python benchmarks/bench_image_folder_scaling.py [--images 2000] [--size 64]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_folder(root: Path, images: int, size: int) -> None:
    from PIL import Image

    rng = np.random.default_rng(0)
    classes = ("a", "b", "c", "d")
    for name in classes:
        (root / name).mkdir(parents=True)
    for i in range(images):
        picture = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
        Image.fromarray(picture).save(root / classes[i % 4] / f"{i:05d}.png")


def timed(work, reps: int) -> float:
    found = []
    for _ in range(reps):
        start = time.perf_counter()
        work()
        found.append(time.perf_counter() - start)
    return statistics.median(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=2000)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()

    from engine.data import prepare_data
    from engine.data.image_faults import find_broken
    from engine.data.image_folder import channel_figures

    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        write_folder(base / "pictures", args.images, args.size)
        spec = {"dataset": {"source": "image_folder", "path": "pictures",
                            "image_size": [args.size, args.size]},
                "split": {"test": 0.2, "validation": 0.2, "seed": 1}}
        data = prepare_data({**spec, "scaling": "divide255"}, base)
        train = data.splits["train"]

        def one_pass():
            for _batch in train.tf_dataset(lambda image, label: (image, label), 32)\
                    .as_numpy_iterator():
                pass

        one_pass()  # TensorFlow's first use, not measured
        rows = [
            ("one streamed pass over the training split (batches of 32)", timed(one_pass, args.reps)),
            ("channel_figures over the training split", timed(lambda: channel_figures(train),
                                                             args.reps)),
            ("prepare_data, divide255", timed(lambda: prepare_data(
                {**spec, "scaling": "divide255"}, base), args.reps)),
            ("prepare_data, standard", timed(lambda: prepare_data(
                {**spec, "scaling": "standard"}, base), args.reps)),
        ]
        folder = data.dataset.image_folder
        victim = Path(folder.paths[len(folder.paths) // 2])
        victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
        broken = []
        rows.append(("find_broken over the whole folder (one file cut short)",
                     timed(lambda: broken.append(find_broken(folder, list(folder.paths))),
                           args.reps)))
        assert [p for p, _ in broken[-1]] == [str(victim)], broken[-1]
    print(f"{args.images} PNGs {args.size}x{args.size} RGB, training split {len(train)} "
          f"images; median of {args.reps}")
    for what, seconds in rows:
        print(f"| {what} | {seconds * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
