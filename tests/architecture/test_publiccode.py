"""publiccode.yml is complete and valid for the national catalogue: the mandatory keys of the
standard (STACK.md §5.1), their allowed values and the description lengths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

PUBLICCODE = Path(__file__).resolve().parents[2] / "publiccode.yml"
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}


@pytest.fixture(scope="module")
def publiccode() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PUBLICCODE.read_text(encoding="utf-8"))
    return data


def test_the_mandatory_keys_are_there(publiccode) -> None:
    for key in (
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ):
        assert key in publiccode, key
    assert publiccode["publiccodeYmlVersion"] == "0"
    assert publiccode["url"].startswith("https://")
    assert publiccode["platforms"] == ["web"]
    assert publiccode["developmentStatus"] in DEVELOPMENT_STATUSES
    assert publiccode["softwareType"] in SOFTWARE_TYPES
    assert "IT" not in publiccode  # the country section is deprecated since v0.7


@pytest.mark.parametrize("language", ["it", "en"])
def test_each_description_fits_the_limits(publiccode, language) -> None:
    description = publiccode["description"][language]
    assert 0 < len(description["shortDescription"]) <= 150
    assert 150 <= len(description["longDescription"]) <= 10_000
    assert description["features"]
    assert all(len(feature) <= 100 for feature in description["features"])


def test_licence_maintenance_and_localisation(publiccode) -> None:
    assert publiccode["legal"]["license"] == "AGPL-3.0-or-later"
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in {"internal", "community"}:
        assert all(contact["name"] for contact in maintenance["contacts"])
    else:
        assert maintenance["contractors"]
    localisation = publiccode["localisation"]
    assert localisation["localisationReady"] is True
    assert "it" in localisation["availableLanguages"]


def test_the_version_matches_the_package(publiccode) -> None:
    import tomllib

    project = tomllib.loads((PUBLICCODE.parent / "pyproject.toml").read_text())["project"]
    assert publiccode["softwareVersion"] == project["version"]
    assert publiccode["legal"]["license"] == project["license"]
