from django.urls import path

from kcc.meeluisteren.api import ReviewListView

urlpatterns = [path("", ReviewListView.as_view(), name="meeluisteren-list")]
