# the window tests here use the window tests' fixtures (a temporary app-data folder, windows
# that are closed without questions at the end)
from tests.gui.window.conftest import app_data, make_window  # noqa: F401
