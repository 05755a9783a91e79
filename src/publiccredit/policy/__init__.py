"""The policy pack: the rules as data, with their sources (DESIGN §5).

``model`` holds the typed schema; the loader validates a pack folder, resolves
references between its files, applies the guardrails and computes the
``policy_version`` every assessment carries.
"""
