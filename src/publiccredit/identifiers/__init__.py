"""Identifier schemes: one small pure module per scheme, python-stdnum style.

Each module offers ``compact`` / ``validate`` / ``is_valid`` / ``format`` and its
docstring is the scheme's specification with sources.
"""
