"""The accessibility check itself: axe, as the browser tests run it, reports a serious violation."""

import pytest

from tests.browser.fixtures import run_axe

pytestmark = [pytest.mark.browser]


def test_the_axe_check_reports_an_unlabelled_field_and_an_image_without_text(page):
    page.set_content(
        '<!doctype html><html lang="nl"><head><title>Proef</title></head><body><main><h1>Proef</h1>'
        '<form><input type="text" name="bedrag"></form><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>"
    )
    gevonden = {violation["id"] for violation in run_axe(page)}
    assert {"label", "image-alt"} <= gevonden
    page.set_content(
        '<!doctype html><html lang="nl"><head><title>Proef</title></head><body><main><h1>Proef</h1>'
        '<form><label for="b">Bedrag</label><input id="b" type="text" name="bedrag"></form></main></body></html>'
    )
    assert run_axe(page) == []
