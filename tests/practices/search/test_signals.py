"""Any change to a practice, however it is made, reaches search once committed.

These tests commit for real (`transactional_db`), as a request in production does.
"""

from django.db import transaction
from django.http import QueryDict

from pfp.taxonomy.models import Country
from practices import search
from practices.models import Practice
from practices.search.index import current_index
from tests.factories import make_practice


def titles_for(text):
    index = current_index()
    result = search.run(search.parse(QueryDict(f"q={text}"), index), index)
    by_id = dict(Practice.objects.values_list("id", "title"))
    return [by_id[int(i)] for i in result.ordered_ids]


def test_an_edit_outside_the_write_paths_is_searchable_after_commit(
    transactional_db, reference_data
):
    practice = make_practice(title="Seasonal workers scheme")
    practice.title = "Circular migration scheme"
    practice.save()
    assert titles_for("circular") == ["Circular migration scheme"]
    assert titles_for("seasonal") == []


def test_a_new_country_is_searchable_after_commit(transactional_db, reference_data):
    practice = make_practice(title="Labour agreement")
    practice.lead_countries.add(Country.objects.get(code="MX"))
    assert titles_for("mexico") == ["Labour agreement"]


def test_a_rolled_back_batch_does_not_stop_later_refreshes(transactional_db, reference_data):
    practice = make_practice(title="Diaspora bonds")
    try:
        with transaction.atomic():
            practice.title = "Never saved"
            practice.save()
            raise RuntimeError
    except RuntimeError:
        pass
    with transaction.atomic():
        practice.refresh_from_db()
        practice.title = "Diaspora investment bonds"
        practice.save()
    assert titles_for("investment") == ["Diaspora investment bonds"]
