"""publiccredit: an open public credit information platform.

Rules are data (the policy pack), the engine is pure, every state change is an
event in a verifiable ledger. See ``docs/`` for the user documentation.
"""

__version__ = "0.1.0"
