"""The facet index: per process, one bitset of published practices per facet value.

Counting every facet value for a filtered result is then a few bitwise ANDs and popcounts
instead of one `GROUP BY` per facet: about a millisecond for 100,000 practices. Which facets
exist and how a practice reaches their values is declared in `facets`.

The index is rebuilt from the database and never drifts from it: every committed change is a
row of the change log (`changes`), and each request first takes in the rows it has not seen
yet (one small query). A row whose transaction commits late, after rows with higher ids, is
still taken in: the ids skipped over are asked for again until they appear.
"""

import threading
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.db import connection
from django.db.models import Max, Min, Q, Subquery
from django.utils.html import conditional_escape, escape

from practices.models import Practice, PracticeIndexChange

from .document import dictionary, postings
from .engine import TextIndex
from .facets import COLUMN_FACETS, DERIVED_FACETS, FACET_NAMES, FACETS, RELATION_FACETS
from .syntax import fold

# More changes than this at once, and the index is rebuilt rather than patched.
INCREMENTAL_LIMIT = 500
# Relation rows are read and applied this many at a time.
CHUNK = 20_000
# Room left for new practices when the index is built, in words of 64 practices.
SPARE_WORDS = 16
# Ids skipped over (a transaction still running, or one rolled back) asked for again at most;
# past this many, the index is rebuilt.
MAX_PENDING_GAPS = 10_000
# After a rebuild, missing ids this close below the newest are asked for as gaps.
REBUILD_GAP_WINDOW = 1_000


def _relations():
    """(facet, through model, field of the through model naming the related row)."""
    result = []
    for facet in RELATION_FACETS:
        for relation in facet.relations:
            field = Practice._meta.get_field(relation)
            result.append((facet.name, field.remote_field.through, field.m2m_reverse_field_name()))
    return result


@dataclass
class FacetValue:
    value: str  # the public identifier used in query strings
    label: str
    row: int  # row of the value's bitset in the matrix
    title: str = ""  # the whole text of a shortened label (an SDG target's)

    @cached_property
    def html(self):
        """(value, title attribute, label), escaped once for the life of the index: the filter
        panel shows hundreds of values on every page."""
        title = f' title="{escape(self.title)}"' if self.title else ""
        return escape(self.value), title, conditional_escape(self.label)


class FacetIndex:
    """Bitsets of published practices by position; one row of the matrix per facet value."""

    def __init__(self):
        self.ids = np.zeros(0, dtype=np.int64)  # practice id at each position
        self.position_of = {}
        self.alive = np.zeros(0, dtype=np.uint64)  # positions holding a published practice
        self.matrix = np.zeros((0, 0), dtype=np.uint64)
        self.values = {facet: {} for facet in FACET_NAMES}  # facet -> value -> FacetValue
        self.rows_of = {facet: [] for facet in FACET_NAMES}  # facet -> matrix rows, display order
        self.published_at = np.zeros(0, dtype=np.float64)
        self.start_year = np.zeros(0, dtype=np.int32)
        self.end_year = np.zeros(0, dtype=np.int32)
        self.titles = None  # position -> folded title, read when first sorting by title
        self.newest_order = np.zeros(0, dtype=np.int64)
        self.sorted_ids = np.zeros(0, dtype=np.int64)  # ids of published practices, sorted
        self.sorted_positions = np.zeros(0, dtype=np.int64)  # and their positions
        self._title_order = None
        self.row_of_pk = {}
        self.derived_row_of_pk = {}
        self.free_positions = []
        self.next_position = 0
        self._text_index = None
        self._text_lock = threading.Lock()
        self._terms_seen = self._words_seen = 0  # the dictionary rows taken in

    # -- sizes

    @property
    def capacity(self):
        return len(self.ids)

    @property
    def words(self):
        return self.alive.shape[0]

    def empty_mask(self):
        return np.zeros(self.words, dtype=np.uint64)

    # -- building

    def load_labels(self):
        """Every facet value that exists in the reference data, in display order, and for the
        related tables the row of each database id (a theme's id gives its row)."""
        loaded = {facet.name: facet.load() for facet in FACETS}
        row = 0
        for facet in FACETS:
            for value, label, *title in loaded[facet.name][0]:
                self.values[facet.name][value] = FacetValue(value, label, row, *title)
                self.rows_of[facet.name].append(row)
                row += 1
        self.row_of_pk = {
            facet.name: self._lookups(facet.name, loaded[facet.name][1])[0]
            for facet in RELATION_FACETS
        }
        # A target's id also gives its goal's row, a country's its region's and its
        # sub-regions', and so on: one lookup array per value an id gives.
        self.derived_row_of_pk = {}
        for facet in DERIVED_FACETS:
            self.derived_row_of_pk.setdefault(facet.derived_from, []).extend(
                self._lookups(facet.name, loaded[facet.name][1])
            )
        return row

    def _lookups(self, facet, pairs):
        """Arrays giving, for a database id, the matrix row of its value (-1 for none).

        An id with several values (a country in Sub-Saharan Africa and Western Africa) has
        its first value in the first array, its second in the second, and so on: as many
        arrays as an id has values at most, and always at least one.
        """
        size = max((pk for pk, _value in pairs), default=0) + 1
        lookups = [np.full(size, -1, dtype=np.int64)]
        taken = {}  # id -> how many of its values are placed
        for pk, value in pairs:
            entry = self.values[facet].get(value)
            if entry is None:
                continue
            layer = taken.get(pk, 0)
            taken[pk] = layer + 1
            if layer == len(lookups):
                lookups.append(np.full(size, -1, dtype=np.int64))
            lookups[layer][pk] = entry.row
        return lookups

    def build(self):
        value_rows = self.load_labels()
        columns = [facet.column for facet in COLUMN_FACETS]
        practices = list(
            Practice.objects.published()
            .order_by("id")
            .values_list("id", "published_at", "start_year", "end_year", "status", *columns)
        )
        count = len(practices)
        words_needed = max(1, (count + 63) // 64 + SPARE_WORDS)
        size = words_needed * 64
        self.ids = np.zeros(size, dtype=np.int64)
        self.alive = np.zeros(words_needed, dtype=np.uint64)
        self.matrix = np.zeros((value_rows, words_needed), dtype=np.uint64)
        self.published_at = np.zeros(size, dtype=np.float64)
        self.start_year = np.zeros(size, dtype=np.int32)
        self.end_year = np.zeros(size, dtype=np.int32)
        self.titles = None
        self._text_index = None
        self._terms_seen = self._words_seen = 0
        self.free_positions = []
        self.next_position = count
        positions = np.arange(count, dtype=np.int64)
        self.ids[:count] = [row[0] for row in practices]
        self.position_of = dict(zip(self.ids[:count].tolist(), range(count), strict=True))
        self.published_at[:count] = [row[1].timestamp() if row[1] else 0.0 for row in practices]
        self.start_year[:count] = [row[2] or 0 for row in practices]
        self.end_year[:count] = [
            row[3] or (9999 if row[4] == Practice.Status.ONGOING else row[2] or 0)
            for row in practices
        ]
        self.alive |= self.mask_of_positions(positions)
        for at, facet in enumerate(COLUMN_FACETS, start=5):
            rows = np.fromiter(
                (self._row(facet.name, row[at]) for row in practices), dtype=np.int64, count=count
            )
            self._set_bits(rows, positions)
        self._refresh_id_lookup()
        self._load_relations(None)
        self._sort()

    def _row(self, facet, value):
        entry = self.values[facet].get(str(value)) if value not in (None, "") else None
        return entry.row if entry is not None else -1

    def _place(self, practice_id, title, published_at, start, end, status):
        position = self.position_of.get(practice_id)
        if position is None:
            position = self.free_positions.pop() if self.free_positions else self._grow()
            self.position_of[practice_id] = position
        self.ids[position] = practice_id
        if self.titles is not None:
            self.titles[position] = fold(title)
        self.published_at[position] = published_at.timestamp() if published_at else 0.0
        self.start_year[position] = start or 0
        self.end_year[position] = end or (9999 if status == Practice.Status.ONGOING else start or 0)
        self.alive[position >> 6] |= np.uint64(1 << (position & 63))
        return position

    def _grow(self):
        position = self.next_position
        self.next_position += 1
        if position >= len(self.ids):
            extra = max(16, self.words)
            self.alive = np.concatenate([self.alive, np.zeros(extra, dtype=np.uint64)])
            self.matrix = np.concatenate(
                [self.matrix, np.zeros((self.matrix.shape[0], extra), dtype=np.uint64)], axis=1
            )
            more = extra * 64
            self.ids = np.concatenate([self.ids, np.zeros(more, dtype=np.int64)])
            self.published_at = np.concatenate([self.published_at, np.zeros(more)])
            self.start_year = np.concatenate([self.start_year, np.zeros(more, dtype=np.int32)])
            self.end_year = np.concatenate([self.end_year, np.zeros(more, dtype=np.int32)])
        return position

    def _set_bits(self, rows, positions):
        """Set the bit of each position in the matching row; rows of -1 are skipped."""
        keep = rows >= 0
        rows, positions = rows[keep], positions[keep]
        if rows.size:
            bits = np.left_shift(np.uint64(1), (positions & 63).astype(np.uint64))
            np.bitwise_or.at(self.matrix, (rows, positions >> 6), bits)

    def _relation_rows(self, through, column, practice_ids):
        """(practice id, related id) pairs of a relation table, as an array, in chunks."""
        if practice_ids is not None:
            pairs = through.objects.filter(practice_id__in=practice_ids).values_list(
                "practice_id", column
            )
            yield np.asarray(list(pairs), dtype=np.int64).reshape(-1, 2)
            return
        table = connection.ops.quote_name(through._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT practice_id, {connection.ops.quote_name(column)} FROM {table}")  # noqa: S608 - names from the models
            while rows := cursor.fetchmany(CHUNK):
                yield np.asarray(rows, dtype=np.int64)

    def _load_relations(self, practice_ids):
        """Set the bits of every relation of the given practices (all when None). Rows of
        practices not in the index (not published) find no position and are dropped."""
        for facet, through, field_name in _relations():
            column = through._meta.get_field(field_name).column
            tables = [self.row_of_pk[facet], *self.derived_row_of_pk.get(facet, [])]
            for pairs in self._relation_rows(through, column, practice_ids):
                if not pairs.size:
                    continue
                positions, found = self.positions_of_ids(pairs[:, 0])
                related = pairs[found, 1]
                for table in tables:
                    inside = related < table.size
                    rows = np.full(related.size, -1, dtype=np.int64)
                    rows[inside] = table[related[inside]]
                    self._set_bits(rows, positions)

    def _refresh_id_lookup(self):
        alive = self.alive_positions()
        by_id = np.argsort(self.ids[alive], kind="stable")
        self.sorted_ids = self.ids[alive][by_id]
        self.sorted_positions = alive[by_id]

    def _sort(self):
        self._refresh_id_lookup()
        alive = self.alive_positions()
        newest_keys = (-self.ids[alive], -self.published_at[alive])
        self.newest_order = alive[np.lexsort(newest_keys)]
        self._title_order = None

    @property
    def title_order(self):
        """Positions by title, computed when first asked for (titles are read then)."""
        if self._title_order is None:
            if self.titles is None:
                self.titles = {}
                for practice_id, title in Practice.objects.published().values_list("id", "title"):
                    position = self.position_of.get(practice_id)
                    if position is not None:
                        self.titles[position] = fold(title)
            alive = self.alive_positions().tolist()
            self._title_order = np.asarray(
                sorted(alive, key=lambda p: (self.titles.get(p, ""), self.ids[p])), dtype=np.int64
            )
        return self._title_order

    @property
    def text_index(self):
        """The BM25 text index over the same positions, built when first searched."""
        if self._text_index is None:
            with self._text_lock:  # one thread builds it; the others wait for it
                if self._text_index is None:
                    text_index = TextIndex()
                    documents = (
                        (self.position_of[practice_id], *analysed)
                        for practice_id, *analysed in postings(None)
                        if practice_id in self.position_of
                    )
                    text_index.build(documents, self.capacity)
                    self._take_dictionary(text_index)  # every term the postings name
                    self._text_index = text_index
        return self._text_index

    def _take_dictionary(self, text_index):
        terms, words, self._terms_seen, self._words_seen = dictionary(
            terms_after=self._terms_seen, words_after=self._words_seen
        )
        text_index.add_terms(terms)
        text_index.add_words(words)

    # -- incremental changes

    def _remove(self, practice_id):
        position = self.position_of.pop(practice_id, None)
        if position is None:
            return
        clear = ~np.uint64(1 << (position & 63))
        self.matrix[:, position >> 6] &= clear
        self.alive[position >> 6] &= clear
        self.ids[position] = 0
        self.free_positions.append(position)

    def patched_copy(self):
        """A copy to apply changes to while searches go on reading this one (gunicorn's workers
        run threads): what a change writes to in place is copied, the rest is shared."""
        import copy

        other = copy.copy(self)
        for name in ("ids", "alive", "matrix", "published_at", "start_year", "end_year"):
            setattr(other, name, getattr(self, name).copy())
        other.position_of = dict(self.position_of)
        other.free_positions = list(self.free_positions)
        if self.titles is not None:
            other.titles = dict(self.titles)
        return other

    def apply_changes(self, practice_ids):
        with self._text_lock:  # not while the text index is being built
            self._apply_changes(practice_ids)

    def _apply_changes(self, practice_ids):
        text_index = self._text_index
        if text_index is not None:
            text_index.remove([self.position_of[i] for i in practice_ids if i in self.position_of])
        for practice_id in practice_ids:
            self._remove(practice_id)
        columns = [facet.column for facet in COLUMN_FACETS]
        rows = (
            Practice.objects.published()
            .filter(id__in=practice_ids)
            .values_list(
                "id", "title", "published_at", "start_year", "end_year", "status", *columns
            )
        )
        for practice_id, title, published_at, start, end, status, *values in rows:
            position = self._place(practice_id, title, published_at, start, end, status)
            for facet, value in zip(COLUMN_FACETS, values, strict=True):
                self._set_bits(
                    np.array([self._row(facet.name, value)]), np.array([position], dtype=np.int64)
                )
        self._refresh_id_lookup()
        self._load_relations(list(practice_ids))
        self._sort()
        if text_index is not None:
            text_index.grow(self.capacity)
            rows = [
                (self.position_of[practice_id], *analysed)
                for practice_id, *analysed in postings(list(practice_ids))
                if practice_id in self.position_of
            ]
            self._take_dictionary(text_index)
            text_index.add(rows)

    # -- reading

    def alive_positions(self):
        return self.positions(self.alive)

    def positions(self, mask):
        bits = np.unpackbits(mask.view(np.uint8), bitorder="little")
        return np.flatnonzero(bits)

    def mask_of_positions(self, positions):
        mask = self.empty_mask()
        positions = np.asarray(positions, dtype=np.int64)
        if positions.size:
            bits = np.left_shift(np.uint64(1), (positions & 63).astype(np.uint64))
            np.bitwise_or.at(mask, positions >> 6, bits)
        return mask

    def positions_of_ids(self, practice_ids):
        """(positions, which of the given ids are in the index), vectorised."""
        practice_ids = np.asarray(practice_ids, dtype=np.int64)
        if not practice_ids.size or not self.sorted_ids.size:
            return np.zeros(0, dtype=np.int64), np.zeros(practice_ids.size, dtype=bool)
        at = np.searchsorted(self.sorted_ids, practice_ids)
        at = np.minimum(at, self.sorted_ids.size - 1)
        found = self.sorted_ids[at] == practice_ids
        return self.sorted_positions[at[found]], found

    def mask_of_ids(self, practice_ids):
        positions, _found = self.positions_of_ids(practice_ids)
        return self.mask_of_positions(positions)

    def facet_mask(self, facet, values):
        """Practices carrying any of the values (OR within a facet)."""
        rows = [self.values[facet][v].row for v in values if v in self.values[facet]]
        if not rows:
            return self.empty_mask()
        return np.bitwise_or.reduce(self.matrix[rows], axis=0)

    def year_mask(self, year_from, year_to):
        size = self.capacity
        keep = self.start_year[:size] > 0
        if year_to is not None:
            keep &= self.start_year[:size] <= year_to
        if year_from is not None:
            keep &= self.end_year[:size] >= year_from
        return self.mask_of_positions(np.flatnonzero(keep))

    def counts(self, facet, mask):
        """{value: number of practices in mask carrying it} for one facet."""
        rows = self.rows_of[facet]
        if not rows:
            return {}
        totals = np.bitwise_count(self.matrix[rows] & mask).sum(axis=1)
        values = list(self.values[facet].values())
        return {entry.value: int(total) for entry, total in zip(values, totals, strict=True)}

    def related(self, practice_id, limit):
        """Published practices sharing the most SDG targets and themes with this one."""
        position = self.position_of.get(practice_id)
        if position is None:
            return []
        word, bit = position >> 6, np.uint64(1 << (position & 63))
        rows = [
            row
            for facet in ("target", "theme")
            for row in self.rows_of[facet]
            if self.matrix[row, word] & bit
        ]
        if not rows:
            return []
        shared = np.unpackbits(self.matrix[rows].view(np.uint8), axis=1, bitorder="little")
        scores = shared.sum(axis=0, dtype=np.int64)
        scores[position] = 0
        # Most shared first; among equals, the newest: one key, so that only the best few
        # need sorting (a publication time fits in 2**32 seconds).
        keys = scores * 2**32 + self.published_at[: scores.size].astype(np.int64)
        keys[scores == 0] = -1
        best = min(limit, int(np.count_nonzero(scores)))
        if not best:
            return []
        top = np.argpartition(-keys, best - 1)[:best]
        top = top[np.argsort(-keys[top], kind="stable")]
        return [int(self.ids[p]) for p in top]

    def labels_of(self, practice_id, facet):
        """The labels of a facet's values that a published practice carries."""
        position = self.position_of.get(practice_id)
        if position is None:
            return []
        column = self.matrix[self.rows_of[facet], position >> 6]
        carried = (column & np.uint64(1 << (position & 63))) != 0
        entries = list(self.values[facet].values())
        return [entries[i].label for i in np.flatnonzero(carried)]

    @staticmethod
    def count(mask):
        return int(np.bitwise_count(mask).sum())

    def ordered_positions(self, mask, order):
        """Positions of the practices in mask, in the given order (an array of positions)."""
        bits = np.unpackbits(mask.view(np.uint8), bitorder="little").astype(bool)
        return order[bits[order]]

    def ordered_ids(self, mask, order):
        """Ids of the practices in mask, in the given order (an array of positions)."""
        return self.ids[self.ordered_positions(mask, order)]


class IndexHolder:
    """The process's facet index and what it has taken in of the change log.

    Every change id up to `floor` has been taken in, except the ids in `gaps`: ids skipped
    over because their transaction had not committed yet (or was rolled back). Gaps are asked
    for again on every read, however late they commit. The log's oldest row comes back with
    every read too: when it lies above an id still awaited, that id was pruned unseen and the
    index is rebuilt.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.index = None
        self.floor = 0
        self.gaps = set()
        self.rebuilds = 0

    def reset(self):
        with self.lock:
            self.index = None
            self.floor = 0
            self.gaps = set()

    def current(self):
        with self.lock:
            if self.index is None:
                self._rebuild()
                return self.index
            # The oldest row comes along, in the same query, to tell whether pruning passed us.
            oldest = PracticeIndexChange.objects.order_by("id").values("id")[:1]
            wanted = Q(id__gt=self.floor) | Q(id=Subquery(oldest))
            if self.gaps:
                wanted |= Q(id__in=sorted(self.gaps))
            rows = list(
                PracticeIndexChange.objects.filter(wanted)
                .order_by("id")
                .values_list("id", "practice_id")
            )
            if self._missed_a_pruned_change(rows):
                self._rebuild()
                return self.index
            fresh = [(cid, pid) for cid, pid in rows if cid > self.floor or cid in self.gaps]
            if not fresh:
                return self.index
            if len(fresh) > INCREMENTAL_LIMIT or any(pid is None for _cid, pid in fresh):
                self._rebuild()
                return self.index
            patched = self.index.patched_copy()
            patched.apply_changes(sorted({pid for _cid, pid in fresh}))
            self.index = patched  # searches under way finish on the copy they hold
            self._advance([cid for cid, _pid in fresh])
            if self.index is None:
                self._rebuild()
            return self.index

    def _missed_a_pruned_change(self, rows):
        if not rows:
            return False
        oldest = rows[0][0]
        awaited = [self.floor + 1, *self.gaps]
        return any(cid < oldest for cid in awaited)

    def _advance(self, taken):
        """Move the floor past the ids taken in; ids skipped over become gaps."""
        top = max(taken)
        if top - self.floor - len(taken) > MAX_PENDING_GAPS:
            self.index = None  # rebuilt on the next read rather than tracking so many ids
            return
        self.gaps.update(range(self.floor + 1, top + 1))
        self.gaps.difference_update(taken)
        self.floor = max(self.floor, top)
        if len(self.gaps) > MAX_PENDING_GAPS:
            self.index = None

    def _rebuild(self):
        bounds = PracticeIndexChange.objects.aggregate(latest=Max("id"), oldest=Min("id"))
        latest, oldest = bounds["latest"] or 0, bounds["oldest"] or 0
        index = FacetIndex()
        index.build()
        self.index = index
        self.rebuilds += 1
        self.floor = latest
        # A transaction still running when the index was read may commit below `latest`:
        # the ids missing just below it are awaited as gaps.
        start = max(oldest, latest - REBUILD_GAP_WINDOW + 1, 1)
        present = set(
            PracticeIndexChange.objects.filter(id__gte=start, id__lte=latest).values_list(
                "id", flat=True
            )
        )
        self.gaps = set(range(start, latest + 1)) - present


holder = IndexHolder()


def current_index():
    """The facet index, brought up to date with the database (one query when nothing changed)."""
    return holder.current()
