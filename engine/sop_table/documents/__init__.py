"""SOP AP files other than Excel's own cells read as the sheets of a workbook: a LibreOffice Calc spreadsheet
(:mod:`.ods`), a Word document (:mod:`.word`; its grouped pictures :mod:`.word_groups`, VML shapes :mod:`.vml`) and a
PDF (:mod:`.pdf`), each file told by its content (:mod:`.opening`); and the flowchart drawn over a workbook
(:mod:`.workbook_drawings`), for :mod:`engine.sop_table.reader`. :mod:`.symbols` says which drawn shape is a symbol,
:mod:`.arrows` how drawn lines join symbols, and :mod:`.ooxml` parses the parts of an uploaded file, for all alike."""
