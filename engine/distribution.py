"""Training on several devices or machines, always on an existing engine, never ours.

- "none": the default device.
- "mirrored": TensorFlow's MirroredStrategy over the local GPUs (or chosen devices); the
  model is built and compiled inside its scope and the project's batch size is the global one.
- "multi_host": Keras's DataParallel on JAX's distributed runtime, one process per machine.
  Keras 3 does not support TensorFlow's MultiWorkerMirroredStrategy (keras-team/keras#20585),
  so this runs only from an exported script, never inside the app.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from engine.keras_setup import tensorflow as _tensorflow

CHOICES = ("none", "mirrored", "multi_host")


@dataclass(frozen=True)
class DevicePlan:
    distribution: str
    devices: tuple[str, ...]
    runnable: bool
    explanation: str

    @property
    def replicas(self) -> int:
        return max(1, len(self.devices))


def local_devices() -> dict[str, list[str]]:
    """Logical devices TensorFlow sees, by type: {"GPU": [...], "CPU": [...]}."""
    tf = _tensorflow()
    found: dict[str, list[str]] = {"GPU": [], "CPU": []}
    for device in tf.config.list_logical_devices():
        found.setdefault(device.device_type, []).append(device.name)
    return found


def describe_devices(devices: dict[str, list[str]] | None = None) -> str:
    """"2 GPUs", "1 GPU", or "CPU only" (with the logical CPU count when it is split)."""
    devices = local_devices() if devices is None else devices
    gpus = len(devices.get("GPU", []))
    if gpus:
        return f"{gpus} GPU{'s' if gpus > 1 else ''}"
    cpus = len(devices.get("CPU", []))
    return "CPU only" if cpus <= 1 else f"CPU only ({cpus} logical devices)"


def plan(distribution: str, chosen: list[str] | None = None,
         devices: dict[str, list[str]] | None = None) -> DevicePlan:
    """What a choice would use here, and whether the app can run it, in plain words."""
    if distribution not in CHOICES:
        return DevicePlan(distribution, (), False,
                          f"unknown distribution {distribution!r}: choose one of "
                          + ", ".join(CHOICES))
    if distribution == "multi_host":
        return DevicePlan(distribution, (), False,
                          "multi-host training runs one process per machine on JAX's "
                          "distributed runtime; it is not started from the app. Export the "
                          "Python script and start it on each machine with --strategy "
                          "multi_host --coordinator HOST:PORT --num-processes N --process-id I.")
    devices = local_devices() if devices is None else devices
    if distribution == "none":
        first = (devices.get("GPU") or devices.get("CPU") or ["/device:CPU:0"])[:1]
        return DevicePlan("none", tuple(first), True, f"one device ({describe_devices(devices)})")
    if chosen:
        return DevicePlan("mirrored", tuple(chosen), True,
                          f"mirrored over {len(chosen)} chosen "
                          f"device{'s' if len(chosen) != 1 else ''}")
    gpus = devices.get("GPU", [])
    if len(gpus) >= 2:
        return DevicePlan("mirrored", tuple(gpus), True, f"mirrored over {len(gpus)} GPUs")
    cpus = devices.get("CPU", [])
    if not gpus and len(cpus) >= 2:
        return DevicePlan("mirrored", tuple(cpus), True,
                          f"mirrored over {len(cpus)} logical CPU devices")
    only = (gpus or cpus or ["/device:CPU:0"])[:1]
    what = "1 GPU" if gpus else "the CPU"
    return DevicePlan("mirrored", tuple(only), True,
                      f"only {what} here: mirrored runs on one replica and gives no speed-up")


def strategy_scope(device_plan: DevicePlan):
    """A context to build and compile the model in (and its strategy, or None)."""
    if device_plan.distribution != "mirrored":
        return contextlib.nullcontext(), None
    tf = _tensorflow()
    strategy = tf.distribute.MirroredStrategy(list(device_plan.devices))
    return strategy.scope(), strategy


def split_cpu(count: int) -> None:
    """Splits the CPU into `count` logical devices; only before TensorFlow first runs."""
    tf = _tensorflow()
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(count)])


INSTALL_JAX = 'uv sync --extra multihost  (or, outside Dendrite: pip install "jax[cpu]")'


def multi_host_commands(script: str = "model.py", coordinator: str = "HOST_A:12345",
                        processes: int = 2) -> list[str]:
    """The command line to start on each machine; the first machine is the coordinator."""
    return [f"python {script} --strategy multi_host --coordinator {coordinator} "
            f"--num-processes {processes} --process-id {i}" for i in range(processes)]
