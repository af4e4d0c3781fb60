"""People: coaches and the runners they coach, and who may see whose data.

Every lookup of a runner for a user goes through :mod:`insideout.people.access`, so a coach sees
only their runners and a runner who logs in sees only themself; anything else answers like "not
there". :mod:`insideout.people.records` makes the core's input records into form fields and API
schemas for every app above.
"""
