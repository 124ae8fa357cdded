"""What a Keras config may name, and the check that finds anything else in one.

A model file or a project is data: the only things built from it are Keras's own layer
classes, activations, initializers, regularizers, constraints, losses, metrics, optimizers
and dtype policies listed here (Keras 3.15's public names). Lambda layers, Python lambdas
(stored as bytecode), layers that load or wrap outside code (TFSMLayer, JaxLayer,
TorchModuleWrapper) and custom classes or functions are refused. Plain data, no Keras import,
so validation can use it without TensorFlow."""

from __future__ import annotations


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# layers that hold or load code: never built from a file
CODE_LAYERS = frozenset({"Lambda", "TFOpLambda", "SlicingOpLambda", "TFSMLayer", "JaxLayer",
                         "FlaxLayer", "TorchModuleWrapper"})

SAFE_LAYERS = _names("""
Activation ActivityRegularization AdaptiveAveragePooling1D AdaptiveAveragePooling2D
AdaptiveAveragePooling3D AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D Add
AdditiveAttention AlphaDropout Attention AugMix AutoContrast Average AveragePooling1D
AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D BatchNormalization
Bidirectional CategoryEncoding CenterCrop Concatenate
ContrastLimitedAdaptiveHistogramEqualization Conv1D Conv1DTranspose Conv2D Conv2DTranspose
Conv3D Conv3DTranspose ConvLSTM1D ConvLSTM2D ConvLSTM3D Convolution1D Convolution1DTranspose
Convolution2D Convolution2DTranspose Convolution3D Convolution3DTranspose Cropping1D
Cropping2D Cropping3D CutMix Dense DepthwiseConv1D DepthwiseConv2D Discretization Dot Dropout
ELU EinsumDense Embedding Equalization Flatten GRU GRUCell GaussianDropout GaussianNoise
GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalAvgPool1D
GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D GlobalMaxPool2D GlobalMaxPool3D
GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D GroupNormalization
GroupQueryAttention HashedCrossing Hashing Identity InputLayer IntegerLookup LSTM LSTMCell
LayerNormalization LeakyReLU Masking MaxNumBoundingBoxes MaxPool1D MaxPool2D MaxPool3D
MaxPooling1D MaxPooling2D MaxPooling3D Maximum MelSpectrogram Minimum MixUp
MultiHeadAttention Multiply Normalization PReLU Permute Pipeline RMSNormalization RNN
RandAugment RandomBrightness RandomColorDegeneration RandomColorJitter RandomContrast
RandomCrop RandomElasticTransform RandomErasing RandomFlip RandomGaussianBlur
RandomGrayscale RandomHue RandomInvert RandomPerspective RandomPosterization RandomRotation
RandomSaturation RandomSharpness RandomShear RandomTranslation RandomZoom ReLU RepeatVector
Rescaling Reshape Resizing ReversibleEmbedding STFTSpectrogram SeparableConv1D
SeparableConv2D SeparableConvolution1D SeparableConvolution2D SimpleRNN SimpleRNNCell Softmax
Solarization SpatialDropout1D SpatialDropout2D SpatialDropout3D SpectralNormalization
StackedRNNCells StringLookup Subtract TimeDistributed UnitNormalization UpSampling1D
UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D ZeroPadding3D
""")

MODEL_CLASSES = frozenset({"Functional", "Model", "Sequential"})

ACTIVATIONS = _names("""
celu elu exponential gelu glu hard_shrink hard_sigmoid hard_silu hard_swish hard_tanh
leaky_relu linear log_sigmoid log_softmax mish relu relu6 selu sigmoid silu soft_shrink
softmax softplus softsign sparse_plus sparse_sigmoid sparsemax squareplus swish tanh
tanh_shrink threshold
""")

LOSS_FUNCTIONS = _names("""
binary_crossentropy binary_focal_crossentropy categorical_crossentropy
categorical_focal_crossentropy categorical_generalized_cross_entropy categorical_hinge circle
cosine_similarity ctc dice hinge huber kl_divergence log_cosh mean_absolute_error
mean_absolute_percentage_error mean_squared_error mean_squared_logarithmic_error poisson
sparse_categorical_crossentropy squared_hinge tversky
""")

METRIC_FUNCTIONS = _names("""
binary_accuracy categorical_accuracy concordance_correlation pearson_correlation
sparse_categorical_accuracy sparse_top_k_categorical_accuracy top_k_categorical_accuracy
""") | LOSS_FUNCTIONS

FUNCTIONS = ACTIVATIONS | LOSS_FUNCTIONS | METRIC_FUNCTIONS

OBJECT_CLASSES = _names("""
Constant GlorotNormal GlorotUniform HeNormal HeUniform Identity IdentityInitializer LecunNormal
LecunUniform Ones Orthogonal OrthogonalInitializer RandomNormal RandomUniform STFT
STFTInitializer TruncatedNormal VarianceScaling Zeros
L1 L1L2 L2 OrthogonalRegularizer MaxNorm MinMaxNorm NonNeg UnitNorm
BinaryCrossentropy BinaryFocalCrossentropy CTC CategoricalCrossentropy
CategoricalFocalCrossentropy CategoricalGeneralizedCrossEntropy CategoricalHinge Circle
CosineSimilarity Dice Hinge Huber KLDivergence LogCosh MeanAbsoluteError
MeanAbsolutePercentageError MeanSquaredError MeanSquaredLogarithmicError Poisson
SparseCategoricalCrossentropy SquaredHinge Tversky
AUC Accuracy BinaryAccuracy BinaryIoU CategoricalAccuracy ConcordanceCorrelation
F1Score FBetaScore FalseNegatives FalsePositives IoU LogCoshError Mean MeanIoU OneHotIoU
OneHotMeanIoU PearsonCorrelation Precision PrecisionAtRecall R2Score Recall
RecallAtPrecision RootMeanSquaredError SensitivityAtSpecificity SparseCategoricalAccuracy
SparseTopKCategoricalAccuracy SpecificityAtSensitivity Sum TopKCategoricalAccuracy
TrueNegatives TruePositives
Adadelta Adafactor Adagrad Adam AdamW Adamax Ftrl Lamb Lion LossScaleOptimizer Muon Nadam
RMSprop SGD ScheduleFreeAdamW CosineDecay CosineDecayRestarts ExponentialDecay
InverseTimeDecay PiecewiseConstantDecay PolynomialDecay
AWQDTypePolicy DTypePolicy DTypePolicyMap FloatDTypePolicy GPTQDTypePolicy Int4DTypePolicy
QuantizedDTypePolicy QuantizedFloat8DTypePolicy
""")

# Keras's serialised plain values (tensors, tuples, slices): data, not code
DATA_CLASSES = frozenset({"__keras_tensor__", "__tuple__", "__numpy__", "__tensor__",
                          "__bytes__", "__ellipsis__", "__slice__"})

SAFE_CLASSES = SAFE_LAYERS | MODEL_CLASSES | OBJECT_CLASSES | DATA_CLASSES
# "builtins" is how Keras 3 writes its own functions (a loss given as
# keras.losses.mean_squared_error is saved as module "builtins", "mean_squared_error")
FUNCTION_MODULES = frozenset({"builtins", "keras", "keras.activations", "keras.losses",
                              "keras.metrics"})
ACTIVATION_KEYS = ("activation", "recurrent_activation")


def is_safe_layer_class(name) -> bool:
    return isinstance(name, str) and name in SAFE_LAYERS


def find_code(config, where: str = "config") -> str | None:
    """Where `config` names something that is not plain Keras (code), and what it is; None
    when everything it names is on the list. Walks without recursion (any depth)."""
    stack = [(where, config)]
    while stack:
        place, value = stack.pop()
        if isinstance(value, dict):
            problem = _check_object(value, place)
            if problem:
                return problem
            stack.extend((f"{place}.{k}", v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((f"{place}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return None


def _check_object(item: dict, place: str) -> str | None:
    for key in ACTIVATION_KEYS:
        named = item.get(key)
        if isinstance(named, str) and named not in ACTIVATIONS:
            return f"{place}.{key} is {named!r}, which is not a Keras activation"
    if _is_bytecode(item):
        return f"{place} is a Python lambda (compiled code)"
    if "class_name" not in item:
        return None
    class_name = item.get("class_name")
    module = item.get("module")
    registered = item.get("registered_name")
    if not isinstance(class_name, str) or not isinstance(module, str | None) or not (
            isinstance(registered, str | None)):
        return f"{place} has a class_name, module or registered_name that is not a name"
    name = (item.get("config") or {}).get("name") if isinstance(item.get("config"),
                                                                dict) else None
    if class_name in ("__lambda__", "__typespec__") or class_name.endswith("Lambda"):
        what = f"layer {name!r} is a {class_name} layer" if class_name != "__lambda__" \
            else "a Python lambda"
        return f"{place}: {what}, which holds Python code"
    if class_name in CODE_LAYERS:
        return (f"{place}: layer {name!r} is a {class_name}, which loads or runs code from "
                "outside the file")
    if isinstance(module, str) and module not in ("builtins", "keras") and (
            not module.startswith("keras.")):
        return (f"{place} uses {registered or class_name!r}, custom code from module "
                f"{module!r}")
    if isinstance(registered, str) and ">" in registered:
        return f"{place} uses {registered!r}, a custom object registered with Keras"
    if class_name == "function":
        function = item.get("config")
        if module not in FUNCTION_MODULES or not isinstance(function, str) or (
                function not in FUNCTIONS):
            return (f"{place} names the function {function!r} from module {module!r}, which "
                    "is not one of Keras's activations, losses or metrics")
        return None
    if class_name not in SAFE_CLASSES:
        return (f"{place} uses class {class_name!r}, which is not a Keras built-in that "
                "Dendrite knows (a custom class holds code)")
    if module == "builtins":
        return f"{place} names class {class_name!r} from module 'builtins'"
    return None


def _is_bytecode(item: dict) -> bool:
    """Keras writes a lambda given as an activation as {"value": [code, defaults, closure]}."""
    value = item.get("value")
    return (set(item) == {"value"} and isinstance(value, list) and len(value) == 3
            and isinstance(value[0], str))


def nesting_depth(value, limit: int) -> int:
    """How deep lists and dicts nest in `value`, counted up to `limit + 1` (no recursion)."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children)
    return deepest
