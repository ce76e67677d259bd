"""Growing the corpus: add an article from a saved page, pre-annotate it, write files without losing any."""
