"""Corpus engine: compilation text or PDF in, documents structured to the item out."""
