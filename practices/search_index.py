"""Keeping search in step with the practices: search columns, the change log, the facet index.

The facet index holds, per process, one bitset of published practices per facet value
(a theme, a target, a country …). Counting every facet value for a filtered result is then a
few bitwise ANDs and popcounts instead of one `GROUP BY` per facet: about a millisecond for
100,000 practices. The index is rebuilt from the database and never drifts from it: every
change to a practice appends a row to `PracticeIndexChange` in the same transaction, and each
request first takes in the rows it has not seen yet (one small query).
"""

import itertools
import threading
import time
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.db.models import Max

from pfp.moderation.models import ReviewState

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
        self.titles = []
        self.newest_order = np.zeros(0, dtype=np.int64)
        self.sorted_ids = np.zeros(0, dtype=np.int64)  # ids of published practices, sorted
        self.sorted_positions = np.zeros(0, dtype=np.int64)  # and their positions
        self.title_order = np.zeros(0, dtype=np.int64)
        self.goal_of_target = {}
        self.region_of_country = {}
        self.summit_of_roundtable = {}

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
        """Every facet value that exists in the reference data, in display order."""
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
        labels["theme"] = [(t.slug, t.name) for t in ThematicArea.objects.all()]
        labels["goal"] = [
            (str(g.number), f"{g.number}. {g.short_title}") for g in SDGGoal.objects.all()
        ]
        targets = list(SDGTarget.objects.values_list("code", "goal__number"))
        labels["target"] = [(code, code) for code, _goal in targets]
        self.goal_of_target = {code: str(goal) for code, goal in targets}
        labels["gcm"] = [
            (str(o.number), f"{o.number}. {o.short_name}") for o in GCMObjective.objects.all()
        ]
        countries = list(Country.objects.all())
        countries.sort(key=lambda c: fold(c.display_name))
        labels["country"] = [(c.code.code, c.display_name) for c in countries]
        self.region_of_country = {c.code.code: c.region_slug for c in countries if c.region_slug}
        regions = sorted({(c.region_slug, c.region) for c in countries if c.region_slug})
        labels["region"] = regions
        labels["summit"] = [
            (str(s.year), str(s))
            for s in Summit.objects.select_related("chair_country").order_by("year")
        ]
        roundtables = list(Roundtable.objects.select_related("summit"))
        labels["roundtable"] = [(r.identifier, str(r)) for r in roundtables]
        self.summit_of_roundtable = {r.identifier: str(r.summit.year) for r in roundtables}
        labels["partner_type"] = [(p.slug, p.name) for p in PartnerType.objects.all()]
        labels["type"] = [(str(v), str(label)) for v, label in Practice.Type.choices]
        labels["status"] = [(str(v), str(label)) for v, label in Practice.Status.choices]
        row = 0
        for facet in FACETS:
            for value, label in labels[facet]:
                self.values[facet][value] = FacetValue(value=value, label=label, row=row)
                self.rows_of[facet].append(row)
                row += 1
        return row

    def build(self):
        value_rows = self.load_labels()
        practices = list(
            Practice.objects.published()
            .order_by("id")
            .values_list(
                "id", "title", "published_at", "start_year", "end_year", "status", "practice_type"
            )
        )
        count = len(practices)
        words_needed = max(1, (count + 63) // 64 + 16)
        self.ids = np.zeros(words_needed * 64, dtype=np.int64)
        self.alive = np.zeros(words_needed, dtype=np.uint64)
        self.matrix = np.zeros((value_rows, words_needed), dtype=np.uint64)
        self.published_at = np.zeros(words_needed * 64, dtype=np.float64)
        self.start_year = np.zeros(words_needed * 64, dtype=np.int32)
        self.end_year = np.zeros(words_needed * 64, dtype=np.int32)
        self.titles = [""] * (words_needed * 64)
        self.position_of = {}
        self.free_positions = []
        self.next_position = 0
        for practice_id, title, published_at, start, end, status, practice_type in practices:
            position = self._place(practice_id, title, published_at, start, end, status)
            self._set(position, "type", practice_type)
            self._set(position, "status", status)
        self._load_relations(None)
        self._sort()

    def _place(self, practice_id, title, published_at, start, end, status):
        position = self.position_of.get(practice_id)
        if position is None:
            position = self.free_positions.pop() if self.free_positions else self._grow()
            self.position_of[practice_id] = position
        self.ids[position] = practice_id
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
            self.titles.extend([""] * more)
        return position

    def _set(self, position, facet, value):
        entry = self.values[facet].get(str(value)) if value not in (None, "") else None
        if entry is not None:
            self.matrix[entry.row, position >> 6] |= np.uint64(1 << (position & 63))

    def _set_many(self, facet, pairs, derived=None):
        """Set bits for (practice id, value) pairs in bulk, a chunk at a time so that a full
        build never holds all the relation rows at once. `derived` = (facet, mapping) sets a
        second facet from the first's value (a target gives its goal)."""
        pairs = iter(pairs)
        while chunk := list(itertools.islice(pairs, CHUNK)):
            rows, positions = [], []
            for practice_id, value in chunk:
                position = self.position_of.get(practice_id)
                if position is None:
                    continue
                entry = self.values[facet].get(str(value))
                if entry is not None:
                    rows.append(entry.row)
                    positions.append(position)
                if derived is not None:
                    derived_facet, mapping = derived
                    entry = self.values[derived_facet].get(mapping.get(str(value), ""))
                    if entry is not None:
                        rows.append(entry.row)
                        positions.append(position)
            if rows:
                positions = np.asarray(positions, dtype=np.int64)
                bits = np.left_shift(np.uint64(1), (positions & 63).astype(np.uint64))
                np.bitwise_or.at(self.matrix, (np.asarray(rows), positions >> 6), bits)

    def _load_relations(self, practice_ids):
        published = {"practice__review_state": ReviewState.PUBLISHED}
        if practice_ids is not None:
            published["practice_id__in"] = practice_ids

        def pairs(through, value_path):
            return (
                through.objects.filter(**published)
                .values_list("practice_id", value_path)
                .iterator(chunk_size=CHUNK)
            )

        through = Practice.thematic_areas.through
        self._set_many("theme", pairs(through, "thematicarea__slug"))
        self._set_many(
            "target",
            pairs(Practice.sdg_targets.through, "sdgtarget__code"),
            derived=("goal", self.goal_of_target),
        )
        self._set_many("gcm", pairs(Practice.gcm_objectives.through, "gcmobjective__number"))
        for through in (Practice.lead_countries.through, Practice.other_countries.through):
            self._set_many(
                "country",
                pairs(through, "country__code"),
                derived=("region", self.region_of_country),
            )
        self._set_many(
            "roundtable",
            pairs(PracticeRoundtable, "roundtable__identifier"),
            derived=("summit", self.summit_of_roundtable),
        )
        self._set_many("partner_type", pairs(Practice.partner_types.through, "partnertype__slug"))

    def _sort(self):
        alive = self.alive_positions()
        by_id = np.argsort(self.ids[alive], kind="stable")
        self.sorted_ids = self.ids[alive][by_id]
        self.sorted_positions = alive[by_id]
        newest_keys = (-self.published_at[alive], -self.ids[alive])
        self.newest_order = alive[np.lexsort(newest_keys)]
        self.title_order = np.asarray(
            sorted(
                alive.tolist(), key=lambda position: (self.titles[position], self.ids[position])
            ),
            dtype=np.int64,
        )

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
            self._set(position, "type", practice_type)
            self._set(position, "status", status)
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
        scores = shared.sum(axis=0, dtype=np.int32)
        scores[position] = 0
        candidates = np.flatnonzero(scores)
        if not candidates.size:
            return []
        # Most shared first; among equals, the newest.
        order = np.lexsort((-self.published_at[candidates], -scores[candidates]))
        return [int(self.ids[p]) for p in candidates[order[:limit]]]

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
                self.index.apply_changes(sorted({pid for _cid, pid in fresh}))
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
