"""Teaching maths for the Learn area: neurons as logic gates, the perceptron, XOR, activations.

numpy and scikit-learn only; no Qt, no Keras.
"""
