"""The report builder's page in the admin (`/admin/practices/practice/report/`).

Staff who may view practices choose a title, a year, the SDGs in focus and/or a search of
`/practices/`, see how many practices the report will hold, and download it as DOCX or PDF.
The document is built by `practices.report_builder`; this module holds the form and the thin
view that `PracticeAdmin.get_urls` mounts.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pfp.taxonomy.models import SDGGoal

from . import report_builder

PREVIEW = "preview"
BUILD = "build"


class GoalChoiceField(forms.ModelMultipleChoiceField):
    """The goals by number. A value that is no goal number is refused before the database
    sees it: a number of 500 digits overflows SQLite's integers."""

    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.title}"

    def _check_values(self, value):
        if len(value) > 17:
            raise forms.ValidationError(_("There are 17 SDGs."), code="too_many")
        for number in value:
            text = str(number)
            if not (text.isascii() and text.isdigit() and len(text) <= 2):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text[:20]},
                )
        return super()._check_values(value)


class ReportForm(forms.Form):
    title = forms.CharField(
        label=_("Report title"),
        max_length=200,
        help_text=_("On the title page, e.g. GFMD contribution to the 2017 HLPF."),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1990,
        max_value=2100,
        help_text=_("The year the report is for."),
    )
    goals = GoalChoiceField(
        label=_("SDGs in focus"),
        queryset=SDGGoal.objects.all(),
        to_field_name="number",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The report holds the practices linked to a target of any goal chosen, and lists "
            "the goals with their official titles."
        ),
        error_messages={"invalid_choice": _("There is no SDG “%(value)s”.")},
    )
    query = forms.CharField(
        label=_("Search of the practices (optional)"),
        max_length=report_builder.MAX_QUERY_STRING_LENGTH,
        required=False,
        help_text=_(
            "A search from the practices page, such as theme=remittances&country=GH, or its "
            "whole address. With goals chosen too, the report holds the practices both select."
        ),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            (report_builder.DOCX, _("Word document (DOCX)")),
            (report_builder.PDF, _("PDF")),
        ],
        initial=report_builder.DOCX,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.selection = None

    def clean(self):
        cleaned_data = super().clean()
        if "goals" not in cleaned_data or "query" not in cleaned_data:
            return cleaned_data
        selection = report_builder.select_practices(
            goals=cleaned_data["goals"], query_string=cleaned_data["query"]
        )
        for problem in selection.problems:
            self.add_error("query", forms.ValidationError(problem, code="bad_query"))
        if selection.problems:
            return cleaned_data
        self.selection = selection
        if selection.count > report_builder.MAX_PRACTICES:
            raise forms.ValidationError(
                _(
                    "This selection holds %(count)s practices; a report holds at most %(max)s. "
                    "Choose fewer goals or narrow the search."
                ),
                code="too_many",
                params={
                    "count": number_format(selection.count, force_grouping=True),
                    "max": number_format(report_builder.MAX_PRACTICES, force_grouping=True),
                },
            )
        if not selection.count:
            raise forms.ValidationError(
                _(
                    "No published practice matches this selection, so there is no report to "
                    "build: choose other goals or another search."
                ),
                code="empty",
            )
        return cleaned_data


def report_view(model_admin, request):
    """The form; "Preview" says what the report will hold, "Download" sends the file."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    action = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST":
        form = ReportForm(request.POST)
    else:
        # The practices page links here with its search ("Build a report of these practices").
        query = request.GET.get("query", "")[: report_builder.MAX_QUERY_STRING_LENGTH]
        form = ReportForm(initial={"year": timezone.localdate().year, "query": query})
    contents = None
    if form.is_valid():
        contents = report_builder.report_contents(
            selection=form.selection,
            title=form.cleaned_data["title"],
            year=form.cleaned_data["year"],
            base_url=settings.PFP_SITE_URL,
        )
        if action == BUILD:
            file_format = form.cleaned_data["file_format"]
            data = report_builder.build(contents, file_format)
            name = slugify(f"{contents.title} {contents.year}")[:80] or "report"
            response = HttpResponse(data, content_type=report_builder.CONTENT_TYPES[file_format])
            response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
            return response
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Build a report"),
        "subtitle": None,
        "opts": model_admin.opts,
        "form": form,
        "contents": contents,
        "preview_text": (
            ngettext(
                "The report will hold %(count)d practice.",
                "The report will hold %(count)d practices.",
                contents.count,
            )
            % {"count": contents.count}
            if contents
            else ""
        ),
        "has_view_permission": True,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/practices/report.html", context)
