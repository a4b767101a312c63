"""The call form and the offer form: errors the GOV.UK way, and the day-month-year date input."""

import datetime

import pytest
from django import forms

from calls_for_action.forms import CallForm, DateInputField, OfferForm
from calls_for_action.models import CallForAction, Offer
from tests.calls_for_action import cast


class DeadlineForm(forms.Form):
    deadline = DateInputField(
        label="Deadline",
        noun="the deadline",
        future=True,
        error_messages={"required": "Enter the deadline."},
    )


def deadline_errors(day, month, year):
    form = DeadlineForm({"deadline_0": day, "deadline_1": month, "deadline_2": year})
    form.is_valid()
    return form.errors.get("deadline")


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "Enter the deadline."),
        ("", "3", "2099", "The deadline must include a day."),
        ("31", "", "2099", "The deadline must include a month."),
        ("31", "3", "", "The deadline must include a year."),
        ("31", "2", "2099", "The deadline must be a real date."),
        ("31", "13", "2099", "The deadline must be a real date."),
        ("1", "3", "99", "The deadline must be a real date."),
        ("x", "3", "2099", "The deadline must be a real date."),
        ("-1", "3", "2099", "The deadline must be a real date."),
        ("1", "1", "2000", "The deadline must be today or in the future."),
        # Typed or forged past the inputs' length: a message, never a server error.
        ("9" * 30, "3", "2099", "The deadline must be a real date."),
        ("1", "9" * 30, "2099", "The deadline must be a real date."),
    ],
)
def test_the_date_input_says_what_to_fix(day, month, year, error):
    assert deadline_errors(day, month, year) == [error]


def test_the_date_input_takes_a_real_date_today_or_later():
    today = cast.in_days(0)
    form = DeadlineForm(cast.date_data("deadline", today))
    assert form.is_valid()
    assert form.cleaned_data["deadline"] == today
    form = DeadlineForm({"deadline_0": " 05 ", "deadline_1": "03", "deadline_2": "2099"})
    assert form.is_valid()
    assert form.cleaned_data["deadline"] == datetime.date(2099, 3, 5)


def test_the_date_input_is_three_labelled_inputs_in_a_fieldset(owner):
    html = CallForm()["deadline"].as_widget()
    for part, label in [("0", "Day"), ("1", "Month"), ("2", "Year")]:
        assert f'<label for="id_deadline_{part}">{label}</label>' in html
        assert f'id="id_deadline_{part}"' in html
    assert 'inputmode="numeric"' in html
    assert 'type="date"' not in html


def test_the_date_input_keeps_what_was_typed():
    form = DeadlineForm({"deadline_0": "31", "deadline_1": "2", "deadline_2": "2099"})
    assert not form.is_valid()
    html = str(form["deadline"])
    assert 'value="31"' in html and 'value="2"' in html and 'value="2099"' in html
    assert 'aria-invalid="true"' in html


def test_the_date_input_shows_a_saved_date(owner):
    call = cast.draft_call(owner, deadline=datetime.date(2099, 3, 31))
    html = str(CallForm(instance=call)["deadline"])
    assert 'value="31"' in html and 'value="3"' in html and 'value="2099"' in html


def test_the_offer_form_has_no_blank_kind_and_none_preselected(reference_data):
    form = OfferForm()
    assert [value for value, _label in form.fields["kind"].choices] == Offer.Kind.values
    html = str(form["kind"])
    assert "---------" not in html
    assert "checked" not in html


def test_the_offer_form_asks_to_select_a_kind():
    form = OfferForm(cast.offer_fields(kind=""))
    assert not form.is_valid()
    assert form.errors["kind"] == ["Select the kind of offer your organization makes."]


def test_a_new_call_has_no_kind_preselected(owner):
    html = str(CallForm()["kind"])
    assert "---------" not in html
    assert "checked" not in html
    call = cast.draft_call(owner, kind="seeking-funding")
    assert 'id="id_kind_1" checked' in str(CallForm(instance=call)["kind"])


def test_the_call_form_asks_to_select_a_kind(owner):
    form = CallForm(cast.call_form_data(kind=""))
    assert not form.is_valid()
    assert form.errors["kind"] == ["Select the kind of call."]
    assert list(CallForAction.Kind.values) == [v for v, _l in form.fields["kind"].choices]
