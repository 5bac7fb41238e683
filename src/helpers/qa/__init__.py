"""Question-and-answer structure: exchanges, question design, answer clarity and their measures.

The data flow: :func:`question_design` codes each reporter question; :func:`build_exchanges`
links each question to the turns that respond to it; :func:`answer_clarity` classes each answer
turn twice: with the trained model, the default ``clarity`` (:class:`ClarityModel`,
:func:`load_clarity_model`; trained by ``make train-clarity``; in the project's coding,
:data:`TRANSCRIPT_CODING`), and with the marker rules beside it
(:func:`classify_answer`, ``clarity_rules``); the measures (:func:`event_measures`,
:func:`principal_measures`, :func:`topic_overlap`, :func:`turn_timeline`) work on those tables.
"""
from ._clarity import (
    MODEL_COLUMNS,
    TRANSCRIPT_CODING,
    RULE_COLUMNS,
    SCORE_COLUMNS,
    add_clarity,
    answer_clarity,
    clarity_shares,
    score_csv,
    score_pairs,
    wilson_interval,
)
from ._clarity_model import CODINGS, DEFAULT_CODING, MODEL_PATH, ClarityModel, load_clarity_model
from ._design import (
    FEATURES,
    design_profile,
    question_cues,
    question_design,
    question_start,
)
from ._design import load_cues as load_question_cues
from ._exchanges import (
    EXCHANGE_COLUMNS,
    answer_turn_table,
    build_exchanges,
    join_turns,
    reply_links,
    split_turns,
    turn_roles,
)
from ._markers import (
    CLARITY,
    TYPES,
    classify_answer,
    find_markers,
    load_markers,
    withheld_spans,
)
from ._measures import (
    event_measures,
    exchange_table,
    principal_measures,
    topic_overlap,
    topic_pairs,
    turn_timeline,
)

__all__ = [
    "build_exchanges", "answer_turn_table", "turn_roles", "reply_links", "join_turns", "split_turns",
    "EXCHANGE_COLUMNS", "question_design", "question_cues", "question_start", "design_profile",
    "load_question_cues", "FEATURES", "answer_clarity", "add_clarity", "clarity_shares",
    "wilson_interval", "MODEL_COLUMNS", "RULE_COLUMNS", "SCORE_COLUMNS", "score_csv", "score_pairs", "ClarityModel", "load_clarity_model", "MODEL_PATH", "CODINGS", "DEFAULT_CODING", "TRANSCRIPT_CODING",
    "classify_answer",
    "find_markers", "load_markers", "withheld_spans", "CLARITY", "TYPES", "topic_overlap", "topic_pairs",
    "turn_timeline", "event_measures", "principal_measures", "exchange_table",
]
