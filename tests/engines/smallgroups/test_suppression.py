"""Small-group suppression: fixed examples and property-based checks of exactly what the
engine's docstring promises (primary cells hidden, shown values true, every line hides 0 or
≥ 2 entries, and no hidden entry is determined by the row/column/total equations — checked
independently with linear algebra)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medskapa.engines.smallgroups import (
    bridges,
    safe_summary,
    summarise,
    suppress_line,
    suppress_sharing_totals,
    suppress_table,
    trend,
)


def _determined(extended: list[list[int | None]]) -> list[tuple[int, int]]:
    """Hidden entries that the equations "each row and column of the extended table adds up
    to its total" pin down: x_e is determined iff the unit vector e lies in the row space of
    the constraint matrix over the unknowns, i.e. iff dropping column e lowers the rank."""
    rows, cols = len(extended), len(extended[0])
    unknowns = [(i, j) for i in range(rows) for j in range(cols) if extended[i][j] is None]
    if not unknowns:
        return []
    equations = [
        [(-1.0 if j == cols - 1 else 1.0) if i == row else 0.0 for i, j in unknowns]
        for row in range(rows)
    ]
    equations += [
        [(-1.0 if i == rows - 1 else 1.0) if j == col else 0.0 for i, j in unknowns]
        for col in range(cols)
    ]
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix)
    return [
        unknowns[e]
        for e in range(len(unknowns))
        if np.linalg.matrix_rank(np.delete(matrix, e, axis=1)) < rank
    ]


def test_a_line_hides_small_cells_and_one_more_so_the_total_gives_nothing_away() -> None:
    line = suppress_line([12, 3, 9, 0, 7])
    assert line.cells == (12, None, 9, 0, None)  # the smallest other cell, 7
    assert line.total == 31


def test_a_line_with_two_small_cells_needs_no_extra_hiding() -> None:
    assert suppress_line([12, 3, 2, 8]).cells == (12, None, None, 8)


def test_zero_is_shown_as_zero_and_nothing_is_hidden_when_all_cells_are_large() -> None:
    assert suppress_line([0, 5, 6]) == suppress_line([0, 5, 6])
    assert suppress_line([0, 5, 6]).cells == (0, 5, 6)


def test_a_small_total_hides_the_whole_line() -> None:
    line = suppress_line([1, 2, 0])
    assert line.cells == (None, None, 0) and line.total is None


def test_a_cell_whose_neighbours_are_zero_hides_the_total_instead() -> None:
    # [3, 0, 0] with total 3: total is also small; both hidden.
    line = suppress_line([3, 0, 0])
    assert line.cells == (None, 0, 0) and line.total is None


def test_people_counts_decide_primary_suppression_when_given() -> None:
    # 8 answers but only 2 people: hidden, even though the count is ≥ 5.
    line = suppress_line([8, 20, 30], people=[2, 20, 30, 50])
    assert line.cells[0] is None and line.hidden >= 2


def test_a_table_hides_a_second_cell_in_each_row_and_column_of_a_small_cell() -> None:
    table = suppress_table([[20, 3, 15], [10, 12, 30], [25, 18, 40]])
    assert table.cells[0][1] is None
    ext = table.extended()
    for line in [*ext, *zip(*ext, strict=True)]:
        assert sum(v is None for v in line) != 1
    assert not _determined(ext)


def test_a_bridge_between_two_hidden_blocks_is_closed() -> None:
    # Two 2×2 blocks of small cells joined by one small cell: the line rule alone would leave
    # the joining cell solvable by combining equations.
    counts = [
        [2, 2, 0, 0, 30],
        [2, 2, 1, 0, 30],
        [0, 0, 2, 2, 30],
        [0, 0, 2, 2, 30],
        [30, 30, 30, 30, 30],
    ]
    table = suppress_table(counts)
    assert not _determined(table.extended())
    assert not bridges([[v is None for v in row] for row in table.extended()])


def test_the_engine_refuses_negative_counts_and_ragged_rows() -> None:
    with pytest.raises(ValueError):
        suppress_line([1, -1])
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])


counts_1d = st.lists(st.integers(0, 40), min_size=1, max_size=8)
tables = st.integers(1, 5).flatmap(
    lambda w: st.lists(st.lists(st.integers(0, 30), min_size=w, max_size=w), min_size=1, max_size=6)
)


@given(counts_1d, st.integers(1, 8))
@settings(max_examples=300, deadline=None)
def test_property_a_suppressed_line_never_reveals_a_hidden_cell(counts: list[int], k: int) -> None:
    line = suppress_line(counts, k=k)
    values = [*counts, sum(counts)]
    shown = [*line.cells, line.total]
    for true, published in zip(values, shown, strict=True):
        assert published is None or published == true
        if 0 < true < k:
            assert published is None
    # One equation: a hidden entry is determined only if it is the only one hidden.
    assert line.hidden != 1


@given(tables, st.integers(1, 8))
@settings(max_examples=300, deadline=None)
def test_property_no_hidden_cell_of_a_table_can_be_worked_out_from_the_totals(
    counts: list[list[int]], k: int
) -> None:
    table = suppress_table(counts, k=k)
    ext = table.extended()
    truth = [[*r, sum(r)] for r in counts]
    truth.append([sum(col) for col in zip(*counts, strict=True)] + [sum(map(sum, counts))])
    for true_row, shown_row in zip(truth, ext, strict=True):
        for true, shown in zip(true_row, shown_row, strict=True):
            assert shown is None or shown == true
            if 0 < true < k:
                assert shown is None
    for line in [*ext, *zip(*ext, strict=True)]:
        assert sum(v is None for v in line) != 1
    assert _determined(ext) == []


@given(st.dictionaries(st.integers(1, 5), st.integers(0, 30), min_size=1))
def test_property_a_mean_is_shown_only_for_five_or_more_and_no_hidden_cell(
    distribution: dict[int, int],
) -> None:
    counts = [distribution.get(s, 0) for s in range(1, 6)]
    line = suppress_line(counts)
    summary = safe_summary(distribution, shown=line.cells)
    if summary is not None:
        assert sum(counts) >= 5 and None not in line.cells
        assert summary.low <= summary.mean <= summary.high


def test_a_summary_gives_the_mean_and_a_confidence_band() -> None:
    s = summarise({1: 2, 3: 4, 5: 4})
    assert s is not None and s.n == 10 and abs(s.mean - 3.4) < 1e-9
    assert s.low < 3.4 < s.high


def test_a_trend_points_only_when_the_interval_leaves_out_zero() -> None:
    low = summarise({1: 20, 2: 20})
    high = summarise({4: 20, 5: 20})
    assert trend(low, high).direction == "up"
    assert trend(high, low).direction == "down"
    same = summarise({2: 5, 3: 5, 4: 5})
    assert trend(same, summarise({2: 4, 3: 6, 4: 5})).direction == "flat"
    assert trend(None, same).direction == "unknown"


@given(
    st.integers(1, 4).flatmap(
        lambda w: st.tuples(
            st.lists(st.lists(st.integers(0, 20), min_size=w, max_size=w), min_size=1, max_size=4),
            st.lists(st.integers(0, 20), min_size=w, max_size=w),
        )
    )
)
@settings(max_examples=200, deadline=None)
def test_property_tables_sharing_totals_hide_the_same_totals_and_each_is_safe(
    data: tuple[list[list[int]], list[int]],
) -> None:
    by_unit, extra = data
    # A second breakdown of the same totals: the first row split differently.
    by_age = [[sum(col) for col in zip(*by_unit, strict=True)]]
    by_age = [[max(0, v - e) for v, e in zip(by_age[0], extra, strict=True)]]
    by_age.append(
        [
            t - v
            for t, v in zip([sum(c) for c in zip(*by_unit, strict=True)], by_age[0], strict=True)
        ]
    )
    tables = suppress_sharing_totals([by_unit, by_age])
    assert tables[0].column_totals == tables[1].column_totals
    assert tables[0].grand_total == tables[1].grand_total
    for table in tables:
        ext = table.extended()
        for line in [*ext, *zip(*ext, strict=True)]:
            assert sum(v is None for v in line) != 1
        assert _determined(ext) == []
