"""One user table for every role, each account scoped to what it acts for.

A person logs in with different identifiers depending on the role (OM ID +
username, maintainer ID, e-mail...). Each login mode builds the same unique
``login_key`` from what was typed, so one authentication backend, one lockout
record (django-axes) and one password policy serve them all.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INSTITUTION = "institution", _("Intézményi felhasználó")
    DISTRICT = "district", _("Tankerületi felhasználó")
    MASTER = "master", _("Mesterjelszó")
    MAINTAINER = "maintainer", _("Fenntartó")
    OFFICE = "office", _("Oktatási Hivatal ügyintéző")
    NOTARY = "notary", _("Jegyző")
    TRAINING_OFFICE = "training_office", _("ASP oktatási ügyintéző")
    LEARNER = "learner", _("Beiskolázott felhasználó")


EMAIL_KINDS = frozenset({Kind.NOTARY, Kind.TRAINING_OFFICE, Kind.LEARNER})


def login_key_for(*, kind: str, scope: str = "", username: str = "") -> str:
    """The unique key a login mode authenticates against.

    ``scope`` is the OM ID (institution, master), the maintainer ID (district,
    maintainer) or empty; ``username`` is the name typed, or the e-mail.
    Usernames are case-insensitive, like the e-mail addresses they often are.
    """
    if kind in EMAIL_KINDS:
        return f"email:{username.strip().lower()}"
    parts = [str(kind), scope.strip(), username.strip().lower()]
    return ":".join(part for part in parts if part)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, *, kind: str, password: str | None = None, **fields):
        scope = fields.pop("scope", "")
        fields.setdefault(
            "login_key", login_key_for(kind=kind, scope=scope, username=fields.get("username", ""))
        )
        user = self.model(kind=kind, **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, login_key: str, password: str, **fields):
        fields.update(is_staff=True, is_superuser=True, login_key=login_key)
        fields.setdefault("username", login_key.split(":")[-1])
        return self.create_user(kind=Kind.OFFICE, password=password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    login_key = models.CharField(_("belépési kulcs"), max_length=300, unique=True)
    kind = models.CharField(_("szerep"), max_length=20, choices=Kind.choices)
    username = models.CharField(_("felhasználónév"), max_length=150, blank=True)
    full_name = models.CharField(_("név"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail cím"), blank=True)
    institution = models.ForeignKey(
        "registry.Institution", null=True, blank=True, on_delete=models.CASCADE,
        related_name="users", verbose_name=_("intézmény"),
    )
    # Maintainer users act for this maintainer; district users for the school
    # district, which is a maintainer of the state district-centre type.
    maintainer = models.ForeignKey(
        "registry.Maintainer", null=True, blank=True, on_delete=models.CASCADE,
        related_name="users", verbose_name=_("fenntartó"),
    )
    is_active = models.BooleanField(_("aktív"), default=True)
    is_staff = models.BooleanField(_("adminisztrátor"), default=False)
    must_change_password = models.BooleanField(_("első belépéskor jelszót kell változtatnia"), default=False)
    password_changed_at = models.DateTimeField(_("jelszó módosítva"), null=True, blank=True)
    date_joined = models.DateTimeField(_("létrehozva"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "login_key"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("felhasználó")
        verbose_name_plural = _("felhasználók")

    def __str__(self) -> str:
        return self.full_name or self.username or self.login_key

    @property
    def is_office(self) -> bool:
        return self.kind == Kind.OFFICE

    def identifiers(self) -> list[str]:
        """Values a password must not contain (see NoIdentifierValidator)."""
        values = [self.username, self.email.split("@")[0] if self.email else ""]
        if self.institution_id and self.institution.om_id:
            values.append(self.institution.om_id)
        if self.maintainer_id and self.maintainer.maintainer_id:
            values.append(self.maintainer.maintainer_id)
        return [v for v in values if v and len(v) >= 4]


class CredentialToken(models.Model):
    """A single-use, expiring link or code with which a person sets a password.

    Only a keyed hash of the token is stored: someone who reads the table
    cannot use what is in it.
    """

    class Purpose(models.TextChoices):
        ACTIVATE = "activate", _("fiók aktiválása")
        RESET = "reset", _("elfelejtett jelszó")
        MASTER = "master", _("mesterjelszó beállítása")
        MAINTAINER_LETTER = "maintainer_letter", _("fenntartói jelszó levélben")

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="credential_tokens",
        verbose_name=_("felhasználó"),
    )
    purpose = models.CharField(_("cél"), max_length=20, choices=Purpose.choices)
    token_hash = models.CharField(_("kivonat"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("létrehozva"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("lejár"))
    used_at = models.DateTimeField(_("felhasználva"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("visszavonva"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("hibás próbálkozások"), default=0)

    class Meta:
        verbose_name = _("egyszer használható hivatkozás vagy kód")
        verbose_name_plural = _("egyszer használható hivatkozások és kódok")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} – {self.user}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class PasswordResetRequest(models.Model):
    """One "Elfelejtette jelszavát?" request, kept for an hour or so to rate-limit them.

    The address is stored as a keyed hash: strangers may type anyone's address.
    """

    email_hash = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("jelszó-visszaállítási kérés")
        verbose_name_plural = _("jelszó-visszaállítási kérések")
