"""Learning from the annotated corpus: features, alignment to gold, training,
and cross-validated evaluation (``python -m pipeline.train``,
``python -m pipeline.evaluate``)."""
