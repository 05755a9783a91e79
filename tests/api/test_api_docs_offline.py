"""``/docs`` works without internet: every asset the page loads is served by the app itself."""

from __future__ import annotations

import re

from conftest import Seeded

ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']|url:\s*'([^']+)'""")


def test_docs_page_loads_only_its_own_assets(seeded: Seeded) -> None:
    page = seeded.client.get("/docs")
    assert page.status_code == 200
    assert "swagger-ui" in page.text
    assets = [a or b for a, b in ASSET.findall(page.text)]
    assert "/openapi.json" in assets
    assert len(assets) >= 4, assets  # script, stylesheet, icon, the OpenAPI document
    for asset in assets:
        assert asset.startswith("/"), f"/docs loads {asset} from elsewhere"
        assert seeded.client.get(asset).status_code == 200, asset
    assert "cdn" not in page.text.lower()


def test_redoc_loads_only_its_own_assets_too(seeded: Seeded) -> None:
    page = seeded.client.get("/redoc")
    assert page.status_code == 200
    assets = [a or b for a, b in ASSET.findall(page.text)]
    assert assets
    for asset in assets:
        assert asset.startswith("/"), f"/redoc loads {asset} from elsewhere"
        assert seeded.client.get(asset).status_code == 200, asset


def test_the_static_assets_are_not_in_the_openapi(seeded: Seeded) -> None:
    paths = seeded.client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if path.startswith("/docs")]
