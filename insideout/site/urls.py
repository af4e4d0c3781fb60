"""Addresses of the pages that combine the apps: the dashboard, a runner's page, its charts, and
its printable programme and report (pages and PDFs)."""

from django.urls import path

from insideout.site import data_views, print_views, views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("runners/<slug:handle>/", views.runner_detail, name="runner"),
    path("runners/<slug:handle>/charts/<slug:name>.svg", views.chart, name="chart"),
    path("runners/<slug:handle>/export.zip", data_views.export_zip, name="export"),
    path("runners/<slug:handle>/delete/", data_views.delete_account, name="delete_account"),
    path("runners/<slug:handle>/transfer/", data_views.transfer_runner, name="transfer"),
    path("notices/", data_views.notices, name="notices"),
    path("export/runners.csv", data_views.squad_csv, name="squad_csv"),
    path("runners/<slug:handle>/programme/", print_views.programme, name="programme"),
    path("runners/<slug:handle>/programme.pdf", print_views.programme_pdf, name="programme_pdf"),
    path("runners/<slug:handle>/report/", print_views.report, name="report"),
    path("runners/<slug:handle>/report.pdf", print_views.report_pdf_view, name="report_pdf"),
]
