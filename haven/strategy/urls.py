from django.urls import path

from haven.strategy import views

app_name = "strategy"

urlpatterns = [
    path("national-figures/", views.national_figures, name="national_figures"),
    path("national-figures/add/", views.national_figures_add, name="national_figures_add"),
]
