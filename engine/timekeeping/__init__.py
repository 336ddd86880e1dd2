"""Time as the office keeps it: the clock, standard durations, the working-time calendar, deadlines and their words.

- :mod:`engine.timekeeping.clock` — the injectable clock (tests move it, never sleep);
- :mod:`engine.timekeeping.durations` — ISO 8601 durations and recurrences from the Mutu Baku;
- :mod:`engine.timekeeping.working_time` — the office calendar: hours, weekends, holidays, cuti bersama, Ramadan;
- :mod:`engine.timekeeping.deadlines` — due, reminder, due-soon, escalation and lateness on that calendar;
- :mod:`engine.timekeeping.duration_words` — durations and recurrences said in words.
"""
