"""Datasets and binding them to a graph (no Qt, no TensorFlow at import).

The GUI and the trainer use:

- `load_dataset(spec, base_dir)` -> `Dataset`: features, targets, names, a `DataReport`.
- `prepare_data(data_spec, base_dir)` -> `PreparedData`: train/validation/test `Split`s
  (seeded), scaled on the training split; `.preview(rows)`, `.class_counts(split)`,
  `.shapes()`, `.feature_names`, `.class_names`, `.report.messages`.
- `bind(graph, data_spec, prepared)` -> `Binding`: `.problems` (checked before training),
  `.bound_shapes` (for `analyse`), `.x(prepared, split)`, `.y(prepared, split)`.
- `data_shape(dataset_spec, base_dir)` -> `DataShape`, and `bind_inputs(graph, data_spec,
  shape)`: the Inputs' bound shapes without loading the data, for
  `engine.project_analysis.analyse_project` (validation, summary, check, the editor).
- `SOURCES`: source -> dataset names; errors `DataError`, `DatasetUnavailable`, `CsvError`.
- Image and text data: `image_folder` (a folder of class subfolders, streamed with tf.data:
  its splits are `image_folder.StreamedSplit`s, `PreparedData.is_streamed`,
  `Binding.stream`), digits / MNIST / Fashion-MNIST `as_images` (h, w, 1), and CSV
  `text_columns` (word numbers of a TextVectorization adapted on the training split, see
  `engine.data.text_columns`). An image that fails to decode mid-stream is named by
  `engine.data.image_faults` (an `errors.ImageFileError`); `standard` scaling of an image
  folder is per channel (`PreparedData.standard` holds the figures for every source).
"""

from engine.data.binding import Binding, BindingProblem, bind
from engine.data.columns import ColumnSpecError, describe_columns, parse_columns
from engine.data.dataset import (
    CLASSIFICATION,
    MAIN_TARGET,
    REGRESSION,
    DataReport,
    Dataset,
    Target,
)
from engine.data.errors import CsvError, DataError, DatasetUnavailable
from engine.data.prepare import (
    SCALINGS,
    ImagePreview,
    PreparedData,
    Split,
    TablePreview,
    prepare_data,
)
from engine.data.sources import OFFLINE, SOURCES, load_dataset

__all__ = ["CLASSIFICATION", "MAIN_TARGET", "OFFLINE", "REGRESSION", "SCALINGS", "SOURCES",
           "Binding", "BindingProblem", "ColumnSpecError", "CsvError", "DataError",
           "DataReport", "Dataset", "DatasetUnavailable", "ImagePreview", "PreparedData",
           "Split", "TablePreview", "Target", "bind", "describe_columns", "load_dataset",
           "parse_columns", "prepare_data"]
