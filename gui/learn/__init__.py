"""Interactive teaching views of the Learn area (drawing only; the maths is in engine.learn)."""
