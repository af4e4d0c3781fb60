"""The ``insideout`` command line: an adapter that reads files and prints what the core decides."""
