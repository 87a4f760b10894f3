"""The English message catalogues: where they live, how they are extracted and compiled.

Each app keeps its own catalogue in ``<app>/locale/en/LC_MESSAGES/django.po`` so that apps can
be added in parallel without touching a shared file. Compiling goes through Babel, not GNU
gettext's ``msgfmt``, so a machine without gettext still gets the committed ``.mo`` files right;
only extraction (``makemessages``) needs gettext. Run with ``make messages``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LANGUAGE = "en"

# Package folders (relative to src/performa) that own a catalogue. A new app adds itself here.
CATALOGUE_DIRS: tuple[str, ...] = (
    "apps/accounts",
    "apps/administrations",
    "apps/appraisals",
    "apps/audit",
    "apps/contexts",
    "apps/cycles",
    "apps/dashboards",
    "apps/evaluations",
    "apps/library",
    "apps/measurements",
    "apps/plans",
    "apps/publication",
    "apps/reports",
    "apps/staff",
    "apps/surveys",
    "web",
)

_POT_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)


def po_path(folder: str) -> Path:
    """The English ``.po`` file of one package folder."""
    return PACKAGE_DIR / folder / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"


def compile_po(po_file: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file; fuzzy entries are left out, as msgfmt does."""
    with po_file.open("rb") as handle:
        catalogue = read_po(handle, locale=LANGUAGE)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def extract(folder: str) -> None:
    """Refresh one folder's ``.po`` from its sources with Django's ``makemessages``.

    It runs inside the folder without settings, so it scans only that folder and writes to
    the folder's own ``locale`` (with settings, ``LOCALE_PATHS`` would take the strings).
    When only the POT-Creation-Date changed, the previous file is kept, so diffs stay real.
    """
    target = po_path(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [
            sys.executable,
            "-P",  # keep the app folder off sys.path: its selectors.py would shadow the stdlib's
            "-m",
            "django",
            "makemessages",
            "--locale",
            LANGUAGE,
            "--no-location",
            "--no-obsolete",
            "--verbosity",
            "0",
        ],
        cwd=PACKAGE_DIR / folder,
        env=environment,
        check=True,
    )
    after = target.read_text(encoding="utf-8")
    if before and _POT_DATE.sub("", before) == _POT_DATE.sub("", after):
        target.write_text(before, encoding="utf-8")


def main() -> int:
    """Extract (when gettext is installed) and compile every catalogue."""
    can_extract = shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None
    if not can_extract:
        print("messages: gettext is not installed; compiling the committed .po files only")
    for folder in CATALOGUE_DIRS:
        if can_extract:
            extract(folder)
        source = po_path(folder)
        source.with_suffix(".mo").write_bytes(compile_po(source))
        print(f"messages: {source.relative_to(PACKAGE_DIR)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
