"""Watch files in: readers for FIT, GPX and TCX, and the archives and folders they come in."""
