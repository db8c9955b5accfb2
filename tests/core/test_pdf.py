"""Every PDF (buurtplan, declaratie, SiSa): tagged PDF/UA-1, one house style with the gemeente's logo,
page numbers, the shipped font."""

import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from core.models import Huisstijl, Organisatie
from tests.core.test_huisstijl import PNG


@pytest.fixture
def zutphen_met_logo(demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path
    stijl = Huisstijl(gemeente=Organisatie.objects.get(naam="Gemeente Zutphen"), primaire_kleur="#00598a")
    stijl.logo.save("logo.png", ContentFile(PNG), save=False)
    stijl.save()
    return stijl.gemeente


def _buurtplan(gemeente):
    from buurtplan.models import Buurtplan
    from buurtplan.pdf import buurtplan_pdf

    return buurtplan_pdf(Buurtplan.objects.filter(buurt__gemeente=gemeente).order_by("pk").first())


def _declaratie(gemeente):
    from declaraties.models import Declaratie
    from declaraties.pdf import declaratie_pdf

    return declaratie_pdf(Declaratie.objects.filter(buurt__gemeente=gemeente, status="betaald").order_by("pk").first())


def _sisa(gemeente):
    from spuk import services
    from spuk.models import Beschikking

    beschikking = Beschikking.objects.filter(gemeente=gemeente).order_by("pk").first()
    _naam, content, content_type = services.sisa_bestand(beschikking, 2025, "pdf")
    assert content_type == "application/pdf"
    return content


def _images(reader):
    found = 0
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        found += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return found


@pytest.mark.parametrize("render", [_buurtplan, _declaratie, _sisa], ids=["buurtplan", "declaratie", "sisa"])
def test_each_pdf_is_tagged_pdf_ua_in_the_house_style_with_logo_and_page_numbers(zutphen_met_logo, render):
    reader = PdfReader(io.BytesIO(render(zutphen_met_logo)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "no structure tree: the PDF is not tagged"
    assert bool(root["/MarkInfo"]["/Marked"]), "MarkInfo Marked is not true"
    assert root["/Lang"] == "nl"
    assert reader.metadata.title and "SPUK" not in reader.metadata.title[:4]
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    pages = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Pagina {number} van {pages}" in text
        assert "Gemeente Zutphen" in text, "the gemeente in the running header of every page"
    assert _images(reader) >= pages, "the gemeente's logo on every page"
    fonts = {
        str(font.get_object().get("/BaseFont", ""))
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all("Fira-Sans" in name for name in fonts), fonts


def test_a_pdf_without_a_gemeente_logo_is_still_tagged_and_numbered(demo_data):
    reader = PdfReader(io.BytesIO(_declaratie(Organisatie.objects.get(naam="Gemeente Zutphen"))))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "Pagina 1 van" in reader.pages[0].extract_text()
    assert _images(reader) == 0
