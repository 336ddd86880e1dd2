"""Step forms: the JSON Schema a step declares, checked at sync and on every submission.

The package's public face is here; the parts live beside it:

- :mod:`engine.forms.schema` — checking a form at sync and validating submitted data (limits, patterns, rules);
- :mod:`engine.forms.formats` — the ``format`` keywords Alur supports (NIK, NPWP, NIB, dates, email…);
- :mod:`engine.forms.identifiers` — NIK, NPWP and NIB structure checks;
- :mod:`engine.forms.patterns` — ``pattern`` on RE2, and the refusal of patterns that could backtrack;
- :mod:`engine.forms.validator` — the jsonschema validator forms are checked with (RE2, plain choices compared);
- :mod:`engine.forms.rules` — Alur's own keywords (``x-alur-complete-when``, ``x-alur-not-after-today``);
- :mod:`engine.forms.messages` — the clerk-facing message for each kind of error;
- :mod:`engine.forms.html_input` — HTML form posts turned into typed JSON, and checklist options.
"""

from engine.forms.formats import FORMAT_CHECKER as FORMAT_CHECKER
from engine.forms.formats import SUPPORTED_FORMATS as SUPPORTED_FORMATS
from engine.forms.html_input import CHECKLIST as CHECKLIST
from engine.forms.html_input import checklist_options as checklist_options
from engine.forms.html_input import coerce_form_fields as coerce_form_fields
from engine.forms.html_input import requirement_checklist_titles as requirement_checklist_titles
from engine.forms.messages import field_title as field_title
from engine.forms.schema import INVALID_FORM as INVALID_FORM
from engine.forms.schema import MAX_CASE_DATA_BYTES as MAX_CASE_DATA_BYTES
from engine.forms.schema import MAX_DATA_BYTES as MAX_DATA_BYTES
from engine.forms.schema import MAX_TEXT_LENGTH as MAX_TEXT_LENGTH
from engine.forms.schema import MAX_TEXT_LENGTH_CEILING as MAX_TEXT_LENGTH_CEILING
from engine.forms.schema import case_room_problem as case_room_problem
from engine.forms.schema import check_form_schema as check_form_schema
from engine.forms.schema import form_schema_problems as form_schema_problems
from engine.forms.schema import text_limit as text_limit
from engine.forms.schema import validate_form as validate_form
