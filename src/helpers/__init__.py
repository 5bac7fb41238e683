"""Press-conference analysis: load transcripts into tidy tables, tag topics, chart Q&A structure.

The package follows the data: :mod:`helpers.corpus` reads transcripts, :mod:`helpers.turns`
infers speakers in captions, :mod:`helpers.topics` tags topics, :mod:`helpers.qa` builds the
question-and-answer structure, :mod:`helpers.analysis` wires them into one :class:`Analysis`,
:mod:`helpers.plots` draws it and :mod:`helpers.evaluation` checks it against hand coding.
"""
from .analysis import Analysis, analyse
from .corpus import Corpus, load_corpus
from .errors import CatalogError, InputError, LexiconError, TranscriptError, TranscriptWarning

__all__ = ["analyse", "Analysis", "load_corpus", "Corpus", "InputError", "TranscriptError", "CatalogError", "LexiconError",
           "TranscriptWarning"]
__version__ = "0.2.0"
