"""The search variants as search reads them: `equivalents()`.

Built once per process from the `SearchVariant` table and kept until the public generation
moves (`pfp.core.generation`): every save or delete of a variant moves it
(`signals.watch_public_model`), in the same transaction, so that a change staff make in the
admin is used by the next search in every process. The generation is read at most once per
request (one primary-key query, whatever the size of the table); outside a request (the
worker, a shell), at each call.
"""

import threading
from types import MappingProxyType

from django.core.signals import request_finished, request_started

from pfp.core import generation
from pfp.core.folding import fold_term

from .models import SearchVariant, stored_terms

EMPTY = MappingProxyType({})


class _Cache:
    def __init__(self):
        self.lock = threading.Lock()
        # (generation, mapping), replaced whole so that a reader never sees half an update
        self.state = (None, EMPTY)
        # The generation read in the request this thread is serving, if it is serving one.
        self.request = threading.local()

    def reset(self):
        with self.lock:
            self.state = (None, EMPTY)
            self.request.active = False
            self.request.generation = None


_cache = _Cache()


def _request_started(**kwargs):
    _cache.request.active = True
    _cache.request.generation = None


def _request_finished(**kwargs):
    _cache.request.active = False
    _cache.request.generation = None


request_started.connect(_request_started, dispatch_uid="pfp-variants-request-started")
request_finished.connect(_request_finished, dispatch_uid="pfp-variants-request-finished")


def _current_generation():
    state = _cache.request
    if getattr(state, "active", False):
        if state.generation is None:
            state.generation = generation.current()
        return state.generation
    return generation.current()


def build_equivalents(variants):
    """{folded term: frozenset of folded terms it also finds} for these variants.

    Each term of a group finds the group's other terms and its one-way terms; a one-way term
    finds nothing by this group. Groups add up: a term in several groups finds what each
    gives it. There is no chaining from one group to the next, so that a demonym's country
    never comes to find the demonym through another group.
    """
    found = {}
    for terms, also_finds in variants:
        group = {fold_term(term) for term in terms} - {""}
        targets = {fold_term(term) for term in also_finds} - {""}
        for term in group:
            found.setdefault(term, set()).update((group | targets) - {term})
    return MappingProxyType({term: frozenset(others) for term, others in found.items() if others})


def equivalents():
    """{folded term: frozenset of the folded terms a search for it also finds}, from the
    variants in use. Read-only; the same object until the variants (or anything public)
    change. Terms are folded by `pfp.core.folding.fold_term`, as search must fold its query.
    """
    now = _current_generation()
    cached_generation, mapping = _cache.state
    if cached_generation == now:
        return mapping
    with _cache.lock:
        cached_generation, mapping = _cache.state
        if cached_generation != now:
            # Read after the generation: a change committed in between is read now and read
            # again at the next generation, never missed.
            rows = SearchVariant.objects.filter(is_active=True).values_list("terms", "also_finds")
            mapping = build_equivalents(
                (stored_terms(terms), stored_terms(also)) for terms, also in rows
            )
            _cache.state = (now, mapping)
        return mapping


def reset():
    """Forget the mapping and any request in progress: the next call reads the table (tests
    roll back what they wrote, generation included, which a running process never sees)."""
    _cache.reset()
