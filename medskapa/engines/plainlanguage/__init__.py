"""Plain-language measures for Swedish text (klarspråk). No Django, no project imports.

``analyse(text)`` gives everything the readability panel shows; ``lix``/``lix_level`` stay for
callers that only need the index.
"""

from .analysis import Analysis, LongSentence, LongWord, analyse
from .lix import LEVELS, TARGET_FOR_YOUNG_PEOPLE, lix, lix_level
from .officialese import (
    OfficialeseMatch,
    Term,
    TermError,
    check_term,
    merge_terms,
    parse_terms,
    shipped_terms,
    term_key,
)
from .passive import PassiveForm
from .text import Sentence, Word, sentences, words

__all__ = [
    "LEVELS",
    "TARGET_FOR_YOUNG_PEOPLE",
    "Analysis",
    "LongSentence",
    "LongWord",
    "OfficialeseMatch",
    "PassiveForm",
    "Sentence",
    "Term",
    "TermError",
    "Word",
    "analyse",
    "check_term",
    "lix",
    "lix_level",
    "merge_terms",
    "parse_terms",
    "sentences",
    "shipped_terms",
    "term_key",
    "words",
]
