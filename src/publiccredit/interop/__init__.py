"""Interoperability: the platform's public data in other projects' formats (docs/interop.md)."""
