"""The distribution part of a generated script: `--strategy none|mirrored|multi_host`.

- mirrored: TensorFlow's MirroredStrategy over the machine's GPUs; the model is built and
  compiled in its scope and BATCH_SIZE is the global batch.
- multi_host: Keras's DataParallel on JAX's distributed runtime, one process per machine.
  The backend is chosen before Keras is imported, so the script reads `--strategy` first of
  all; every process uses the same seed and the same batches, which Keras shards; only
  process 0 writes the model file and checkpoints.
"""

from __future__ import annotations

from engine.distribution import CHOICES, INSTALL_JAX
from engine.export.identifiers import literal

STDLIB_IMPORTS = ["import contextlib", "import importlib.util", "import os", "import sys"]


def early_code(default: str, devices: tuple[str, ...] | None = None) -> list[str]:
    """Module-level lines between the standard-library and the Keras imports."""
    return [
        f"DEFAULT_STRATEGY = {literal(default)}",
        f"DEFAULT_DEVICES = {literal(list(devices or []))}  # mirrored: [] means every GPU",
        f"INSTALL_JAX = {literal('multi_host needs JAX: ' + INSTALL_JAX)}",
        "",
        "",
        "def strategy_from_command_line():",
        '    """--strategy, read before Keras is imported: multi_host runs Keras on JAX."""',
        "    early = argparse.ArgumentParser(add_help=False)",
        "    early.add_argument('--strategy', default=DEFAULT_STRATEGY)",
        "    return early.parse_known_args()[0].strategy",
        "",
        "",
        "if strategy_from_command_line() == 'multi_host':",
        "    if importlib.util.find_spec('jax') is None:",
        "        print(INSTALL_JAX, file=sys.stderr)",
        "        sys.exit(2)",
        "    os.environ['KERAS_BACKEND'] = 'jax'",
    ]


def distribution_code(with_data: bool, with_checkpoint: bool) -> list[str]:
    """The script's functions for choosing and starting a strategy."""
    lines = [
        "def add_strategy_arguments(parser):",
        "    group = parser.add_argument_group('training on several devices or machines')",
        f"    group.add_argument('--strategy', choices={literal(list(CHOICES))},",
        "                       default=DEFAULT_STRATEGY,",
        "                       help='none: one device; mirrored: every GPU of this machine '",
        "                       '(TensorFlow MirroredStrategy); multi_host: one process per '",
        "                       'machine (Keras DataParallel on JAX) (default: %(default)s)')",
        "    group.add_argument('--devices', nargs='+', metavar='DEVICE', default=DEFAULT_DEVICES,",
        "                       help='mirrored: the devices to mirror over, such as /gpu:0 '",
        "                       '/gpu:1 (default: the project\\'s choice, else every GPU)')",
        "    group.add_argument('--coordinator', metavar='HOST:PORT',",
        "                       help='multi_host: the address of process 0, reachable from '",
        "                       'every machine')",
        "    group.add_argument('--num-processes', type=int, metavar='N',",
        "                       help='multi_host: how many processes (machines) in all')",
        "    group.add_argument('--process-id', type=int, metavar='I',",
        "                       help='multi_host: this process, 0 to N-1; process 0 saves')",
        "",
        "",
        "def check_strategy(parser, args):",
        "    multi_host = (args.coordinator, args.num_processes, args.process_id)",
        "    if args.strategy == 'multi_host':",
        "        if None in multi_host:",
        "            parser.error('multi_host needs --coordinator HOST:PORT --num-processes N '",
        "                         '--process-id I')",
        "        if args.num_processes < 1 or not 0 <= args.process_id < args.num_processes:",
        "            parser.error('--process-id must be from 0 to --num-processes minus 1')",
        "        if BATCH_SIZE % args.num_processes:",
        "            parser.error(f'the batch size {BATCH_SIZE} is the global batch: it must be '",
        "                         'divisible by --num-processes')",
        "    elif multi_host != (None, None, None):",
        "        parser.error('--coordinator, --num-processes and --process-id are for '",
        "                     '--strategy multi_host')",
        "    elif args.strategy == 'mirrored' and keras.backend.backend() != 'tensorflow':",
        "        parser.error('mirrored runs on the TensorFlow backend: unset KERAS_BACKEND')",
        "",
        "",
        "def start_distribution(args):",
        '    """The scope to build the model in, and whether this process writes files."""',
        "    if args.strategy == 'mirrored':",
        "        import tensorflow as tf",
        "",
        "        strategy = tf.distribute.MirroredStrategy(devices=args.devices or None)",
        "        print(f'mirrored over {strategy.num_replicas_in_sync} devices')",
        "        return strategy.scope(), True",
        "    if args.strategy == 'multi_host':",
        "        import jax",
        "",
        "        with contextlib.suppress(AttributeError, KeyError, ValueError):",
        "            jax.config.update('jax_cpu_collectives_implementation', 'gloo')",
        "        jax.distributed.initialize(coordinator_address=args.coordinator,",
        "                                   num_processes=args.num_processes,",
        "                                   process_id=args.process_id)",
        "        keras.distribution.set_distribution(keras.distribution.DataParallel())",
        "        print(f'process {args.process_id} of {args.num_processes}, '",
        "              f'{jax.device_count()} devices in all')",
        "        return contextlib.nullcontext(), args.process_id == 0",
        "    return contextlib.nullcontext(), True",
        "",
        "",
        "@contextlib.contextmanager",
        "def local_saving():",
        '    """Saving makes a throwaway optimizer; under the data-parallel distribution that',
        "    would wait for every process, so process 0 saves with no distribution set.\"\"\"",
        "    current = keras.distribution.distribution()",
        "    keras.distribution.set_distribution(None)",
        "    try:",
        "        yield",
        "    finally:",
        "        keras.distribution.set_distribution(current)",
    ]
    if with_checkpoint:
        lines += [
            "",
            "",
            "class FirstProcessCheckpoint(keras.callbacks.ModelCheckpoint):",
            '    """The best-model checkpoint, saved as `local_saving` says."""',
            "",
            "    def on_epoch_end(self, epoch, logs=None):",
            "        with local_saving():",
            "            super().on_epoch_end(epoch, logs)",
        ]
    if with_data:
        lines += ["", "", *AS_BATCHES]
    return lines


AS_BATCHES = [
    "def as_batches(x, y, part, seed=None):",
    '    """multi_host: every process makes the same whole batches (shuffled when seeded),',
    "    and Keras gives each process its share of each. Returns (dataset, batches per",
    '    epoch); the last incomplete batch is left out so that every process gets as many."""',
    "    import tensorflow as tf",
    "",
    "    with contextlib.suppress(RuntimeError):  # the data pipeline only: JAX runs the model",
    "        tf.config.set_visible_devices([], 'GPU')",
    "    count = len(next(iter(x.values())) if isinstance(x, dict) else x)",
    "    if count < BATCH_SIZE:",
    "        sys.exit(f'the {part} part has {count} samples, fewer than one batch of '",
    "                 f'{BATCH_SIZE}: lower the batch size in Dendrite')",
    "    data = tf.data.Dataset.from_tensor_slices((x, y))",
    "    if seed is not None:",
    "        data = data.shuffle(count, seed=seed, reshuffle_each_iteration=True)",
    "    return data.batch(BATCH_SIZE, drop_remainder=True).repeat(), count // BATCH_SIZE",
]
