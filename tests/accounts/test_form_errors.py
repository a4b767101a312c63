"""The sign-up and invitation forms say what to do the GOV.UK way: the error summary, each
error on its field, no browser bubbles, no "---------" choice."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_an_empty_sign_up_says_what_to_enter_on_each_field(client, ngo, partner_types):
    blank = dict.fromkeys(["first_name", "last_name", "email", "password1", "password2"], "")
    html = client.post("/accounts/signup/", blank).content.decode()
    assert "data-error-summary" in html
    assert re.search(r"<form[^>]*novalidate", html)
    for message in (
        "Enter your given name.",
        "Enter your email address.",
        "Enter a password.",
        "Enter the same password again, to check it.",
    ):
        assert html.count(message) == 2  # in the summary and on the field
    assert "This field is required." not in html
    assert "---------" not in html
    field = re.search(r'<input[^>]*id="id_first_name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and "id_first_name_error" in field


def test_a_malformed_address_gets_an_example(client, ngo, partner_types):
    html = client.post("/accounts/signup/", {"email": "ana-at-example"}).content.decode()
    assert "Enter an email address in the correct format, like name@example.org." in html
