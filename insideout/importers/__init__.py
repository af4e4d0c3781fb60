"""Adapters from watch and phone files to the core's :class:`~insideout.core.activity.Activity`.

One reader per format (``fit``, ``gpx``, ``tcx``), each turning a file's bytes into the one typed
record the rest of insideout reads (STYLE.md, "One parser per format, one internal record");
``readers.read_activity`` tells the formats apart; ``archives.iter_sources`` walks the folders,
zips and gzips they come in. No Django here: the apps store what these
return, the command line prints it.

Error tree: every reader raises only :class:`~insideout.core.activity.ActivityError` (the file's
name and a plain reason), chained ``from`` the parser's own error.
"""
