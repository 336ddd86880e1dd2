"""SOP AP documents (Word, PDF) read as the sheets of a workbook, for :mod:`engine.sop_table.reader`."""
