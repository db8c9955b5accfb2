"""The house style in real Chromium: the shipped font on the document, amounts right-aligned by the
Utrecht modifiers, the gemeente's colour, and at 320 px (WCAG 1.4.10, = 1280 px at 400 %) no page
widens: wide tables scroll in a labelled, keyboard-reachable region. axe: no serious or critical
violation at full width and at 320 px."""

import pytest
from django.core.files.base import ContentFile

from core import demo

pytestmark = [pytest.mark.browser]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def demo_met_huisstijl(transactional_db, demo_data, settings, tmp_path):
    from core.models import Huisstijl, Organisatie

    # demo_data already stores its files under a media root of this test: keep it.
    stijl = Huisstijl(gemeente=Organisatie.objects.get(naam="Gemeente Zutphen"), primaire_kleur="#ffcc00")
    stijl.logo.save("logo.png", ContentFile(PNG), save=False)
    stijl.save()


def _pages():
    from declaraties.models import Declaratie
    from spuk.models import Beschikking

    declaratie = Declaratie.objects.filter(buurt__gemeente__naam="Gemeente Zutphen", status="betaald").order_by("pk")[0]
    beschikking = Beschikking.objects.filter(gemeente__naam="Gemeente Zutphen").order_by("pk")[0]
    return [
        "/start/financien/",
        "/declaraties/?status=",
        declaratie.get_absolute_url(),
        f"/spuk/beschikkingen/{beschikking.pk}/sisa/2025/",
        "/grootboek/proefbalans/?boekjaar=2025",
    ]


AMOUNT_CELLS = """() => [...document.querySelectorAll('td, th')]
  .filter(c => /^€\\s?-?[\\d.]+,\\d\\d$/.test(c.innerText.trim()))
  .map(c => [c.innerText.trim(), getComputedStyle(c).textAlign])"""

OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  regions: [...document.querySelectorAll('.app-table-wrapper')]
    .filter(w => w.scrollWidth > w.clientWidth)
    .map(w => ({tabindex: w.getAttribute('tabindex'), role: w.getAttribute('role'),
                label: (document.getElementById(w.getAttribute('aria-labelledby')) || {}).textContent || ''})),
})"""


def test_house_style_pages_are_accessible_and_do_not_widen_at_320px(page, browser_login, axe, demo_met_huisstijl):
    from core import huisstijl

    browser_login("financien@zutphen.demo", demo.DEMO_PASSWORD)
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Fira Sans"'), font
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Fira Sans\"')")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Fira Sans') && f.status === 'loaded')")
    kleur = huisstijl.leesbare_kleur("#ffcc00")
    primary = page.evaluate("getComputedStyle(document.body).getPropertyValue('--app-primary').trim()")
    assert primary == kleur
    assert page.locator("img.app-logo__img").evaluate("img => img.complete && img.naturalWidth > 0")
    control_font = page.evaluate("getComputedStyle(document.querySelector('button')).fontFamily")
    assert control_font.startswith('"Fira Sans"'), control_font

    amounts_seen = 0
    for url in _pages():
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(url)
            assert response.status == 200, url
            axe(page)
            cells = page.evaluate(AMOUNT_CELLS)
            amounts_seen += len(cells)
            assert all(align in ("right", "end") for _text, align in cells), (url, cells)
            if width == 320:
                overflow = page.evaluate(OVERFLOW)
                assert overflow["page"] <= 0, f"{url} widens the page by {overflow['page']} px at 320 px"
                for region in overflow["regions"]:
                    assert region["tabindex"] == "0" and region["role"] == "region" and region["label"].strip(), (
                        url,
                        region,
                    )
    assert amounts_seen > 20


def test_a_wide_table_is_scrolled_with_the_keyboard_at_320px(page, browser_login, demo_met_huisstijl):
    from spuk.models import Beschikking

    beschikking = Beschikking.objects.filter(gemeente__naam="Gemeente Zutphen").order_by("pk")[0]
    browser_login("financien@zutphen.demo", demo.DEMO_PASSWORD)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/spuk/beschikkingen/{beschikking.pk}/sisa/2025/")
    region = page.get_by_role("region", name="Grootboekregels achter de indicatoren")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.activeElement.scrollLeft > 0",
    )
