"""The shapes every app builds on: layering, workflow, access, frozen records, documents, dispatch."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django_fsm import FSMFieldMixin

from core import access, workflow
from core.actions import safe_next
from core.documents import EXTENSIONS, document_path, validate_upload
from core.models import Rapport
from tests.factories.core import UserFactory

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["core", "grootboek", "buurtplan", "mijlpalen", "spuk", "declaraties", "api"]


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def _app_modules(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("app", LAYERS)
def test_no_import_runs_back_up_the_layers(app):
    later = set(LAYERS[LAYERS.index(app) + 1 :])
    offences = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _app_modules(app)
        for module, _names in _imports(path)
        if module.split(".")[0] in later
    ]
    assert offences == []


def _foreign_module_aliases(tree, app):
    """Local names bound to a module of another app (`from grootboek import queries as gq`)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in LAYERS and node.module.split(".")[0] != app:
                aliases.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LAYERS and alias.name.split(".")[0] != app:
                    aliases.add(alias.asname or alias.name.split(".")[0])
    return aliases


@pytest.mark.parametrize("app", LAYERS)
def test_apps_use_no_private_name_of_another_app(app):
    offences = []
    for path in _app_modules(app):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offences += [
            f"{path.relative_to(ROOT)}: from {module} import {name}"
            for module, names in _imports(path)
            if module.split(".")[0] in LAYERS and module.split(".")[0] != app
            for name in names
            if name.startswith("_")
        ]
        aliases = _foreign_module_aliases(tree, app)
        offences += [
            f"{path.relative_to(ROOT)}: {node.value.id}.{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ]
    assert offences == []


def _fsm_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in LAYERS
        and not model.__name__.startswith("Historical")
        and any(isinstance(f, FSMFieldMixin) for f in model._meta.get_fields())
    ]


def test_every_status_machine_declares_a_dutch_label_for_each_transition():
    unlabelled = [
        f"{model.__name__}.{row.name}"
        for model in _fsm_models()
        for row in workflow.table(model)
        if row.label == row.name
    ]
    assert _fsm_models() and unlabelled == []


def test_every_model_with_visible_to_has_a_registered_scope():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if hasattr(model._default_manager, "visible_to")
        and model._meta.app_label in LAYERS
        and model._meta.concrete_model._meta.label_lower not in access._scopes
    ]
    assert missing == []


def test_views_and_templates_never_check_roles_themselves():
    offences = [
        str(path.relative_to(ROOT))
        for app in LAYERS
        for path in [*(ROOT / app).glob("views*.py"), *(ROOT / app).rglob("*.html")]
        if "has_role" in path.read_text(encoding="utf-8")
    ]
    offences += [str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html") if "has_role" in p.read_text()]
    assert offences == []


# Workflow ---------------------------------------------------------------------------------------


@pytest.fixture
def mislukt_rapport(db, beleid):
    return Rapport.objects.create(
        soort="tijdlijn_xlsx", label="Tijdlijn", aangevraagd_door=beleid, status=Rapport.Status.MISLUKT
    )


def test_workflow_refuses_a_transition_from_the_wrong_status_in_dutch(mislukt_rapport, beleid):
    with pytest.raises(ValidationError, match="kan niet bij de status ‘Mislukt’"):
        workflow.transition(beleid, mislukt_rapport, "rond_af")
    mislukt_rapport.refresh_from_db()
    assert mislukt_rapport.status == Rapport.Status.MISLUKT


def test_workflow_checks_the_declared_permission_against_the_object(mislukt_rapport, gemeente):
    iemand_anders = UserFactory(role="beleid", gemeenten=[gemeente])
    with pytest.raises(PermissionDenied):
        workflow.transition(iemand_anders, mislukt_rapport, "opnieuw")
    assert not workflow.can(iemand_anders, mislukt_rapport, "opnieuw")


def test_workflow_runs_saves_and_signals_once(mislukt_rapport, beleid):
    seen = []

    def receiver(sender, **kwargs):
        seen.append((sender, kwargs["name"], kwargs["source"], kwargs["target"]))

    workflow.transitioned.connect(receiver)
    try:
        result = workflow.transition(beleid, mislukt_rapport, "opnieuw", foutmelding="")
    finally:
        workflow.transitioned.disconnect(receiver)
    assert result.status == mislukt_rapport.status == Rapport.Status.WACHTRIJ
    assert Rapport.objects.get(pk=mislukt_rapport.pk).status == Rapport.Status.WACHTRIJ
    assert seen == [(Rapport, "opnieuw", "failed", "queued")]


# Access -----------------------------------------------------------------------------------------


def test_get_or_deny_gives_404_outside_the_scope_and_403_without_the_permission(mislukt_rapport, beleid, gemeente):
    from django.http import Http404

    iemand_anders = UserFactory(role="beleid", gemeenten=[gemeente])
    with pytest.raises(Http404):
        access.get_or_deny(iemand_anders, Rapport, mislukt_rapport.pk, "core.view_rapport")
    assert access.get_or_deny(beleid, Rapport, mislukt_rapport.pk, "core.view_rapport") == mislukt_rapport
    with pytest.raises(PermissionDenied):
        access.get_or_deny(beleid, Rapport, mislukt_rapport.pk, "core.manage_users")


def test_anonymous_users_see_nothing(mislukt_rapport):
    from django.contrib.auth.models import AnonymousUser

    assert not Rapport.objects.visible_to(AnonymousUser()).exists()


# Documents and redirects ------------------------------------------------------------------------


def test_uploads_are_recognised_by_content_never_by_name():
    html = SimpleUploadedFile("factuur.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="geen PDF, PNG of JPEG"):
        validate_upload(html)
    pdf_named_html = SimpleUploadedFile("x.html", b"%PDF-1.7\n...")
    assert validate_upload(pdf_named_html) == "application/pdf"


def test_stored_documents_get_the_extension_of_their_detected_type():
    class Doc:
        content_type = "application/pdf"

        def storage_folder(self):
            return "test"

    path = document_path(Doc(), "x.html")
    assert path.startswith("test/") and path.endswith(".pdf") and EXTENSIONS["image/png"] == "png"


@pytest.mark.parametrize(
    "target, expected",
    [("/declaraties/", "/declaraties/"), ("https://evil.example/", "/start/"), ("//evil.example/x", "/start/")],
)
def test_safe_next_only_follows_local_urls(target, expected):
    request = RequestFactory().post("/", HTTP_HOST="testserver")
    assert safe_next(request, target, "/start/") == expected
