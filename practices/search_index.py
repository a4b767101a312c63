"""Keeping search in step with the practices: search columns, the change log, the facet index.

The facet index holds, per process, one bitset of published practices per facet value
(a theme, a target, a country …). Counting every facet value for a filtered result is then a
few bitwise ANDs and popcounts instead of one `GROUP BY` per facet: about a millisecond for
100,000 practices. The index is rebuilt from the database and never drifts from it: every
change to a practice appends a row to `PracticeIndexChange` in the same transaction, and each
request first takes in the rows it has not seen yet (one small query).
"""

import threading
import time
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.db.models import Max

from .models import Practice, PracticeIndexChange, PracticeRoundtable, SearchTerm
from .search_text import fold, words

BODY_FIELDS = [
    "description",
    "objectives",
    "implementation",
    "results",
    "enabling_factors",
    "sustainability",
    "lessons_learned",
    "other_gfmd_sources",
]
# More changes than this at once, and the index is rebuilt rather than patched.
INCREMENTAL_LIMIT = 500
# Relation rows are read and applied this many at a time.
CHUNK = 20_000
# A gap in the change log (a transaction still running, or rolled back) is waited for this long.
GAP_TIMEOUT_SECONDS = 30


# --- search columns ------------------------------------------------------------------------


def build_search_document(*, title, summary, body_parts, names):
    return fold(" ".join([title, summary, *body_parts, *names]))


_NAMES_SQL = """concat_ws(' ',
        (SELECT string_agg(c.name, ' ') FROM practices_practice_lead_countries AS x
            JOIN taxonomy_country AS c ON c.id = x.country_id WHERE x.practice_id = p.id),
        (SELECT string_agg(c.name, ' ') FROM practices_practice_other_countries AS x
            JOIN taxonomy_country AS c ON c.id = x.country_id WHERE x.practice_id = p.id),
        (SELECT string_agg(o.name, ' ') FROM practices_practice_partner_organizations AS x
            JOIN accounts_organization AS o ON o.id = x.organization_id
            WHERE x.practice_id = p.id),
        (SELECT string_agg(t.name, ' ') FROM taggit_taggeditem AS x
            JOIN taggit_tag AS t ON t.id = x.tag_id
            WHERE x.object_id = p.id AND x.content_type_id = %s))"""

# The entries of published practices: `%(where)s` selects which practices.
POSTGRES_ENTRY_SQL = (
    """
INSERT INTO practices_practicesearchentry (practice_id, title_vector, summary_vector, vector)
SELECT p.id,
    to_tsvector('english', unaccent(p.title)),
    to_tsvector('english', unaccent(p.summary)),
    setweight(to_tsvector('english', unaccent(p.title)), 'A')
    || setweight(to_tsvector('english', unaccent(p.summary)), 'B')
    || setweight(to_tsvector('english', unaccent(concat_ws(' ', p.description, p.objectives,
        p.implementation, p.results, p.enabling_factors, p.sustainability, p.lessons_learned,
        p.other_gfmd_sources))), 'C')
    || setweight(to_tsvector('english', unaccent("""
    + _NAMES_SQL
    + """)), 'D')
FROM practices_practice AS p
WHERE p.review_state = 'published' AND %(where)s
"""
)


def _names_by_practice(ids):
    """Country, organization and keyword names of each practice, for its search document."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    names = {practice_id: [] for practice_id in ids}
    through = Practice.lead_countries.through
    for practice_id, name in through.objects.filter(practice_id__in=ids).values_list(
        "practice_id", "country__name"
    ):
        names[practice_id].append(name)
    through = Practice.other_countries.through
    for practice_id, name in through.objects.filter(practice_id__in=ids).values_list(
        "practice_id", "country__name"
    ):
        names[practice_id].append(name)
    through = Practice.partner_organizations.through
    for practice_id, name in through.objects.filter(practice_id__in=ids).values_list(
        "practice_id", "organization__name"
    ):
        names[practice_id].append(name)
    content_type = ContentType.objects.get_for_model(Practice)
    for practice_id, name in TaggedItem.objects.filter(
        content_type=content_type, object_id__in=ids
    ).values_list("object_id", "tag__name"):
        names[practice_id].append(name)
    return names


def refresh_search_columns(practice_ids):
    """Recompute the search document (and on PostgreSQL the weighted vector) of practices."""
    ids = list(practice_ids)
    if not ids:
        return
    from django.contrib.contenttypes.models import ContentType

    names = _names_by_practice(ids)
    practices = list(
        Practice.objects.filter(id__in=ids).only("id", "title", "summary", *BODY_FIELDS)
    )
    lexicon = set()
    for practice in practices:
        practice.search_document = build_search_document(
            title=practice.title,
            summary=practice.summary,
            body_parts=[getattr(practice, name) for name in BODY_FIELDS],
            names=names[practice.id],
        )
        lexicon.update(words(" ".join([practice.title, practice.summary, *names[practice.id]])))
    Practice.objects.bulk_update(practices, ["search_document"], batch_size=500)
    add_search_terms(lexicon)
    if connection.vendor == "postgresql":
        content_type = ContentType.objects.get_for_model(Practice)
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM practices_practicesearchentry WHERE practice_id = ANY(%s)", [ids]
            )
            cursor.execute(
                POSTGRES_ENTRY_SQL.replace("%(where)s", "p.id = ANY(%s)"), [content_type.id, ids]
            )


def refresh_all_search_vectors():
    """On PostgreSQL, rebuild every search entry in one statement (after a bulk load)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Practice)
    with connection.cursor() as cursor:
        # DELETE rather than TRUNCATE: TRUNCATE is refused inside a transaction that has
        # deferred constraint checks pending (a bulk load in progress, or a test).
        cursor.execute("DELETE FROM practices_practicesearchentry")
        cursor.execute(POSTGRES_ENTRY_SQL.replace("%(where)s", "TRUE"), [content_type.id])
        cursor.execute("ANALYZE practices_practicesearchentry")


def add_search_terms(lexicon):
    terms = [
        SearchTerm(word=word) for word in lexicon if 3 <= len(word) <= 100 and not word.isdigit()
    ]
    SearchTerm.objects.bulk_create(terms, ignore_conflicts=True, batch_size=1000)


# --- the change log ------------------------------------------------------------------------


def record_changes(practice_ids):
    """Note, inside the current transaction, that these practices changed."""
    PracticeIndexChange.objects.bulk_create(
        [PracticeIndexChange(practice_id=practice_id) for practice_id in set(practice_ids)]
    )


# A change log row with this practice id changes no practice: other public content (a call,
# a meeting) changed, and cached public pages must be dropped all the same.
PUBLIC_CONTENT = 0


def record_public_change():
    """Note that public content other than practices changed: moves the generation that
    cached pages are keyed on, without touching the facet index."""
    PracticeIndexChange.objects.create(practice_id=PUBLIC_CONTENT)


def record_full_rebuild():
    """Note that reference data changed: every process rebuilds its index."""
    PracticeIndexChange.objects.create(practice_id=None)


def practices_changed(practice_ids):
    """After a write path changed practices: refresh their search columns and log the change."""
    ids = list(practice_ids)
    with transaction.atomic():
        refresh_search_columns(ids)
        record_changes(ids)


# --- the facet index -----------------------------------------------------------------------

FACETS = [
    "theme",
    "goal",
    "target",
    "gcm",
    "country",
    "region",
    "summit",
    "roundtable",
    "partner_type",
    "type",
    "status",
]


# Facets read from relation tables: (facet, table, the field naming the related row). A
# target also gives its goal, a country its region, a roundtable its summit.
RELATIONS = [
    ("theme", Practice.thematic_areas.through, "thematicarea"),
    ("target", Practice.sdg_targets.through, "sdgtarget"),
    ("gcm", Practice.gcm_objectives.through, "gcmobjective"),
    ("country", Practice.lead_countries.through, "country"),
    ("country", Practice.other_countries.through, "country"),
    ("roundtable", PracticeRoundtable, "roundtable"),
    ("partner_type", Practice.partner_types.through, "partnertype"),
]


@dataclass
class FacetValue:
    value: str  # the public identifier used in query strings
    label: str
    row: int  # row of the value's bitset in the matrix


class FacetIndex:
    """Bitsets of published practices by position; one row of the matrix per facet value."""

    def __init__(self):
        self.ids = np.zeros(0, dtype=np.int64)  # practice id at each position
        self.position_of = {}
        self.alive = np.zeros(0, dtype=np.uint64)  # positions holding a published practice
        self.matrix = np.zeros((0, 0), dtype=np.uint64)
        self.values = {facet: {} for facet in FACETS}  # facet -> value -> FacetValue
        self.rows_of = {facet: [] for facet in FACETS}  # facet -> matrix rows, display order
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
        from pfp.taxonomy.models import (
            Country,
            GCMObjective,
            PartnerType,
            Roundtable,
            SDGGoal,
            SDGTarget,
            Summit,
            ThematicArea,
        )

        labels = {facet: [] for facet in FACETS}
        keyed = {facet: [] for facet in FACETS}  # facet -> [(database id, value)]
        derived = {}  # facet -> [(database id, derived value)]
        for theme in ThematicArea.objects.all():
            labels["theme"].append((theme.slug, theme.name))
            keyed["theme"].append((theme.pk, theme.slug))
        labels["goal"] = [
            (str(g.number), f"{g.number}. {g.short_title}") for g in SDGGoal.objects.all()
        ]
        targets = list(SDGTarget.objects.values_list("pk", "code", "goal__number"))
        labels["target"] = [(code, code) for _pk, code, _goal in targets]
        keyed["target"] = [(pk, code) for pk, code, _goal in targets]
        derived["target"] = ("goal", [(pk, str(goal)) for pk, _code, goal in targets])
        labels["gcm"] = [
            (str(o.number), f"{o.number}. {o.short_name}") for o in GCMObjective.objects.all()
        ]
        keyed["gcm"] = [(o.pk, str(o.number)) for o in GCMObjective.objects.all()]
        countries = list(Country.objects.all())
        countries.sort(key=lambda c: fold(c.display_name))
        labels["country"] = [(c.code.code, c.display_name) for c in countries]
        keyed["country"] = [(c.pk, c.code.code) for c in countries]
        derived["country"] = ("region", [(c.pk, c.region_slug) for c in countries])
        labels["region"] = sorted({(c.region_slug, c.region) for c in countries if c.region_slug})
        labels["summit"] = [
            (str(s.year), str(s))
            for s in Summit.objects.select_related("chair_country").order_by("year")
        ]
        roundtables = list(Roundtable.objects.select_related("summit"))
        labels["roundtable"] = [(r.identifier, str(r)) for r in roundtables]
        keyed["roundtable"] = [(r.pk, r.identifier) for r in roundtables]
        derived["roundtable"] = ("summit", [(r.pk, str(r.summit.year)) for r in roundtables])
        for kind in PartnerType.objects.all():
            labels["partner_type"].append((kind.slug, kind.name))
            keyed["partner_type"].append((kind.pk, kind.slug))
        labels["type"] = [(str(v), str(label)) for v, label in Practice.Type.choices]
        labels["status"] = [(str(v), str(label)) for v, label in Practice.Status.choices]
        row = 0
        for facet in FACETS:
            for value, label in labels[facet]:
                self.values[facet][value] = FacetValue(value=value, label=label, row=row)
                self.rows_of[facet].append(row)
                row += 1
        self.row_of_pk = {
            facet: self._lookup(facet, pairs) for facet, pairs in keyed.items() if pairs
        }
        self.derived_row_of_pk = {
            facet: (other, self._lookup(other, pairs)) for facet, (other, pairs) in derived.items()
        }
        return row

    def _lookup(self, facet, pairs):
        """An array giving, for a database id, the matrix row of its value (-1 for none)."""
        size = max((pk for pk, _value in pairs), default=0) + 1
        lookup = np.full(size, -1, dtype=np.int64)
        for pk, value in pairs:
            entry = self.values[facet].get(value)
            if entry is not None:
                lookup[pk] = entry.row
        return lookup

    def build(self):
        value_rows = self.load_labels()
        practices = list(
            Practice.objects.published()
            .order_by("id")
            .values_list("id", "published_at", "start_year", "end_year", "status", "practice_type")
        )
        count = len(practices)
        words_needed = max(1, (count + 63) // 64 + 16)
        size = words_needed * 64
        self.ids = np.zeros(size, dtype=np.int64)
        self.alive = np.zeros(words_needed, dtype=np.uint64)
        self.matrix = np.zeros((value_rows, words_needed), dtype=np.uint64)
        self.published_at = np.zeros(size, dtype=np.float64)
        self.start_year = np.zeros(size, dtype=np.int32)
        self.end_year = np.zeros(size, dtype=np.int32)
        self.titles = None
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
        for facet, column in (("status", 4), ("type", 5)):
            rows = np.fromiter(
                (self._row(facet, row[column]) for row in practices), dtype=np.int64, count=count
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
        for facet, through, field_name in RELATIONS:
            column = through._meta.get_field(field_name).column
            lookup = self.row_of_pk.get(facet)
            derived_facet, derived_lookup = self.derived_row_of_pk.get(facet, (None, None))
            for pairs in self._relation_rows(through, column, practice_ids):
                if not pairs.size:
                    continue
                positions, found = self.positions_of_ids(pairs[:, 0])
                related = pairs[found, 1]
                for table in (lookup, derived_lookup):
                    if table is None:
                        continue
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

    def apply_changes(self, practice_ids):
        for practice_id in practice_ids:
            self._remove(practice_id)
        rows = (
            Practice.objects.published()
            .filter(id__in=practice_ids)
            .values_list(
                "id", "title", "published_at", "start_year", "end_year", "status", "practice_type"
            )
        )
        for practice_id, title, published_at, start, end, status, practice_type in rows:
            position = self._place(practice_id, title, published_at, start, end, status)
            for facet, value in (("type", practice_type), ("status", status)):
                self._set_bits(
                    np.array([self._row(facet, value)]), np.array([position], dtype=np.int64)
                )
        self._refresh_id_lookup()
        self._load_relations(list(practice_ids))
        self._sort()

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


class _IndexHolder:
    """The process's facet index and what it has seen of the change log."""

    def __init__(self):
        self.lock = threading.Lock()
        self.index = None
        self.floor = 0  # every change with an id up to here has been taken in
        self.seen = set()  # ids above the floor already taken in
        self.gap_since = None

    def reset(self):
        with self.lock:
            self.index = None
            self.floor = 0
            self.seen = set()
            self.gap_since = None

    def current(self):
        with self.lock:
            if self.index is None:
                self._rebuild()
                return self.index
            changes = list(
                PracticeIndexChange.objects.filter(id__gt=self.floor)
                .order_by("id")
                .values_list("id", "practice_id")
            )
            fresh = [(cid, pid) for cid, pid in changes if cid not in self.seen]
            if fresh:
                if len(fresh) > INCREMENTAL_LIMIT or any(pid is None for _cid, pid in fresh):
                    self._rebuild()
                    return self.index
                changed = sorted({pid for _cid, pid in fresh if pid != PUBLIC_CONTENT})
                if changed:
                    self.index.apply_changes(changed)
                self.seen.update(cid for cid, _pid in fresh)
            self._advance_floor()
            return self.index

    def _rebuild(self):
        latest = PracticeIndexChange.objects.aggregate(latest=Max("id"))["latest"] or 0
        index = FacetIndex()
        index.build()
        self.index = index
        self.floor = latest
        self.seen = set()
        self.gap_since = None

    def _advance_floor(self):
        while self.floor + 1 in self.seen:
            self.floor += 1
            self.seen.discard(self.floor)
        if not self.seen:
            self.gap_since = None
            return
        # A missing id is a transaction not yet committed, or one rolled back: wait a little,
        # then stop waiting for it.
        now = time.monotonic()
        if self.gap_since is None:
            self.gap_since = now
        elif now - self.gap_since > GAP_TIMEOUT_SECONDS:
            self.floor = max(self.seen)
            self.seen = set()
            self.gap_since = None

    @property
    def generation(self):
        return (self.floor, len(self.seen))


holder = _IndexHolder()


def current_index():
    """The facet index, brought up to date with the database (one query when nothing changed)."""
    return holder.current()
