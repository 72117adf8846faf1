"""/open-data/: the current dump's files, their checksums and the licence."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from api import opendata


@require_safe
def open_data(request):
    return render(
        request,
        "api/open_data.html",
        {
            "files": opendata.current_files(),
            "licence": settings.OPEN_DATA_LICENCE,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
        },
    )


@require_safe
def open_data_file(request, name: str):
    # Only a name the current dump lists: nothing else under OPEN_DATA_ROOT is reachable.
    if name not in {f["name"] for f in opendata.current_files()}:
        raise Http404
    kind = "application/json" if name.endswith(".json") else "text/csv" if name.endswith(".csv") else "text/plain"
    response = FileResponse((opendata.root() / "current" / name).open("rb"), content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="balai-warga-{name}"'
    return response
