from django.urls import path

from . import views

app_name = "agencies"
urlpatterns = [
    path("thong-bao/", views.notification_list, name="notifications"),
]
