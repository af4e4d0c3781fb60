"""The pain guards: the wrong path of "ignoring pain" and "running through it", refused.

Pain is rated 0-10 (EV-PAIN-NRS) during and after each run and the next morning. Three rules
from the pain-monitoring model hold progression and cut load (evidence.md §4), each in its module
with its limit in ``plan.yaml`` (``pain:``):

* :mod:`.during` — pain during a run above ``during_max`` (EV-PAIN-MODEL-DURING; "above" is
  strictly greater: pain at the limit is allowed);
* :mod:`.morning` — pain that has not settled by the next morning (EV-PAIN-MODEL-MORNING);
* :mod:`.rise` — pain rising from week to week at one site (EV-PAIN-MODEL-WEEK).

Pain reported on a day without a run counts in every one of these rules like pain during a run
(it was felt at rest or at night, EV-BSI-SIGNS; :mod:`.observations`), and from a level in data
(IO-PAIN-REST) it is itself a bone-stress warning: "pain at rest" stops running and refers, as if
the box were ticked (:mod:`.red_flags`).

Running stops and the runner is told plainly to see a professional (the "Stop /
see-a-professional rules" of §4) on any red flag, on pain in a screening test that is a warning
sign (pain with hopping), on pain that persists past a set number of days (:mod:`.persist`), or on
breaches in consecutive weeks (:mod:`.refer`). A red flag stops running until someone qualified
clears it (IO-RED-FLAG-UNTIL-CLEARED): it never lapses on its own; a clearance (IO-CLEARANCE)
lifts a stop, never a cut. :mod:`.assess` applies them all in that order (:func:`assess_pain`).
"""

from insideout.core.pain.assess import assess_pain
from insideout.core.pain.model import Breach, PainAssessment, PainLevel, Referral
from insideout.core.pain.week import week_breaches

__all__ = [
    "Breach",
    "PainAssessment",
    "PainLevel",
    "Referral",
    "assess_pain",
    "week_breaches",
]
