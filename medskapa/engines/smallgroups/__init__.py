"""Small-group protection for published tables, and honest summaries of score distributions.

No Django, no project imports. Two parts:

``suppress_line`` / ``suppress_table`` — cell suppression for a 1-D or 2-D table of counts
that is published together with its totals:

1. **Primary suppression.** Every entry (a cell *or a total*) that stands for fewer than ``k``
   people (``0 < people < k``, ``k = 5`` by default) is hidden. Zero is shown as 0. By default
   "people" is the count itself; a caller whose counts are not people (e.g. answers, where one
   person may answer twice) passes its own lower bound of the number of people per entry.
2. **Complementary suppression**, so that no hidden entry can be worked out from the published
   ones by adding and subtracting along rows, columns and totals:

   * line rule (the standard one): every row and column that has a published total (and, in a
     2-D table, the row of column totals and the column of row totals, which add up to the
     grand total) must hide either nothing or at least two entries; while some line hides
     exactly one, hide one more entry in it — the smallest non-zero cell, else a total, else a
     zero — and repeat until nothing changes;
   * in a 2-D table the line rule is not enough: two groups of hidden cells that are joined by
     one hidden cell let that cell be solved by combining equations (a "bridge"). So after the
     line rule the hidden cells are read as the edges of a bipartite graph (rows and columns
     as vertices, totals included) and, while some hidden cell is a bridge of that graph, one
     more entry is hidden that closes a cycle through it; then the line rule runs again.

**Guarantee (what the tests check).** Treat the table with its totals as the system of linear
equations "each row and each column adds up to its total". After suppression no hidden entry
is determined by the published entries through that system: for every hidden entry there is
another real-valued table that agrees with everything published and differs in that entry.
(Proof: put the totals in with a minus sign, so that every row and column of the extended table
adds up to 0; the unknowns are the hidden entries, i.e. the edges of the bipartite graph; adding
``+t`` and ``-t`` alternately around any cycle keeps every sum, so an entry on a cycle is free,
and an edge is on a cycle exactly when it is not a bridge.) In a 1-D table this is the line rule.

**Limits (what it does not promise).**

* Bounds: someone who also uses that counts are whole numbers ≥ 0, and that a hidden entry is
  probably ≥ 1 (zeros are shown), can narrow a hidden entry to an interval, and in rare tables
  (e.g. a closed cycle of hidden cells that are all 1) pin it down. Interval protection needs
  linear programming (as in τ-ARGUS); we do not do that.
* One table at a time: two tables that overlap (a unit and its sub-unit, January–June and
  January–May) can be subtracted from each other. Callers reduce this with coarse choices
  (whole months, fixed units), but cannot rule it out.
* A member of a hidden group knows their own answer and can subtract themself.
* Means: a mean together with the counts is one more equation. ``safe_mean`` therefore gives a
  mean only when the distribution it summarises has no hidden cell and at least ``k`` people.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

K_DEFAULT = 5

__all__ = [
    "K_DEFAULT",
    "Line",
    "Summary",
    "Table",
    "Trend",
    "bridges",
    "protect",
    "safe_summary",
    "summarise",
    "suppress_line",
    "suppress_sharing_totals",
    "suppress_table",
    "trend",
]


# --- Suppression ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """A published 1-D table: ``None`` marks a hidden entry."""

    cells: tuple[int | None, ...]
    total: int | None

    @property
    def hidden(self) -> int:
        return sum(1 for c in self.cells if c is None) + (self.total is None)


@dataclass(frozen=True)
class Table:
    """A published 2-D table with its totals: ``None`` marks a hidden entry."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None

    def extended(self) -> list[list[int | None]]:
        """Rows with their totals at the end, then the column totals and the grand total."""
        rows = [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)]
        rows.append([*self.column_totals, self.grand_total])
        return rows


def _primary(values: Sequence[int], people: Sequence[int] | None, k: int) -> list[bool]:
    if k < 1:
        raise ValueError("k must be at least 1")
    if any(v < 0 for v in values):
        raise ValueError("counts cannot be negative")
    people = values if people is None else people
    return [v > 0 and p < k for v, p in zip(values, people, strict=True)]


def _preference(
    value: int, is_total: bool, index: tuple[int, int]
) -> tuple[int, int, int, int, int]:
    """Which entry to hide next: the smallest non-zero cell, then a total, then a zero."""
    return (value == 0, is_total, value, index[0], index[1])


def suppress_line(
    counts: Sequence[int],
    *,
    k: int = K_DEFAULT,
    people: Sequence[int] | None = None,
    total_shown: bool = True,
) -> Line:
    """Suppress a 1-D table (a distribution). ``people`` (optional) has one entry per cell and
    one more for the total: a lower bound of the number of people each stands for."""
    values = [*counts, sum(counts)]
    hidden = _primary(values, people, k)
    if not total_shown:
        hidden[-1] = True
    elif sum(hidden) == 1:
        visible = [i for i, h in enumerate(hidden) if not h]
        if visible:
            pick = min(visible, key=lambda i: _preference(values[i], i == len(counts), (0, i)))
            hidden[pick] = True
    shown = [None if h else v for v, h in zip(values, hidden, strict=True)]
    return Line(cells=tuple(shown[:-1]), total=shown[-1])


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    k: int = K_DEFAULT,
    people: Sequence[Sequence[int]] | None = None,
) -> Table:
    """Suppress a 2-D table published with row totals, column totals and the grand total.

    ``people`` (optional) has the extended shape (rows + 1) × (columns + 1): each row with its
    row total, then the column totals with the grand total.
    """
    rows = [list(r) for r in counts]
    width = len(rows[0]) if rows else 0
    if any(len(r) != width for r in rows):
        raise ValueError("every row needs the same number of cells")
    extended = [[*r, sum(r)] for r in rows]
    extended.append([sum(r[j] for r in rows) for j in range(width)] + [sum(map(sum, rows))])
    flat_people = None if people is None else [p for row in people for p in row]
    if flat_people is not None and len(flat_people) != (len(rows) + 1) * (width + 1):
        raise ValueError("people must have the extended shape")
    flat = [v for row in extended for v in row]
    primary = _primary(flat, flat_people, k)
    mask = [primary[i * (width + 1) : (i + 1) * (width + 1)] for i in range(len(rows) + 1)]
    hidden = protect(extended, mask)
    shown = [
        [None if h else v for v, h in zip(vr, hr, strict=True)]
        for vr, hr in zip(extended, hidden, strict=True)
    ]
    return Table(
        cells=tuple(tuple(r[:-1]) for r in shown[:-1]),
        row_totals=tuple(r[-1] for r in shown[:-1]),
        column_totals=tuple(shown[-1][:-1]),
        grand_total=shown[-1][-1],
    )


def suppress_sharing_totals(
    tables: Sequence[Sequence[Sequence[int]]],
    *,
    k: int = K_DEFAULT,
    people: Sequence[Sequence[Sequence[int]] | None] | None = None,
    hide_in_totals: Sequence[bool] | None = None,
) -> list[Table]:
    """Suppress several 2-D tables shown on one page that share their column totals (e.g. one
    distribution broken down by unit, and by age band): the shared row of totals is hidden
    alike in all of them, so one table cannot give away what another hides. ``hide_in_totals``
    forces entries of the shared row (column totals, then the grand total) to be hidden."""
    extended_all: list[list[list[int]]] = []
    primaries: list[list[list[bool]]] = []
    for index, counts in enumerate(tables):
        rows = [list(r) for r in counts]
        width = len(rows[0])
        ext = [[*r, sum(r)] for r in rows]
        ext.append([sum(r[j] for r in rows) for j in range(width)] + [sum(map(sum, rows))])
        table_people = people[index] if people is not None else None
        flat_people = None if table_people is None else [p for row in table_people for p in row]
        flat = _primary([v for row in ext for v in row], flat_people, k)
        primaries.append([flat[i * (width + 1) : (i + 1) * (width + 1)] for i in range(len(ext))])
        extended_all.append(ext)
    if len({tuple(ext[-1]) for ext in extended_all}) > 1:
        raise ValueError("the tables must share the same totals")
    shared = (
        list(hide_in_totals) if hide_in_totals is not None else [False] * len(extended_all[0][-1])
    )
    while True:
        masks = []
        for ext, primary in zip(extended_all, primaries, strict=True):
            start = [list(r) for r in primary]
            start[-1] = [a or b for a, b in zip(start[-1], shared, strict=True)]
            masks.append(protect(ext, start))
        union = [any(m[-1][j] for m in masks) for j in range(len(shared))]
        if union == shared:
            break
        shared = union
    result = []
    for ext, mask in zip(extended_all, masks, strict=True):
        shown = [
            [None if h else v for v, h in zip(vr, hr, strict=True)]
            for vr, hr in zip(ext, mask, strict=True)
        ]
        result.append(
            Table(
                cells=tuple(tuple(r[:-1]) for r in shown[:-1]),
                row_totals=tuple(r[-1] for r in shown[:-1]),
                column_totals=tuple(shown[-1][:-1]),
                grand_total=shown[-1][-1],
            )
        )
    return result


def protect(
    extended: Sequence[Sequence[int]], primary: Sequence[Sequence[bool]]
) -> list[list[bool]]:
    """Complementary suppression on an extended table (last column and last row = totals).

    Returns the hidden mask: the primary entries and enough others that every line hides 0 or
    ≥ 2 entries and no hidden entry is a bridge (see the module's guarantee)."""
    n_rows = len(extended)
    n_cols = len(extended[0]) if n_rows else 0
    hidden = [list(row) for row in primary]

    def is_total(i: int, j: int) -> bool:
        return i == n_rows - 1 or j == n_cols - 1

    def pick(candidates: list[tuple[int, int]]) -> tuple[int, int] | None:
        if not candidates:
            return None
        return min(
            candidates, key=lambda ij: _preference(extended[ij[0]][ij[1]], is_total(*ij), ij)
        )

    while True:
        changed = False
        for i in range(n_rows):
            if sum(hidden[i]) == 1:
                choice = pick([(i, j) for j in range(n_cols) if not hidden[i][j]])
                if choice:
                    hidden[choice[0]][choice[1]] = True
                    changed = True
        for j in range(n_cols):
            if sum(hidden[i][j] for i in range(n_rows)) == 1:
                choice = pick([(i, j) for i in range(n_rows) if not hidden[i][j]])
                if choice:
                    hidden[choice[0]][choice[1]] = True
                    changed = True
        if changed:
            continue
        found = bridges(hidden)
        if not found:
            return hidden
        bridge_row, bridge_col = found[0]
        row_side, col_side = _sides(hidden, bridge_row, bridge_col)
        # An entry joining the column's side back to the row's side closes a cycle.
        choice = pick([(i, j) for i in col_side[0] for j in row_side[1] if not hidden[i][j]])
        if choice is None:  # cannot happen once every line hides 0 or ≥ 2 entries
            raise AssertionError("no entry closes a cycle")
        hidden[choice[0]][choice[1]] = True


def _edges(hidden: Sequence[Sequence[bool]]) -> list[tuple[int, int]]:
    return [(i, j) for i, row in enumerate(hidden) for j, h in enumerate(row) if h]


def bridges(hidden: Sequence[Sequence[bool]]) -> list[tuple[int, int]]:
    """Hidden entries (i, j) that are bridges of the bipartite row–column graph: exactly the
    hidden entries that the row and column equations determine."""
    edges = _edges(hidden)
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], int]]] = {}
    for number, (i, j) in enumerate(edges):
        adjacency.setdefault(("r", i), []).append((("c", j), number))
        adjacency.setdefault(("c", j), []).append((("r", i), number))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: list[tuple[int, int]] = []
    counter = 0
    for start in adjacency:
        if start in order:
            continue
        order[start] = low[start] = counter
        counter += 1
        stack: list[tuple[tuple[str, int], int, int]] = [(start, -1, 0)]
        while stack:
            vertex, via, position = stack[-1]
            neighbours = adjacency[vertex]
            if position < len(neighbours):
                stack[-1] = (vertex, via, position + 1)
                nxt, edge = neighbours[position]
                if edge == via:
                    continue
                if nxt in order:
                    low[vertex] = min(low[vertex], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > order[parent]:
                        found.append(edges[via])
    return sorted(found)


def _sides(
    hidden: Sequence[Sequence[bool]], row: int, col: int
) -> tuple[tuple[set[int], set[int]], tuple[set[int], set[int]]]:
    """Without the edge (row, col): the (rows, columns) reachable from the row, and from the
    column."""
    edges = [e for e in _edges(hidden) if e != (row, col)]

    def reach(start: tuple[str, int]) -> tuple[set[int], set[int]]:
        rows: set[int] = set()
        cols: set[int] = set()
        todo = [start]
        while todo:
            kind, index = todo.pop()
            seen = rows if kind == "r" else cols
            if index in seen:
                continue
            seen.add(index)
            for i, j in edges:
                if kind == "r" and i == index and j not in cols:
                    todo.append(("c", j))
                if kind == "c" and j == index and i not in rows:
                    todo.append(("r", i))
        return rows, cols

    return reach(("r", row)), reach(("c", col))


# --- Distributions: means with honest uncertainty ------------------------------------------------
# Two-sided 95 % critical values of Student's t by degrees of freedom (1–30); 1.96 beyond.
_T95 = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
]  # fmt: skip


def t95(df: float) -> float:
    if df < 1:
        return math.inf
    if df >= 30:
        return 1.96 if df > 120 else 2.0
    return _T95[int(df) - 1]


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float
    sd: float
    low: float  # 95 % confidence interval of the mean
    high: float


def summarise(distribution: dict[int, int]) -> Summary | None:
    """Mean, standard deviation and the 95 % confidence interval (t) of scores → counts."""
    n = sum(distribution.values())
    if n == 0:
        return None
    mean = sum(s * c for s, c in distribution.items()) / n
    var = sum(c * (s - mean) ** 2 for s, c in distribution.items()) / (n - 1) if n > 1 else 0.0
    sd = math.sqrt(var)
    half = t95(n - 1) * sd / math.sqrt(n) if n > 1 else math.inf
    return Summary(n=n, mean=mean, sd=sd, low=mean - half, high=mean + half)


def safe_summary(
    distribution: dict[int, int],
    *,
    shown: Sequence[int | None],
    k: int = K_DEFAULT,
    people: int | None = None,
) -> Summary | None:
    """The summary only when at least ``k`` people answered and no cell of the published
    distribution (``shown``) is hidden: otherwise the mean would be one more equation."""
    n = sum(distribution.values())
    if n == 0 or (people if people is not None else n) < k or any(c is None for c in shown):
        return None
    return summarise(distribution)


@dataclass(frozen=True)
class Trend:
    direction: str  # "up", "down", "flat" (no clear change) or "unknown" (too few to say)
    difference: float | None
    low: float | None
    high: float | None


def trend(before: Summary | None, after: Summary | None) -> Trend:
    """The change in the mean from ``before`` to ``after`` with a 95 % interval (Welch). An
    arrow only when the interval leaves out zero; otherwise "no clear change"."""
    if before is None or after is None or before.n < 2 or after.n < 2:
        return Trend("unknown", None, None, None)
    diff = after.mean - before.mean
    va, vb = before.sd**2 / before.n, after.sd**2 / after.n
    se = math.sqrt(va + vb)
    if se == 0:
        return Trend("flat" if diff == 0 else ("up" if diff > 0 else "down"), diff, diff, diff)
    df = (va + vb) ** 2 / ((va**2 / (before.n - 1)) + (vb**2 / (after.n - 1))) if va or vb else 1
    half = t95(df) * se
    low, high = diff - half, diff + half
    direction = "up" if low > 0 else "down" if high < 0 else "flat"
    return Trend(direction, diff, low, high)
