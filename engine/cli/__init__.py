"""The ``alur`` command line, one module per command group.

:mod:`engine.cli.main` holds the root group and the database, processes, users, roles, calendar and demo
commands; :mod:`engine.cli.cases` the case repairs (``alur cases``); :mod:`engine.cli.sop` the SOP tables
(``alur sop``). The web app adds ``alur serve``. Every command calls engine services only.
"""
