"""The Django project: settings, URLs and the one API that the apps' routers hang from.

Django is an adapter here. The method lives in :mod:`insideout.core`; the apps
(:mod:`insideout.people`, :mod:`insideout.screening`) store what a coach enters and hand it to the
core to judge, and this package only wires them together.
"""
