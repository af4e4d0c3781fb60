"""Runs, their pain and strength sessions as stored rows, with their pages and API."""
