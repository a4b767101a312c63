"""The report builder's page in the admin: who may use it, the preview, the download, and
bad input answered on the form."""

import io

import docx
import pypdf
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from pfp.moderation.models import ReviewState
from tests.factories import make_practice
from tests.moderation import cast

URL = reverse("admin:practices_practice_report")


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    settings.PFP_SITE_URL = "https://pfp.example.org"


@pytest.fixture
def practices(reference_data):
    return [
        make_practice(
            title="Diaspora bonds for infrastructure",
            themes=("diaspora",),
            targets=("17.3",),
            countries=("GH",),
        ),
        make_practice(title="Remittance price comparison website", targets=("10.c",)),
        make_practice(title="Draft remittance voucher", state=ReviewState.DRAFT, targets=("10.c",)),
    ]


@pytest.fixture
def moderator_client(client, reference_data):
    client.force_login(cast.moderator("moderator@gfmd.example.org"))
    return client


def form(**changes):
    data = {
        "title": "GFMD contribution to the 2017 HLPF",
        "year": "2017",
        "goals": ["10", "17"],
        "query": "",
        "file_format": "docx",
        "action": "build",
    }
    data.update(changes)
    return data


def test_it_shows_the_goals_with_their_official_titles(moderator_client, practices):
    response = moderator_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Build a report</h1>" in page
    assert "10. Reduce inequality within and among countries" in page
    assert 'name="goals" value="17"' in page


def test_the_practice_list_links_to_it(moderator_client, practices):
    response = moderator_client.get(reverse("admin:practices_practice_changelist"))
    assert f'href="{URL}"' in response.content.decode()


def test_the_preview_counts_the_published_practices_by_theme(moderator_client, practices):
    response = moderator_client.post(URL, form(action="preview"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "The report will hold 2 practices." in page
    assert "Remittances: 1 practice" in page
    assert "Diaspora: 1 practice" in page


def test_it_downloads_the_docx(moderator_client, practices):
    """The file holds the selected published practices with their absolute links on the
    public site (PFP_SITE_URL), and not the draft."""
    response = moderator_client.post(URL, form())
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="gfmd-contribution-to-the-2017-hlpf-2017.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Diaspora bonds for infrastructure" in paragraphs
    assert "Remittance price comparison website" in paragraphs
    assert "Draft remittance voucher" not in paragraphs
    links = [link.address for p in document.paragraphs for link in p.hyperlinks]
    assert f"https://pfp.example.org{practices[0].get_absolute_url()}" in links


def test_it_downloads_the_pdf(moderator_client, practices):
    response = moderator_client.post(URL, form(file_format="pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "GFMD contribution to the 2017 HLPF"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Remittance price comparison website" in text


def test_an_empty_selection_is_said_on_the_form_and_gives_no_file(moderator_client, practices):
    """Goal 14 has no practice: the form says so, keeps what was typed, and sends no file."""
    response = moderator_client.post(URL, form(goals=["14"], title="Oceans and migration"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "No published practice matches this selection" in page
    assert 'value="Oceans and migration"' in page


def test_a_selection_of_drafts_only_is_empty(moderator_client, practices):
    response = moderator_client.post(URL, form(goals=[], query="q=voucher"))
    assert "No published practice matches this selection" in response.content.decode()


def test_an_unknown_goal_is_a_form_error(moderator_client, practices):
    response = moderator_client.post(URL, form(goals=["10", "99"]))
    assert response.status_code == 200
    assert "There is no SDG “99”." in response.content.decode()


def test_a_selection_too_large_for_one_report_is_a_form_error(
    moderator_client, practices, monkeypatch
):
    """Past the limit the form asks for a narrower selection instead of building for minutes."""
    monkeypatch.setattr("practices.report_builder.MAX_PRACTICES", 1)
    response = moderator_client.post(URL, form())
    assert response["Content-Type"].startswith("text/html")
    assert "This selection holds 2 practices; a report holds at most 1." in (
        response.content.decode()
    )


def test_a_bad_search_is_a_form_error_naming_each_problem(moderator_client, practices):
    response = moderator_client.post(URL, form(query="theme=nope&year_to=soon"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "theme: No thematic area “nope” is known." in page
    assert "year_to: “soon” is not a year." in page
    assert 'value="theme=nope&amp;year_to=soon"' in page


@pytest.mark.parametrize(
    "changes",
    [
        {"query": "theme=remittances&" * 1000},
        {"title": "T" * 10_000},
        {"year": "99999999999999999999"},
        {"year": "soon"},
        {"goals": ["1" * 500]},
        {"goals": ["-1"]},
        {"goals": [str(n) for n in range(40)]},
        {"file_format": "xlsx"},
    ],
)
def test_hostile_input_is_a_form_error(moderator_client, practices, changes):
    response = moderator_client.post(URL, form(**changes))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'class="errorlist' in response.content.decode()


def test_a_search_narrows_the_goals(moderator_client, practices):
    response = moderator_client.post(
        URL, form(action="preview", query="https://pfp.example.org/practices/?country=GH")
    )
    assert "The report will hold 1 practice." in response.content.decode()


def test_a_visitor_is_sent_to_sign_in(client, practices):
    response = client.post(URL, form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_forged_post_by_a_focal_point_is_refused(client, practices):
    """Signed in but not staff: the admin's sign-in page, never a file."""
    client.force_login(cast.focal_point(cast.government("GH"), "focal@gh.example.org"))
    response = client.post(URL, form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_who_may_not_view_practices_are_refused(client, practices):
    user = cast.make_user("clerk@gfmd.example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403


def test_the_practices_page_offers_staff_a_report_of_its_search(moderator_client, practices):
    """The search page links staff to the form with its search filled in; the form takes it."""
    response = moderator_client.get("/practices/?theme=diaspora&sort=title")
    link = f"{URL}?query=theme%3Ddiaspora"
    assert f'href="{link}">Build a report of these practices</a>' in response.content.decode()
    form_page = moderator_client.get(link).content.decode()
    assert 'name="query" value="theme=diaspora"' in form_page


def test_visitors_and_focal_points_are_not_offered_a_report(client, practices):
    assert "Build a report" not in client.get("/practices/").content.decode()
    client.force_login(cast.focal_point(cast.government("GH"), "focal@gh.example.org"))
    assert "Build a report" not in client.get("/practices/").content.decode()
