"""The colours, one palette per meaning: roles, clarity classes, topics, captions speakers."""
from __future__ import annotations

import seaborn as sns

from ..topics import NONE

#: One colour per speaker role, in every chart (Okabe-Ito colours, safe for colour-blind readers).
ROLE_COLORS = {"principal": "#0072B2", "reporter": "#E69F00", "moderator": "#009E73", "other": "#CC79A7",
               "unknown": "#999999"}

#: One colour per answer-clarity class (Okabe-Ito).
CLARITY_COLOURS = {"reply": "#0072B2", "ambivalent": "#E69F00", "non_reply": "#CC79A7"}


#: Colour of stretches without a topic.
NONE_COLOUR = "#d9d9d9"


def topic_palette(topics) -> dict:
    """A fixed colour per topic id (``none`` grey), in the order given."""
    topics = [t for t in topics if t != NONE]
    tab = sns.color_palette("tab20", 20)
    # strong colours first, then their light partners; the grey pair is kept for 'none'
    colours = [c for i, c in enumerate(tab[0::2] + tab[1::2]) if i not in (7, 17)]
    pal = {t: colours[i % len(colours)] for i, t in enumerate(topics)}
    pal[NONE] = NONE_COLOUR
    return pal


#: Speaker colours of the turn-sequence figure (other speakers get the next palette colours).
SPEAKER_COLOURS = {"Reporter": "#8c8c8c", "Moderator": "#d9b44a"}
