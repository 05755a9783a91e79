"""The service layer: the one place where events are appended, the affected
subjects re-assessed and the projections saved, in one transaction.

* ``Submission`` — a batch of records (ingest, and later the API's record
  submission): ``record.submitted`` / ``record.corrected`` events, the
  ``records`` rows, then one re-assessment per touched subject.
* ``revoke`` — ``record.revoked``: the record's decision was revoked.
* ``sweep`` — re-assess the subjects whose ``next_change_on`` has come.
* ``assess_stored`` / ``load_subjects`` — the engine over what the store holds
  (``assess --db``).

Natural persons' ID numbers are masked and sealed before anything is stored
(``service.protect``, DESIGN §8).
"""

from publiccredit.service.assessments import assess_stored, load_subjects, reassess
from publiccredit.service.lifecycle import Revoked, revoke, sweep
from publiccredit.service.protect import PERSON_ID_FIELDS, Protected, protect, record_from_row
from publiccredit.service.submit import Counts, Submission

__all__ = [
    "PERSON_ID_FIELDS",
    "Counts",
    "Protected",
    "Revoked",
    "Submission",
    "assess_stored",
    "load_subjects",
    "protect",
    "reassess",
    "record_from_row",
    "revoke",
    "sweep",
]
