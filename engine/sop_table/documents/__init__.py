"""SOP AP documents (Word, PDF) read as the sheets of a workbook, and the flowchart symbols drawn over a workbook,
for :mod:`engine.sop_table.reader`; :mod:`.symbols` says which drawn shape is a symbol, for Word and Excel alike."""
