"""Addresses of the pages that combine the apps: the dashboard, a runner's page, its charts, and
its printable programme and report (pages and PDFs)."""

from django.urls import path

from insideout.site import print_views, views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("runners/<slug:handle>/", views.runner_detail, name="runner"),
    path("runners/<slug:handle>/charts/<slug:name>.svg", views.chart, name="chart"),
    path("runners/<slug:handle>/programme/", print_views.programme, name="programme"),
    path("runners/<slug:handle>/programme.pdf", print_views.programme_pdf, name="programme_pdf"),
    path("runners/<slug:handle>/report/", print_views.report, name="report"),
    path("runners/<slug:handle>/report.pdf", print_views.report_pdf_view, name="report_pdf"),
]
