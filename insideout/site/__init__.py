"""The pages that combine every app: the coach's dashboard, a runner's page, the demo loader.

This app sits above the others (core ← catalogue ← people ← screening ← training ← site ← web):
it reads people, screens and training and nothing below imports it. A page is assembled here in
one place (:mod:`insideout.site.runner`, :mod:`insideout.site.presenters`): the views run the
queries and the templates only show what they are handed.
"""
