"""People: coaches and the runners they coach, and who may see whose data.

Every lookup of a runner goes through :meth:`RunnerQuerySet.visible_to`, so a coach sees only their
runners and a runner who logs in sees only themself; anything else answers like "not there".
"""
