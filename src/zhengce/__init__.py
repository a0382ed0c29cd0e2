"""zhengce: Chinese policy documents in, structured citable corpus and rules-as-code out."""

__version__ = "0.1.0"
