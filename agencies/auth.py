"""Django's ModelBackend with the user of each request read by a prepared query.

Every page loads its user from the session's id; compiling that query each time cost as
much as running it (`cchc.prepared`, issue 9). Logging in is ModelBackend's, unchanged.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from cchc.prepared import fetch


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        found = fetch(_user, user_id=user_id)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None


def _user(*, user_id):
    return get_user_model()._default_manager.filter(pk=user_id)
