import pytest
from PySide6.QtCore import QStandardPaths


@pytest.fixture(autouse=True)
def test_standard_paths(qapp):
    """GUI tests never read or write the user's real settings or files."""
    QStandardPaths.setTestModeEnabled(True)
    yield
