"""The restricted evaluator: what gateway conditions may do, and what they must never do."""

from __future__ import annotations

import builtins
import contextlib
import warnings
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import DefinitionError, ExpressionError
from engine.expressions import MAX_DEPTH, MAX_LENGTH, check_expression, evaluate

CASE = {
    "persyaratan_lengkap": True,
    "ditolak": False,
    "jumlah": 5,
    "nilai": 7.5,
    "jenis": "mikro",
    "catatan": None,
    "persyaratan": ["fotokopi_ktp", "sku_desa"],
    "kosong": [],
}

ALLOWED: list[tuple[str, Any]] = [
    ("persyaratan_lengkap", True),
    ("persyaratan_lengkap == True", True),
    ("not persyaratan_lengkap", False),
    ("persyaratan_lengkap and not ditolak", True),
    ("ditolak or jumlah", 5),  # returns an operand, as Python does
    ("ditolak and jumlah", False),
    ("jumlah > 3", True),
    ("jumlah >= 5", True),
    ("jumlah < 5", False),
    ("jumlah <= 4", False),
    ("jumlah != 5", False),
    ("1 < jumlah < 10", True),
    ("1 < jumlah < 3", False),
    ("nilai > 7", True),
    ("jumlah == 5.0", True),
    ("-jumlah < 0", True),
    ("+jumlah == 5", True),
    ("-1.5 < 0", True),
    ("jenis == 'mikro'", True),
    ('jenis in ["mikro", "kecil"]', True),
    ("jenis in ('mikro', 'kecil')", True),
    ("jenis in {'menengah', 'besar'}", False),
    ("jenis not in ['menengah']", True),
    ("'sku_desa' in persyaratan", True),
    ("'izin' not in persyaratan", True),
    ("'mik' in jenis", True),
    ("jenis in {'mikro': 1}", True),
    ("catatan is None", True),
    ("None is catatan", True),
    ("jenis is not None", True),
    ("catatan == None", True),
    ("kosong == []", True),
    ("not kosong", True),
    ("persyaratan == ['fotokopi_ktp', 'sku_desa']", True),
    ("(jumlah > 3) and (jenis == 'mikro' or ditolak)", True),
    ("True", True),
    ("None", None),
    ("'teks'", "teks"),
    ("[1, 'a', None, [True]]", [1, "a", None, [True]]),
    ("(1, 2)", (1, 2)),
    ("{'a': [1], 'b': None}", {"a": [1], "b": None}),
    ("  jumlah == 5  ", True),
    ("'\\d' == '\\\\d'", True),  # an invalid escape warns in Python; it must not fail here
]


@pytest.mark.parametrize(("source", "expected"), ALLOWED)
def test_allowed_expressions_evaluate_like_python(source: str, expected: Any) -> None:
    assert evaluate(source, CASE) == expected


HOSTILE: list[tuple[str, str]] = [
    ("__import__('os')", "pemanggilan fungsi"),
    ("__import__('os').system('id')", "pemanggilan fungsi"),
    ("().__class__.__bases__[0].__subclasses__()", "pemanggilan fungsi"),
    ("().__class__", "akses atribut"),
    ("open('/etc/passwd')", "pemanggilan fungsi"),
    ("eval('1')", "pemanggilan fungsi"),
    ("[x for x in ()]", "comprehension"),
    ("{x for x in ()}", "comprehension"),
    ("{x: 1 for x in ()}", "comprehension"),
    ("(x for x in ())", "generator"),
    ("lambda: 1", "lambda"),
    ("a.b", "akses atribut"),
    ("x.__class__", "akses atribut"),
    ("a[0]", "akses indeks"),
    ("a[1:2]", "akses indeks"),
    ("f'{a}'", "f-string"),
    ("f'teks'", "f-string"),
    ("(a := 1)", "walrus"),
    ("1 + 1", "operator aritmetika '+'"),
    ('"a" * 10**9', "operator aritmetika '*'"),
    ("2 ** 100", "operator aritmetika '**'"),
    ("a - 1", "operator aritmetika '-'"),
    ("a % 2", "operator aritmetika '%'"),
    ("a | b", "operator aritmetika '|'"),
    ("~a", "operator '~'"),
    ("[*a]", "unpacking bintang"),
    ("{**a}", "unpacking '**'"),
    ("a if b else c", "ekspresi bersyarat"),
    ("a is 1", "selain terhadap None"),
    ("a is not b", "selain terhadap None"),
    ("a is b is None", "selain terhadap None"),
    ("b'bytes'", "literal bytes"),
    ("1j", "bilangan kompleks"),
    ("...", "Ellipsis"),
    ("__builtins__", "diawali dua garis bawah"),
    ("__class__ == 1", "diawali dua garis bawah"),
    ("await a", "memakai await"),
    ("yield", "tidak dapat diurai"),
    ("import os", "tidak dapat diurai"),
    ("a = 1", "tidak dapat diurai"),
    ("1 +", "tidak dapat diurai"),
    ("a\x00", "tidak dapat diurai"),
    ("", "ekspresi kosong"),
    ("   ", "ekspresi kosong"),
    ("a or " * 300 + "a", "terlalu panjang"),
    ("-" * 200 + "1", "terlalu dalam bersarang"),
    ("not " * (MAX_DEPTH + 1) + "a", "terlalu dalam bersarang"),
    ("[" * 150 + "]" * 150, "terlalu dalam bersarang"),
]


@pytest.mark.parametrize(("source", "construct"), HOSTILE)
def test_hostile_expressions_are_refused_at_check_time(source: str, construct: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        check_expression(source)
    assert construct in caught.value.message
    # Evaluation checks first, so it refuses the same way (even with dangerous-looking data).
    with pytest.raises(ExpressionError):
        evaluate(source, {"a": [1], "b": 2, "c": 3, "x": 4, "os": 5})


def test_refusal_quotes_the_expression_and_the_construct() -> None:
    with pytest.raises(ExpressionError) as caught:
        check_expression("x.__class__")
    assert caught.value.message == "ekspresi 'x.__class__' memakai akses atribut, yang tidak diizinkan"


def test_check_returns_the_names_read() -> None:
    assert check_expression("a == 1 and (b in [c, 'd'] or not e) and f is None") == {"a", "b", "c", "e", "f"}
    assert check_expression("'text' == 'text'") == frozenset()


def test_error_carries_file_and_element_for_the_office() -> None:
    with pytest.raises(ExpressionError) as caught:
        check_expression("a.b", file="process.bpmn", element_id="flow_ya")
    error = caught.value
    assert isinstance(error, DefinitionError)
    assert (error.file, error.element_id) == ("process.bpmn", "flow_ya")
    assert str(error) == (
        "berkas process.bpmn, elemen flow_ya: ekspresi 'a.b' memakai akses atribut, yang tidak diizinkan"
    )


def test_missing_name_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate("x > 1", {})
    assert "nama 'x' tidak ada dalam data kasus" in caught.value.message


def test_boolean_operators_short_circuit_so_later_names_need_not_exist() -> None:
    assert evaluate("ditolak and tidak_ada", CASE) is False
    assert evaluate("persyaratan_lengkap or tidak_ada", CASE) is True
    assert evaluate("jumlah < 1 < tidak_ada", CASE) is False
    with pytest.raises(ExpressionError, match="tidak_ada"):
        evaluate("persyaratan_lengkap and tidak_ada", CASE)


INCOMPATIBLE: list[tuple[str, dict[str, Any], str]] = [
    ("'1' < 2", {}, "'1' (teks) dan 2 (bilangan bulat) tidak dapat dibandingkan dengan '<'"),
    ("a >= 1", {"a": None}, "None (None) dan 1 (bilangan bulat) tidak dapat dibandingkan dengan '>='"),
    ("1 in a", {"a": "abc"}, "tidak dapat dibandingkan dengan 'in'"),
    ("'a' in a", {"a": 5}, "tidak dapat dibandingkan dengan 'in'"),
    ("[1] in {1}", {}, "tidak dapat dibandingkan dengan 'in'"),
    ("[1, 'a'] < [1, 2]", {}, "tidak dapat dibandingkan dengan '<'"),
    ("-a", {"a": "x"}, "tanda '-' hanya untuk angka"),
    ("-a", {"a": True}, "tanda '-' hanya untuk angka"),
    ("{[1]}", {}, "himpunan hanya boleh berisi"),
    ("{[1]: 2}", {}, "objek hanya boleh berisi"),
]


@pytest.mark.parametrize(("source", "names", "message"), INCOMPATIBLE)
def test_incompatible_values_raise_expression_error_not_type_error(
    source: str, names: dict[str, Any], message: str
) -> None:
    check_expression(source)  # the syntax is fine; only these values are not
    with pytest.raises(ExpressionError) as caught:
        evaluate(source, names)
    assert message in caught.value.message
    assert source in caught.value.message


def test_equality_between_different_types_is_simply_false() -> None:
    assert evaluate("'1' == 1", {}) is False
    assert evaluate("a != 'x'", {"a": None}) is True


def test_long_values_are_cut_in_messages() -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate("a < 1", {"a": "x" * 10_000})
    assert len(caught.value.message) < 200


def test_length_limit_is_exact() -> None:
    longest = "a == " + "1" * (MAX_LENGTH - 5)
    assert len(longest) == MAX_LENGTH
    assert check_expression(longest) == {"a"}
    with pytest.raises(ExpressionError, match="terlalu panjang"):
        check_expression(longest + "1")


def test_evaluation_never_uses_eval_or_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec must not be used")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert evaluate("jumlah > 3 and jenis in ['mikro']", CASE) is True


def test_non_string_source_is_refused() -> None:
    with pytest.raises(ExpressionError, match="harus berupa teks"):
        check_expression(5)  # type: ignore[arg-type]


ascii_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=80)
TOKENS = [
    "a", "b", "x", "1", "0", "-", "+", "*", "**", "1.5", "'s'", '"t"', "None", "True", "False",
    "==", "!=", "<", "<=", ">", ">=", "in", "not", "is", "and", "or", "(", ")", "[", "]", "{", "}",
    ",", ":", ".", "__class__", "lambda", "if", "else", "for", "f'{a}'", "@", "~", "...",
]  # fmt: skip
token_soup = st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join)
some_names = st.fixed_dictionaries(
    {},
    optional={
        "a": st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        "b": st.lists(st.integers() | st.text(max_size=3), max_size=3),
        "x": st.floats(allow_nan=True) | st.dictionaries(st.text(max_size=3), st.integers(), max_size=3),
    },
)


@settings(deadline=None)
@given(source=ascii_text | token_soup)
def test_random_text_only_ever_raises_expression_error(source: str) -> None:
    try:
        names = check_expression(source)
    except ExpressionError:
        return
    assert isinstance(names, frozenset)
    with contextlib.suppress(ExpressionError):
        evaluate(source, {})


@settings(deadline=None)
@given(source=token_soup, names=some_names)
def test_token_soup_with_data_only_ever_raises_expression_error(source: str, names: dict[str, Any]) -> None:
    with contextlib.suppress(ExpressionError):
        evaluate(source, names)


DATA = {"a": 3, "b": "mikro", "c": None, "d": [1, "x"], "e": True, "f": 2.5}
leaves = st.sampled_from(["a", "b", "c", "d", "e", "f"]) | st.builds(
    repr, st.integers(-5, 5) | st.sampled_from([0.5, -2.5, "x", "mikro", "", True, False, None])
)
COMPARE_OPS = ["==", "!=", "<", "<=", ">", ">=", "in", "not in"]


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds("({} {} {})".format, inner, st.sampled_from(COMPARE_OPS), inner),
        st.builds("({} {} {})".format, inner, st.sampled_from(["and", "or"]), inner),
        st.builds("({} is None)".format, inner),
        st.builds("({} is not None)".format, inner),
        st.builds("(not {})".format, inner),
        st.builds("(-{})".format, st.sampled_from(["a", "f", "1", "2.5"])),  # "-True" is refused on purpose
        st.builds("[{}, {}]".format, inner, inner),
        st.builds("({}, {})".format, inner, inner),
    )


allowed_expressions = st.recursive(leaves, _extend, max_leaves=8)


@settings(deadline=None)
@given(source=allowed_expressions)
def test_allowed_expressions_agree_with_python(source: str) -> None:
    try:
        with warnings.catch_warnings():  # "is" with a literal warns; the oracle must still answer
            warnings.simplefilter("ignore")
            expected = eval(source, {"__builtins__": {}}, dict(DATA))  # the oracle, in a test only
    except TypeError:
        with pytest.raises(ExpressionError):
            evaluate(source, DATA)
        return
    assert evaluate(source, DATA) == expected
