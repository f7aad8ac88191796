from django.shortcuts import render
from django.utils import timezone

from .access import READERS, role_required


@role_required(READERS)
def notification_list(request):
    notifications = list(request.user.notifications.all()[:100])
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "agencies/notifications.html", {"notifications": notifications})
