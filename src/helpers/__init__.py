"""Press-conference analysis: load transcripts into tidy tables, tag topics, chart Q&A structure."""
from .errors import CatalogError, InputError, TranscriptError, TranscriptWarning
from .loader import Corpus, load_corpus

__all__ = ["Corpus", "load_corpus", "InputError", "TranscriptError", "CatalogError", "TranscriptWarning"]
__version__ = "0.1.0"
