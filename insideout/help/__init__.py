"""'I need help': a runner writes to their coach from any page, with the context attached, and
the coach answers in the app; a red flag or a referral notifies the coach without a word written.

One thread per runner (:class:`~insideout.help.models.Message`, oldest first), read and written by
the runner and their coach only (:mod:`insideout.people.access`). This app sits between
``training`` (whose advice it reads for the context and whose ``summary_made`` signal brings the
notices) and ``site`` (whose dashboard shows the unread banner).
"""
