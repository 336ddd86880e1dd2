"""Reports as documents an office files: one tabular model rendered as CSV, XLSX and PDF, and SVG charts.

Pure: no database, no Flask. The report use cases (:mod:`engine.services.reports`) build the documents.
"""
