"""Breadcrumbs on every detail page, one shape (Utrecht breadcrumb nav):

    {% load kruimelpad %}
    {% block breadcrumbs %}{% kruimelpad _("Declaraties") "declaraties:werkvoorraad" declaratie %}{% endblock %}

Arguments come in pairs (label, URL or URL name); a last, unpaired argument is the current page
(shown without a link, `aria-current="page"`). "Start" comes first by itself.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

register = template.Library()


def _url(target):
    target = str(target)
    if target.startswith("/") or ":" not in target:
        return target
    try:
        return reverse(target)
    except NoReverseMatch:
        return target


@register.inclusion_tag("core/_kruimelpad.html")
def kruimelpad(*args):
    crumbs = [{"label": _("Start"), "url": reverse("core:start")}]
    pairs = list(args)
    huidige = pairs.pop() if len(pairs) % 2 else None
    for label, target in zip(pairs[::2], pairs[1::2], strict=True):
        if label and target:
            crumbs.append({"label": label, "url": _url(target)})
    return {"crumbs": crumbs, "huidige": huidige}
