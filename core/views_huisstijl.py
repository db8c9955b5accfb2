"""The active gemeente's theme colour (a stylesheet, so the strict CSP needs no inline style) and logo.

Both answer for `request.gemeente` only, which the middleware already limits to the user's own
gemeenten: no id in the URL, so nobody reads another gemeente's files."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from . import huisstijl
from .documents import private_response


@require_GET
@login_required
def huisstijl_css(request):
    response = HttpResponse(huisstijl.stylesheet(request.gemeente), content_type="text/css; charset=utf-8")
    return private_response(response)


@require_GET
@login_required
def huisstijl_logo(request):
    found = huisstijl.logo(request.gemeente)
    if not found:
        raise Http404
    content, content_type = found
    return private_response(HttpResponse(content, content_type=content_type))
