"""Province overview. (Placeholder until the dashboard issue lands.)"""

from django.shortcuts import render

from agencies.access import READERS, role_required


@role_required(READERS)
def overview(request):
    return render(request, "indicators/overview.html", {})
