"""The percentile model: strength standards, densifying, Keras model, training and serving."""

# what to do when serving lacks one of its runtime dependencies (numpy, scipy)
INSTALL_HINT = "install the runtime dependencies: pip install -r requirements.txt"
