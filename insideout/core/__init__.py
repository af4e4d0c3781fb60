"""The method as plain typed Python: screen, profile, programme, plan, pain guards, gate, advice.

Nothing here imports Django, a database driver or touches the file system; a test enforces it
(``tests/unit/test_core_is_pure.py``). The names re-exported here are the core's main entry points
(parse, score, advise and their types; the CLI uses them); ``tests/unit/test_core_exports.py``
keeps the list honest. Adapters also import from the modules themselves: the catalogue loader
builds the dataclasses of ``core.screen``, ``core.evidence`` and ``core.method``, and the Django
apps read ``core.records``, ``core.history``, ``core.screen`` and ``core.errors``.

Layout: one rule, one small function (``tests/unit/test_core_is_small.py``); the pain guards
(``pain/``) and the running plan (``plan/``) are packages with a module per rule.
"""

from insideout.core.advise import Advice, Phase, advice_dict, advise
from insideout.core.decision import Decision, DecisionVerdict
from insideout.core.errors import InputError, InsideoutError, Issue
from insideout.core.evidence import Evidence, EvidenceStatus
from insideout.core.history import History, PainReport, RunLog, StrengthLog, parse_history
from insideout.core.history_document import history_document
from insideout.core.method import Method
from insideout.core.profile import (
    Change,
    Evaluation,
    Finding,
    FindingKind,
    Profile,
    RegionProfile,
    Verdict,
    compare,
    score,
)
from insideout.core.report import profile_dict
from insideout.core.screen import (
    Catalogue,
    Measure,
    Need,
    Region,
    Runner,
    Screen,
    ScreenTest,
    Sex,
    Side,
    parse_screen,
)

__all__ = [
    "Advice",
    "Catalogue",
    "Change",
    "Decision",
    "DecisionVerdict",
    "Evaluation",
    "Evidence",
    "EvidenceStatus",
    "Finding",
    "FindingKind",
    "History",
    "InputError",
    "InsideoutError",
    "Issue",
    "Measure",
    "Method",
    "Need",
    "PainReport",
    "Phase",
    "Profile",
    "Region",
    "RegionProfile",
    "RunLog",
    "Runner",
    "Screen",
    "ScreenTest",
    "Sex",
    "Side",
    "StrengthLog",
    "Verdict",
    "advice_dict",
    "advise",
    "compare",
    "history_document",
    "parse_history",
    "parse_screen",
    "profile_dict",
    "score",
]
