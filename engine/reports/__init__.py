"""Reports, pure: what they hold, how they read, and the documents an office files. No database, no Flask.

``model`` (the records the use cases in :mod:`engine.services.reports` fill), ``period`` (report dates and
their range), ``history``, ``compliance`` (heat map and charts), ``monitoring``, ``register_declaration``
(the ``registers`` an SOP declares in sop.json) and ``registers`` (their layout), ``documents`` (each report
as one :class:`~engine.reports.exports.Document`), ``exports`` (CSV, XLSX, PDF), ``charts``, ``text``.
"""
