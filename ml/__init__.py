"""The percentile model: strength standards, densifying, Keras model, training and serving."""
