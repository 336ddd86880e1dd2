"""The applicant's side of a public service, as pure functions: the tracking code, the promised completion time,
the QR code, and the Indeks Kepuasan Masyarakat of Permenpan RB 14/2017. No database, no Flask."""
