"""Django's database sessions, with the lookup that every request makes prepared.

Every page reads its session by key before anything else; compiling that query each time
cost more than running it (`cchc.prepared`, issue 9). Writing, expiry and clean-up are
Django's `db` backend, unchanged, on the same table: switching engines logs nobody out.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from cchc.prepared import fetch


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = fetch(_live_session, session_key=self.session_key, now=timezone.now())
        if not found:
            self._session_key = None
            return None
        return found[0]


def _live_session(*, session_key, now):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)
