from django.urls import path

from haven.matching import views

app_name = "matching"
urlpatterns = [
    path("duplicates/", views.review_queue, name="review_queue"),
    path("duplicates/<int:candidate_id>/", views.candidate, name="candidate"),
    path("duplicates/<int:candidate_id>/decide/", views.decide, name="decide"),
    path("duplicates/merges/<int:merge_id>/unmerge/", views.unmerge, name="unmerge"),
]
