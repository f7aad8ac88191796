from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

handler404 = "cchc.views.not_found"

urlpatterns = [
    path("", include("indicators.urls")),
    path("don-vi/", include("agencies.urls")),
    path("kiem-tra/", include("inspections.urls")),
    path("quoc-gia/", include("national.urls")),
    path("api/", include("indicators.urls.api")),
    path(
        "dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", views.set_language_public, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
