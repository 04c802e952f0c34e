"""Property: every reader, given any bytes, returns a result or raises BilingueError.

Bytes come three ways: arbitrary, the reader's seed with bytes overwritten or cut,
and (for zip formats) the seed's members edited then re-zipped, so the XML parsers
and python-docx/openpyxl see damaged content, not just damaged compression.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.targets import SEEDS, TARGETS, ZIPPED, mutate_zip, run_target

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# Recipes, not bytes, are what Hypothesis draws and shrinks: a failing case prints as
# a few numbers instead of a 40 kB bytes literal.
Recipe = tuple[str, bytes, list[tuple[int, int, int]], int]
EDITS = st.lists(
    st.tuples(st.integers(0, 50), st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8
)
RECIPES: st.SearchStrategy[Recipe] = st.one_of(
    st.tuples(st.just("raw"), st.binary(max_size=1024), st.just([]), st.just(0)),
    st.tuples(st.just("overwrite"), st.just(b""), EDITS, st.integers(0, 1 << 20)),
    st.tuples(st.just("members"), st.just(b""), EDITS, st.just(0)),
)


def build(name: str, recipe: Recipe) -> bytes:
    kind, raw, edits, keep = recipe
    seed = SEEDS[name]
    if kind == "raw":
        return raw
    if kind == "members" and name in ZIPPED:
        return mutate_zip(seed, edits)
    data = bytearray(seed)
    for _, offset, value in edits:
        data[offset % len(data)] = value
    return bytes(data[: len(data) - keep % (len(data) + 1)])


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_any_bytes_give_a_result_or_a_bilingue_error(name: str) -> None:
    @FUZZ
    @given(recipe=RECIPES)
    def check(recipe: Recipe) -> None:
        run_target(name, build(name, recipe))

    check()


def test_the_seeds_themselves_read() -> None:
    # A fuzzer starting from seeds that already fail would only explore error paths.
    from tests.fuzz.targets import _FOLDER, _reader

    for name, (suffix, spec) in TARGETS.items():
        if name in ("review-docx", "sidecar-json"):
            continue  # their seeds are deliberately minimal, not complete review files
        path = _FOLDER / f"seed-check{suffix}"
        path.write_bytes(SEEDS[name])
        module, _, function = spec.partition(":")
        assert _reader(module, function)(path) is not None, name


@FUZZ
@given(
    text=st.text(min_size=1, max_size=200),
    encoding=st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]),
    edits=EDITS,
)
def test_utf16_and_utf32_without_a_mark_damaged_give_a_result_or_a_bilingue_error(
    text: str, encoding: str, edits: list[tuple[int, int, int]]
) -> None:
    # The NUL-pattern detection (bytes with no byte-order mark) is its own path.
    data = bytearray(text.encode(encoding, "surrogatepass"))
    for _, offset, value in edits:
        data[offset % len(data)] = value
    run_target("txt", bytes(data))
