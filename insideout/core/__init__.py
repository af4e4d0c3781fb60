"""The method as plain typed Python: screening, profile, and (later) programme, plan, pain, gate.

Nothing here imports Django, a database driver or touches the file system; a test enforces it
(``tests/unit/test_core_is_pure.py``). Adapters (catalogue loader, CLI, web, API) call in.
"""

from insideout.core.errors import InputError, InsideoutError, Issue
from insideout.core.evidence import Evidence, EvidenceStatus
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
    "Catalogue",
    "Change",
    "Evaluation",
    "Evidence",
    "EvidenceStatus",
    "Finding",
    "FindingKind",
    "InputError",
    "InsideoutError",
    "Issue",
    "Measure",
    "Need",
    "Profile",
    "Region",
    "RegionProfile",
    "Runner",
    "Screen",
    "ScreenTest",
    "Sex",
    "Side",
    "Verdict",
    "compare",
    "parse_screen",
    "profile_dict",
    "score",
]
