"""The policy pack: the rules as data, with their sources (DESIGN §5).

``model`` holds the typed schema; ``load_pack`` validates a pack folder,
resolves references between its files, applies the guardrails (DESIGN §8) and
computes the ``policy_version`` every assessment carries; ``default_pack``
is the packaged ``cn`` reference pack; ``check_record`` checks one record
against a pack's directory.
"""

from publiccredit.policy.directory_check import check_record
from publiccredit.policy.loader import default_pack, load_pack, policy_version

__all__ = ["check_record", "default_pack", "load_pack", "policy_version"]
