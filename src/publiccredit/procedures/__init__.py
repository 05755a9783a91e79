"""Due process as pure functions: listing notice, objection, repair, removal, consent.

Every transition takes a case value, a command and the time and returns the
next case value plus the events to append (``machine.Outcome``); nothing here
reads a clock, a database or the network. Deadlines count working days on the
official calendar (``calendar``), from the pack's rules (``deadlines``).
``facts.facts_from_events`` turns case events into the engine's facts.
See docs/procedures.md and docs/calendar.md.
"""
