"""Reads of the accounts app that the views and forms share."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import Invitation, JoinRequest, Organization


def organizations_open_to_partners(user=None):
    """Organizations a partner may name as theirs: verified non-government ones, and their own."""
    scope = Q(verified=True)
    if user is not None and user.is_authenticated:
        scope |= Q(memberships__user=user)
    return (
        Organization.objects.filter(is_national_government=False)
        .filter(scope)
        .select_related("country", "partner_type")
        .distinct()
        .order_by("name")
    )


def invitations_of_government(government):
    return (
        Invitation.objects.filter(organization=government)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def user_with_email(email):
    return get_user_model().objects.filter(email__iexact=email).select_related("membership").first()


def join_requests_to_decide(organization):
    """Requests to join the organization that await a decision, from proven addresses only."""
    return (
        JoinRequest.objects.filter(
            organization=organization,
            status=JoinRequest.Status.PENDING,
            user__is_active=True,
            user__email_confirmed_at__isnull=False,
        )
        .select_related("user")
        .order_by("created_at")
    )


def confirmed_member_emails(organization):
    return sorted(
        get_user_model()
        .objects.filter(
            is_active=True, membership__organization=organization, membership__confirmed=True
        )
        .values_list("email", flat=True)
    )
