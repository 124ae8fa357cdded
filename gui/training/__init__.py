"""Data, training and results panels: `install_training_ui(window, document)` in
gui.training.install puts them into the editor window."""
