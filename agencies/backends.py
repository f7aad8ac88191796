"""Authentication backend: Django's ModelBackend, with each request's user read together
with their membership, which almost every page asks for (the menu, the access rules)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MembershipBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related(
            "membership__province", "membership__agency"
        )
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
