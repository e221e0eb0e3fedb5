from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class LoginKeyBackend(ModelBackend):
    """Authenticates by the ``login_key`` each login form builds from what was typed."""

    def authenticate(self, request, login_key: str | None = None, password: str | None = None, **kwargs):
        if not login_key or password is None:
            return None
        User = get_user_model()
        try:
            user = User.objects.get(login_key=login_key)
        except User.DoesNotExist:
            # Same cost as a real check, so timing does not tell which keys exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
