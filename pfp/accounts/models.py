"""Users sign in with their email address; each belongs to at most one organization.

A focal point is a confirmed member of a national-government organization with the focal point
role: the only kind of user who may create practices and calls for action, and only for that
government.
"""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pfp.core.languages import Language


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    # Set when the address is proven: by the sign-up confirmation link or by accepting an
    # invitation. A confirmation link never reactivates an account that has one: staff may
    # have deactivated it since.
    email_confirmed_at = models.DateTimeField(
        _("email confirmed"), null=True, blank=True, editable=False
    )
    # Every email to the user is written in it, with links to the pages in it: set from the
    # page they signed up or accepted their invitation on, changed in their workspace.
    language = models.CharField(
        _("language of emails"),
        max_length=8,
        choices=Language,
        default=Language.ENGLISH,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    partner_type = models.ForeignKey(
        "taxonomy.PartnerType",
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("partner type"),
    )
    country = models.ForeignKey(
        "taxonomy.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("country"),
        help_text=_("Leave empty for international organizations."),
    )
    website = models.URLField(_("website"), blank=True)
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Checked by GFMD staff.")
    )
    # Kept in step with partner_type on save, so that the database can enforce one
    # national government per country (a constraint cannot follow the foreign key).
    is_national_government = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(is_national_government=True),
                name="one_national_government_per_country",
                violation_error_message=_("This country already has a national government."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.is_national_government = self.partner_type.is_national_government
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_national_government"}
        super().save(*args, **kwargs)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FOCAL_POINT = "focal_point", _("Focal point")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("A focal point acts for its government only once confirmed by GFMD staff."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} – {self.organization} ({self.get_role_display()})"

    @property
    def is_focal_point(self):
        return (
            self.confirmed
            and self.role == self.Role.FOCAL_POINT
            and self.organization.is_national_government
        )


class InvitationQuerySet(models.QuerySet):
    def with_status(self, status):
        """Invitations in one of the states of `Invitation.Status`, as `status` computes them."""
        now = timezone.now()
        unused = Q(accepted_at=None, revoked_at=None)
        scopes = {
            Invitation.Status.AWAITING_CONFIRMATION: unused & Q(sent_at=None),
            Invitation.Status.SENT: unused & Q(sent_at__isnull=False, expires_at__gt=now),
            Invitation.Status.EXPIRED: unused & Q(sent_at__isnull=False, expires_at__lte=now),
            Invitation.Status.ACCEPTED: Q(revoked_at=None, accepted_at__isnull=False),
            Invitation.Status.REVOKED: Q(revoked_at__isnull=False),
        }
        return self.filter(scopes[status])

    def open(self):
        """Usable or about to be: awaiting confirmation, or sent and not expired."""
        return self.with_status(Invitation.Status.AWAITING_CONFIRMATION) | self.with_status(
            Invitation.Status.SENT
        )


class Invitation(models.Model):
    """An invitation to act for a government as its focal point.

    GFMD staff invite; a focal point may invite a colleague of the same government, which a
    moderator must confirm before the invitation is sent. The link carries a signed token that
    expires and works once.
    """

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaits confirmation")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    email = models.EmailField(_("email address"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("government"),
        limit_choices_to={"is_national_government": True},
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role, default=Membership.Role.FOCAL_POINT
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language,
        default=Language.ENGLISH,
        help_text=_("The invitation is written in it, and the new account's emails will be."),
    )
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    needs_confirmation = models.BooleanField(
        _("awaits confirmation by GFMD staff"), default=False, editable=False
    )
    confirmed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @property
    def status(self):
        if self.revoked_at:
            return self.Status.REVOKED
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.sent_at is None:
            return self.Status.AWAITING_CONFIRMATION
        if self.is_expired:
            return self.Status.EXPIRED
        return self.Status.SENT

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_open(self):
        """Sent, or waiting to be sent, and still usable: neither accepted, revoked nor expired."""
        return self.status in {self.Status.AWAITING_CONFIRMATION, self.Status.SENT}


class JoinRequest(models.Model):
    """A partner's request to join an existing organization.

    Signing up naming an organization from the list makes an unconfirmed membership and one of
    these; the organization's confirmed members, or GFMD staff, approve or decline it. Until it
    is approved the requester acts for nothing (`roles.organization_of` is None). Kept after the
    decision as the record of who let whom in.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaits a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("organization"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, editable=False
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("request to join an organization")
        verbose_name_plural = _("requests to join an organization")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="one_pending_join_request_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user.email} → {self.organization}"
