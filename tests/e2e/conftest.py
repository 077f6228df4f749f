"""Browser tests: headless Debian Chromium driven by Playwright against live_server."""

import os
import shutil

import pytest

from tests.cpe.emitidos import tienda_cpe  # noqa: F401  (fixture: issued, signed documents)

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# in the test itself are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def navegador():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def pagina(navegador, live_server):
    context = navegador.new_context(viewport={"width": 1400, "height": 900}, locale="es-PE")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    yield page
    context.close()


def entrar(page, usuario, clave):
    page.goto(f"{page.base}/admin/login/")
    page.fill("#id_username", usuario)
    page.fill("#id_password", clave)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"{page.base}/admin/")


def salir(page):
    page.context.clear_cookies()


def elegir_autocompletado(page, select_id, texto, opcion):
    """Pick `opcion` in a select2 autocomplete after typing `texto`."""
    page.locator(f"#{select_id} + .select2-container").click()
    page.locator(".select2-container--open .select2-search__field").fill(texto)
    page.locator(".select2-results__option", has_text=opcion).first.click()


def guardar(page):
    page.locator("button[name=_save]").click()
    page.wait_for_load_state()
