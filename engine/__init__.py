"""Alur's engine: domain, process runtime, persistence and scheduler jobs.

Nothing here imports Flask: the web app, the CLI and the scheduler all call the
service functions in :mod:`engine.services`.
"""
