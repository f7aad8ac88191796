from django.urls import path

from indicators.views import dashboard

urlpatterns = [
    path("", dashboard.overview, name="overview"),
]
