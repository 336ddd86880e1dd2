"""SOP AP documents (Word, PDF) read as the sheets of a workbook, and the flowchart drawn over a workbook or a Word
table (:mod:`.workbook_drawings`; Word's grouped pictures: :mod:`.word_groups`, :mod:`.vml`), for
:mod:`engine.sop_table.reader`; :mod:`.symbols` says which drawn shape is a symbol, :mod:`.arrows` how drawn lines
join symbols, and :mod:`.ooxml` parses the parts of a Word or Excel file, for all alike."""
