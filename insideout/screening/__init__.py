"""Screening: the movement screens a coach enters, stored as raw measures.

Only what was measured is stored. Profiles (needs, findings, changes since the last screen) are
computed by :mod:`insideout.core` every time they are shown, so a change to the catalogue's
thresholds shows at once on every screen ever entered.
"""
