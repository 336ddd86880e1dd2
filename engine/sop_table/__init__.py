"""The SOP AP table (XLSX, or the SOP AP as written in Word or saved as PDF: ``documents``) as an office's source
of a process: read it, turn it into a process folder, write a registered process back as the table. See
processes/README.md, "Menulis SOP sebagai tabel"."""
