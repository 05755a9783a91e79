"""Immutable value types shared by every layer: records, subjects, assessments."""
