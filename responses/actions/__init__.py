"""Writes on official responses, one module per part of the work, every public action here under
its name (other apps call ``responses_actions.support_changed(...)``, ``round_closed``, …):

- ``clock``: when an answer becomes owed (support, a closed round, a reopening), reassigning
  the duty, an area's policy;
- ``responding``: a response, its versions, commitments and their progress;
- ``verdicts``: residents' verdicts and the reopen rule they decide;
- ``deadlines``: what time makes true (``run_deadlines``);
- ``agencies``: the agencies and the categories they answer, from the city's CSV.

Each action checks permission (where a person acts), writes in one transaction with the
issue row locked (the one lock order: issue first), records the public timeline entry and
the live event inside it, and notifies after commit through ``notifications.actions.notify``.
"""

from responses.actions._common import CLOSING_STATES
from responses.actions.agencies import import_agencies
from responses.actions.clock import (
    ROUND_TOP,
    declare_categories,
    officials_serving,
    reassign_responsibility,
    remove_day_off,
    round_closed,
    set_area_policy,
    set_day_off,
    start_clock,
    support_changed,
)
from responses.actions.deadlines import DeadlineRun, run_deadlines
from responses.actions.responding import (
    RESPONSE_STATES,
    CommitmentDraft,
    add_progress,
    edit_response,
    publish_response,
)
from responses.actions.verdicts import give_verdict, merge_verdicts

__all__ = [
    "CLOSING_STATES",
    "RESPONSE_STATES",
    "ROUND_TOP",
    "CommitmentDraft",
    "DeadlineRun",
    "add_progress",
    "edit_response",
    "give_verdict",
    "merge_verdicts",
    "import_agencies",
    "officials_serving",
    "publish_response",
    "reassign_responsibility",
    "remove_day_off",
    "round_closed",
    "run_deadlines",
    "set_area_policy",
    "declare_categories",
    "set_day_off",
    "start_clock",
    "support_changed",
]
