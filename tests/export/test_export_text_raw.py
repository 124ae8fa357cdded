"""A project that reads a CSV text column as words (the text example) exports, in the default
raw form, a model that takes raw sentences: a string input per text column feeding a
TextVectorization with the app's own vocabulary. Loaded in a fresh process with plain
`keras.models.load_model` (and TensorFlow for the SavedModel), it predicts what the app
predicts. ONNX and LiteRT refuse the raw form for words with the reason and point to the
model-only form; the summary and the Input card say what a text column gets."""

import io
import json
from pathlib import Path

import numpy as np
import pytest

from engine.data import bind, prepare_data
from engine.data.text_columns import plan, vectorize
from engine.export import ExportError, export_model
from engine.export.input_preprocessing import project_input_preprocessing
from engine.export.preprocessing import SCALED
from engine.project_io import load_project
from engine.training.trainer import Trainer

PROJECTS = Path(__file__).resolve().parents[2] / "projects"
EXAMPLE = PROJECTS / "text_sentiment.dendrite"
OWN_SENTENCES = ["GREAT film, great CAST!!", "", "zyzzyva quixotic flibbertigibbet",
                 "  the   plot was dull and slow ... ", "Not bad; not good either?"]

LOAD_AND_PREDICT = """
import json, sys
import numpy as np
import keras, tensorflow as tf
sentences = json.load(open("sentences.json"))
feed = tf.constant(np.asarray(sentences, dtype=str).reshape(-1, 1))
found = {}
for path in sys.argv[1:]:
    if path.endswith((".keras", ".h5")):
        got = keras.models.load_model(path).predict({"sentence": feed}, verbose=0)
    else:
        serve = tf.saved_model.load(path).signatures["serving_default"]
        got = serve(sentence=feed)["output_0"]
    found[path] = np.asarray(got).ravel().tolist()
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def trained():
    """The text example trained one epoch, and the app's own predictions on raw sentences
    (the test split's and some of ours), read into word numbers by the app's own code."""
    project = load_project(EXAMPLE)
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok
    trainer.train(epochs=1)
    data = prepare_data(project.data, EXAMPLE.parent)
    text = plan(project.data["dataset"])
    sentences = [*map(str, data.splits["test"].texts["sentence"]), *OWN_SENTENCES]
    (tokens,), _vocabulary = vectorize(data.splits["train"].texts["sentence"], [sentences],
                                       text.max_tokens, text.sequence_length)
    app_tokens = next(iter(bind(project.graph, project.data, data).x(data, "test").values()))
    assert np.array_equal(tokens[:len(app_tokens)], app_tokens)  # the app's own word numbers
    expected = np.asarray(trainer.model.predict(tokens, verbose=0)).ravel()
    return project, trainer, sentences, expected


def test_keras_h5_and_savedmodel_take_raw_sentences_and_predict_as_the_app(trained, tmp_path,
                                                                           fresh):
    project, trainer, sentences, expected = trained
    paths = [tmp_path / "sentiment.keras", tmp_path / "sentiment.h5", tmp_path / "served"]
    for path in paths:
        report = export_model(project, path, model=trainer.model)
        lines = "\n".join(report.lines())
        assert ("form: raw CSV columns in (one input per column: numbers float32 with NaN for "
                "a gap, text as tf.constant of strings") in lines, lines
        assert "sentence: words, vocabulary of " in lines and "16 per text" in lines, lines
        assert "one-hot" not in report.form, report.form
        assert "(raw rows, sentence as text)" in lines and "WARNING" not in lines, lines
        assert report.verification.differences["positive"] <= 1e-4
    (tmp_path / "sentences.json").write_text(json.dumps(sentences))
    found = _run(fresh, tmp_path, paths)
    for path in paths:
        got = np.asarray(found[str(path)])
        assert got.shape == expected.shape, path
        assert np.max(np.abs(got - expected)) <= 1e-4, (path, got[:5], expected[:5])


def _run(fresh, folder: Path, paths: list[Path]) -> dict:
    code = ("import sys\nsys.argv = ['load'] + " + repr([str(p) for p in paths]) + "\n"
            + LOAD_AND_PREDICT)
    return fresh(code, folder)


def test_the_model_only_form_takes_the_app_word_numbers(trained, tmp_path):
    project, trainer, _sentences, _expected = trained
    report = export_model(project, tmp_path / "numbers.keras", model=trainer.model,
                          form=SCALED)
    assert ("CSV columns encoded before the model as the app does: 'sentence' as word numbers "
            "of the app's TextVectorization") in report.form, report.form
    assert not report.verification.warnings


@pytest.mark.parametrize("suffix, name", [(".onnx", "ONNX"), (".tflite", "LiteRT")])
def test_onnx_and_litert_refuse_raw_text_and_point_to_the_model_only_form(tmp_path, suffix,
                                                                          name):
    project = load_project(EXAMPLE)
    path = tmp_path / f"sentiment{suffix}"
    with pytest.raises(ExportError) as refused:
        export_model(project, path)
    message = str(refused.value)
    assert message.startswith(f"cannot write the raw-data form as {name}: text column "
                              "'sentence' is read as words by a TextVectorization"), message
    assert f"no built-in {name} operator" in message
    assert ('export the form "model only, inputs already scaled" (--form scaled), which takes '
            "the word numbers the app's TextVectorization gives") in message
    assert not path.exists()


def test_the_summary_and_the_input_card_say_what_a_text_column_gets():
    from engine.commands._project_commands import summary

    project = load_project(EXAMPLE)
    (stage,) = project_input_preprocessing(project).values()
    assert stage.label == "words, vocabulary of up to 1000, 16 per text (in export)"
    assert stage.layers == ("TextVectorization",)
    assert stage.detail == ("exported models take the raw data: one input per CSV column, "
                            "sentence: words, vocabulary of up to 1000, 16 per text "
                            "(TextVectorization) inside the model")
    out = io.StringIO()
    summary(str(EXAMPLE), out=out)
    assert "Preprocessing of words: " + stage.detail in out.getvalue()
