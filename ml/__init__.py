"""The percentile model: strength standards, densifying, Keras model, training and serving."""

# what to do when serving lacks a dependency of Keras's numpy backend (jax, h5py, ...)
INSTALL_HINT = "install the runtime dependencies: pip install -r requirements.txt"
