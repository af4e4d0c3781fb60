"""The project's URLs with a page and an API operation that have no access rule, and without the
logout page that has one: test_access_generated.py shows that its walk names all three."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI

from insideout.web.urls import urlpatterns as project

unruled_api = NinjaAPI(urls_namespace="unruled")


@unruled_api.get("/runners/{handle}/secrets")
def secrets(request: HttpRequest, handle: str) -> list[str]:
    return []


def secret(request: HttpRequest, handle: str) -> HttpResponse:
    return HttpResponse("")


urlpatterns = [
    *(p for p in project if getattr(p, "name", None) != "logout"),
    path("runners/<slug:handle>/secret/", secret, name="training:secret"),
    path("unruled/", unruled_api.urls),
]
