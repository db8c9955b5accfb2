"""House style (issue 14 item 6): the gemeente's colour and logo, contrast, fonts, dates and the
alignment of every amount on every page."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from core import huisstijl
from core.models import Huisstijl, Organisatie, User
from tests.core.test_matrix import app_urls, matrix_setup  # noqa: F401  (matrix_setup is a fixture)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_contrast_of_black_and_white_is_21_and_of_equal_colours_1():
    assert huisstijl.contrast("#000000") == pytest.approx(21)
    assert huisstijl.contrast("#154273", "#154273") == pytest.approx(1)


@pytest.mark.parametrize("kleur", ["#ffcc00", "#ffffff", "#00a0e0", "#8fbc8f", "#154273", "#E17000"])
def test_a_stored_colour_is_darkened_until_white_text_on_it_reaches_wcag_aa(kleur):
    leesbaar = huisstijl.leesbare_kleur(kleur)
    assert huisstijl.contrast(leesbaar) >= 4.5
    if huisstijl.contrast(kleur.lower()) >= 4.5:
        assert leesbaar == kleur.lower()


def test_no_or_malformed_colour_gives_the_neutral_default():
    assert huisstijl.leesbare_kleur("") == huisstijl.DEFAULT_KLEUR
    assert huisstijl.leesbare_kleur("red; } body { display:none") == huisstijl.DEFAULT_KLEUR


def test_the_settings_form_validator_refuses_a_too_light_colour_in_dutch_with_a_suggestion():
    huisstijl.validate_primaire_kleur("#154273")
    huisstijl.validate_primaire_kleur("")
    with pytest.raises(ValidationError) as exc:
        huisstijl.validate_primaire_kleur("#ffcc00")
    message = exc.value.messages[0]
    assert "te licht" in message and "4,5:1" in message and huisstijl.leesbare_kleur("#ffcc00") in message


def _login(email):
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.fixture
def zutphen_stijl(demo_data, settings, tmp_path):
    settings.OTP_REQUIRED = False
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path
    stijl = Huisstijl(gemeente=Organisatie.objects.get(naam="Gemeente Zutphen"), primaire_kleur="#ffcc00")
    stijl.logo.save("logo.png", ContentFile(PNG), save=False)
    stijl.save()
    return stijl


def test_pages_load_the_gemeentes_stylesheet_with_its_colour_made_readable(zutphen_stijl):
    client = _login("financien@zutphen.demo")
    page = client.get(reverse("core:start"), follow=True).content.decode()
    assert f'href="{reverse("core:huisstijl_css")}?v=' in page
    assert "vendor/fontsource/fira-sans/fira-sans.css" in page and "css/huisstijl.css" in page
    assert "voorbeeld-theme app-theme" in page
    css = client.get(reverse("core:huisstijl_css"))
    assert css["Content-Type"].startswith("text/css")
    assert f"--app-primary: {huisstijl.leesbare_kleur('#ffcc00')};" in css.content.decode()


def test_the_header_shows_the_logo_of_the_active_gemeente_only(zutphen_stijl):
    client = _login("financien@zutphen.demo")
    page = client.get(reverse("core:start"), follow=True).content.decode()
    assert 'class="app-logo__img"' in page and 'alt="Gemeente Zutphen"' in page
    logo = client.get(reverse("core:huisstijl_logo"))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png" and logo.content == PNG
    assert "no-store" in logo["Cache-Control"]
    alphen = _login("financien@alphen.demo")
    assert alphen.get(reverse("core:huisstijl_logo")).status_code == 404
    assert f"--app-primary: {huisstijl.DEFAULT_KLEUR};" in alphen.get(reverse("core:huisstijl_css")).content.decode()
    assert 'class="app-logo__img"' not in alphen.get(reverse("core:start"), follow=True).content.decode()


def test_a_logo_that_is_no_png_or_jpeg_is_never_served(zutphen_stijl):
    zutphen_stijl.logo.save("logo.svg", ContentFile(b"<svg onload='alert(1)'/>"))
    assert _login("financien@zutphen.demo").get(reverse("core:huisstijl_logo")).status_code == 404


def test_the_vendored_fonts_are_complete_and_the_theme_names_only_them():
    fonts = Path(django_settings.BASE_DIR) / "static" / "vendor" / "fontsource" / "fira-sans"
    css = (fonts / "fira-sans.css").read_text()
    files = re.findall(r"url\(\./(files/[^)]+)\)", css)
    assert len(files) == 16 and all((fonts / f).exists() for f in files)
    # Every face names its characters: without unicode-range the latin-ext face (no basic latin
    # glyphs) would shadow the latin face of the same weight.
    faces = css.split("@font-face")[1:]
    assert len(faces) == 8 and all("unicode-range:" in face for face in faces)
    theme = (Path(django_settings.BASE_DIR) / "static" / "css" / "huisstijl.css").read_text()
    families = set(re.findall(r"font-family:\s*\"([^\"]+)\"", theme))
    assert families == {"Fira Sans"}, "only the shipped font is asked for first"
    assert "Noto" not in theme and "Times" not in theme


def test_dates_use_one_format_everywhere(demo_data):
    import datetime

    from django.template import engines

    template = engines["django"].from_string('{{ d|date }} {{ d }} {{ t|date:"DATETIME_FORMAT" }} {{ t }}')
    out = template.render({"d": datetime.date(2025, 6, 30), "t": datetime.datetime(2025, 6, 30, 14, 5)})
    assert out == "30-06-2025 30-06-2025 30-06-2025 14:05 30-06-2025 14:05"
    own_patterns = []
    for path in Path(django_settings.BASE_DIR).glob("*/templates/**/*.html"):
        own_patterns += [f"{path}: {m}" for m in re.findall(r"\|date:\"(?!DATETIME_FORMAT)[^\"]*\"", path.read_text())]
    for path in (Path(django_settings.BASE_DIR) / "templates").glob("**/*.html"):
        own_patterns += [f"{path}: {m}" for m in re.findall(r"\|date:\"(?!DATETIME_FORMAT)[^\"]*\"", path.read_text())]
    assert not own_patterns, own_patterns


# An amount as the `euro` or `bedrag` filter writes it: € 1.927.717,00 / € -12,50 / 1.927.717,00.
AMOUNT = re.compile(r"^(€\s?)?-?\d{1,3}(\.\d{3})*,\d{2}$")
NUMERIC = {"utrecht-table__cell--numeric-column", "utrecht-table__header-cell--numeric-column"}


class _Cells(HTMLParser):
    """Every table cell's classes and text."""

    def __init__(self):
        super().__init__()
        self.cells, self._stack = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._stack.append([set((dict(attrs).get("class") or "").split()), ""])

    def handle_data(self, data):
        if self._stack:
            self._stack[-1][1] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._stack:
            classes, text = self._stack.pop()
            self.cells.append((classes, " ".join(text.split())))


def test_no_amount_cell_on_any_page_is_left_aligned(matrix_setup):  # noqa: F811
    """Every page of the URLconf as finance, partner and controle: each table cell that holds an
    amount carries a Utrecht numeric-column modifier (which right-aligns it)."""
    kwargs = matrix_setup
    clients = {email: _login(email) for email in ("financien@zutphen.demo", "partner@perspectief.demo")}
    clients["controle@zutphen.demo"] = _login("controle@zutphen.demo")
    checked, wrong = 0, []
    for name, _route in app_urls():
        url = reverse(name, kwargs=kwargs.get(name))
        for email, client in clients.items():
            response = client.get(url)
            if response.status_code != 200 or response.streaming or "text/html" not in response["Content-Type"]:
                continue
            parser = _Cells()
            parser.feed(response.content.decode())
            for classes, text in parser.cells:
                if AMOUNT.match(text.replace("\u00a0", " ")):
                    checked += 1
                    if not classes & NUMERIC:
                        wrong.append(f"{name} as {email}: {text!r} in a cell with class {sorted(classes)}")
    assert checked > 100, f"only {checked} amount cells seen: the check would prove nothing"
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_every_status_of_every_model_has_a_badge_tone():
    from django.apps import apps

    from core import status

    missing = []
    for model in apps.get_models():
        try:
            field = model._meta.get_field("status")
        except Exception:
            continue
        for code, _label in field.choices or ():
            if code not in status.TONES and code not in status.OVERRIDES.get(model._meta.label_lower, {}):
                missing.append(f"{model._meta.label}: {code}")
    assert not missing, missing


def test_the_badge_shows_text_and_colour_and_lists_render_their_status_column_as_one(demo_data, settings):
    from declaraties.models import Declaratie

    settings.OTP_REQUIRED = False
    client = _login("financien@zutphen.demo")
    declaratie = Declaratie.objects.filter(status="betaald", partner__naam="Stichting Perspectief").first()
    detail = client.get(declaratie.get_absolute_url()).content.decode()
    assert re.search(
        r'<span class="utrecht-badge-status app-status app-status--ok" id="status" data-status="betaald">Betaald</span>',
        detail,
    )
    lijst = client.get(reverse("declaraties:werkvoorraad"), {"status": "betaald"}).content.decode()
    assert 'class="utrecht-badge-status app-status app-status--' in lijst
    partner = _login("partner@perspectief.demo").get(declaratie.get_absolute_url()).content.decode()
    assert f'data-status="betaald">{declaratie.partner_status}</span>' in partner


def test_an_empty_list_says_nog_geen_and_a_filtered_empty_list_says_geen_resultaten(rf):
    from django import forms

    from core.lists import FilterForm, TableView

    class Filter(FilterForm):
        status = forms.ChoiceField(required=False, choices=[("", "alle"), ("open", "open")])

    class Lijst(TableView):
        filter_form_class = Filter
        empty_noun = "declaraties"

    def text(query):
        view = Lijst()
        view.request = rf.get("/lijst/", query)
        view.filter_form = view.get_filter_form()
        return str(view.empty_text())

    for query in ({}, {"sort": "bedrag"}, {"status": ""}, {"page": "1"}):
        assert text(query) == "Er zijn nog geen declaraties.", query
    assert text({"status": "open"}) == "Er zijn geen resultaten voor deze selectie."


def test_the_werkvoorraad_filtered_to_nothing_says_geen_resultaten(demo_data, settings):
    settings.OTP_REQUIRED = False
    page = _login("financien@zutphen.demo").get(reverse("declaraties:werkvoorraad"), {"bedrag_min": "999999999"})
    assert "Er zijn geen resultaten voor deze selectie." in page.content.decode()


def test_the_sisa_page_offers_every_download_in_one_group_and_one_style(demo_data, settings):
    from spuk.models import Beschikking

    settings.OTP_REQUIRED = False
    besch = Beschikking.objects.filter(aanvraag__gemeente__naam="Gemeente Zutphen").order_by("pk").first()
    page = _login("financien@zutphen.demo").get(f"/spuk/beschikkingen/{besch.pk}/sisa/2025/").content.decode()
    group = page.split('<section class="app-downloads"', 1)[1].split("</section>", 1)[0]
    controls = re.findall(r'<(?:a|button)[^>]*class="([^"]*)"', group)
    assert len(controls) == 4 and set(controls) == {"utrecht-button utrecht-button--secondary-action"}
    assert "app-toolbar" not in page.split('<section class="app-downloads"', 1)[0].split("<h1", 1)[1]


def test_every_control_in_every_template_and_widget_carries_a_utrecht_class():
    from django import forms

    missing = []
    for path in Path(django_settings.BASE_DIR).glob("**/templates/**/*.html"):
        if {"node_modules", ".venv"} & set(path.parts) or "pdf" in path.parts or path.name.endswith("pdf.html"):
            continue
        for match in re.finditer(r"<(input|select|textarea|button)\b((?:[^>{]|\{[^}]*\})*)>", path.read_text(), re.S):
            attrs = match.group(2)
            if 'type="hidden"' not in attrs and not re.search(r'class="[^"]*(utrecht-|app-file-input)', attrs):
                missing.append(f"{path}: {match.group(0)[:80]}")
    assert not missing, missing

    class Form(forms.Form):
        tekst = forms.CharField()
        getal = forms.DecimalField()
        datum = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        moment = forms.DateTimeField()
        keuze = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
        rondje = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
        vinkjes = forms.MultipleChoiceField(choices=[("a", "A")], widget=forms.CheckboxSelectMultiple)
        vink = forms.BooleanField()
        lang = forms.CharField(widget=forms.Textarea)
        bestand = forms.FileField()

    html = Form().as_div()
    controls = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    assert len(controls) == 11
    assert all(re.search(r'class="[^"]*(utrecht-|app-file-input)', c) for c in controls), controls
    assert html.count("utrecht-radio-button utrecht-radio-button--html-input") == 2
