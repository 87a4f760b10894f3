"""The ``performa`` console script: set up, import, export, copy a cycle, score, explain, serve,
demo.

Parsing and output formatting live here; every operation is a service or selector call.
Commands that need the database configure Django on demand and bring the schema up to date.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from performa.apps.cycles.models import Cycle

__all__ = ["main"]

DEMO_WORKBOOK = Path(__file__).resolve().parent.parent / "demo" / "performa-demo-2024.xlsx"


class CommandError(Exception):
    """A command cannot run; the message tells the user why and what to do."""


def _setup_django(*, migrate: bool = True) -> None:
    """Configure Django and, unless told otherwise, apply pending migrations quietly."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "performa.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", verbosity=0, interactive=False)


def _cycle(year: int, administration_code: str | None) -> Cycle:
    from performa.apps.plans.selectors import CycleNotFound, cycle_for

    try:
        return cycle_for(year=year, administration_code=administration_code)
    except CycleNotFound as error:
        raise CommandError(str(error)) from None


# -- commands -------------------------------------------------------------------------------


def command_init(args: argparse.Namespace) -> int:
    """Create or migrate the database in the data folder."""
    _setup_django()
    from django.conf import settings

    print(f"Database ready: {settings.DATABASES['default']['NAME']}")
    print(f"Data folder:    {settings.PERFORMA_HOME}")
    return 0


def command_import(args: argparse.Namespace) -> int:
    """Import a workbook atomically; print every located error and change nothing if any."""
    from performa.workbook.reader import read_workbook

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    result = read_workbook(path)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.plan is None:
        for error in result.errors:
            print(f"error: {error}", file=sys.stderr)
        print(f"{path}: {len(result.errors)} error(s); nothing was imported.", file=sys.stderr)
        return 1
    _setup_django()
    from performa.apps.plans.services import PlanImportError, plan_import

    try:
        outcome = plan_import(plan=result.plan, actor_label=f"cli:{_user()}")
    except PlanImportError as error:
        raise CommandError(str(error)) from None
    counts = ", ".join(f"{count} {name}" for name, count in outcome.counts.items())
    verb = "Replaced" if outcome.replaced else "Imported"
    print(f"{verb} {outcome.cycle.administration.code} {outcome.cycle.year}: {counts}.")
    return 0


def command_export(args: argparse.Namespace) -> int:
    """Write a cycle to a workbook that ``performa import`` reads back identically."""
    _setup_django()
    from performa.apps.plans.selectors import plan_data_for
    from performa.workbook.writer import write_workbook

    cycle = _cycle(args.year, args.entity)
    write_workbook(plan_data_for(cycle=cycle, with_base_values=True), Path(args.file))
    print(f"Exported {cycle.administration.code} {cycle.year} to {args.file}.")
    return 0


def command_copy_cycle(args: argparse.Namespace) -> int:
    """Start a new cycle from an earlier one's plan, targets rolled forward for review."""
    _setup_django()
    from django.contrib.auth.models import User

    from performa.apps.administrations.access import NoAccess, actor_for
    from performa.apps.plans.copying import CycleCopyError, cycle_copy, cycle_copy_counts

    source = _cycle(args.source_year, args.entity)
    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {args.user!r}")
    try:
        actor = actor_for(user, source.administration.code)
    except NoAccess:
        raise CommandError(
            f"{args.user} has no role in {source.administration.code}; the office copies cycles"
        ) from None
    try:
        cycle = cycle_copy(actor, source, args.year)
    except CycleCopyError as error:
        raise CommandError(error.message) from None
    counts = ", ".join(
        f"{count} {name.replace('_', ' ')}"
        for name, count in cycle_copy_counts(source=cycle).as_dict().items()
    )
    print(f"Copied {source.administration.code} {source.year} to {cycle.year}: {counts}.")
    print(
        f"Every target is to review: /{cycle.administration.code}/{cycle.year}/piano/target-da-verificare/"
    )
    return 0


def command_score(args: argparse.Namespace) -> int:
    """Print the scored tree as a table, CSV or JSON."""
    _setup_django()
    from performa.apps.cycles.selectors import cycle_scores
    from performa.apps.plans.selectors import plan_data_for
    from performa.cli.output import score_csv, score_json, score_table
    from performa.reporting.score_table import score_items

    cycle = _cycle(args.year, args.entity)
    plan = plan_data_for(cycle=cycle)
    root = score_items(plan, cycle_scores(cycle=cycle, plan=plan, period_code=args.period))
    render = {"table": score_table, "csv": score_csv, "json": score_json}[args.format]
    sys.stdout.write(render(root))
    return 0


def command_explain(args: argparse.Namespace) -> int:
    """Explain how one figure was computed: inputs, weights, rules, rounding."""
    _setup_django()
    import json

    from performa.apps.cycles.selectors import cycle_scores
    from performa.scoring import explain

    cycle = _cycle(args.year, args.entity)
    scored = cycle_scores(cycle=cycle, period_code=args.period)
    try:
        explanation = explain(scored, args.code)
    except KeyError:
        raise CommandError(
            f"no node or indicator {args.code!r} in {cycle.administration.code} {cycle.year}"
        ) from None
    if args.format == "json":
        print(json.dumps(explanation.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print(explanation.as_text())
    return 0


def command_report(args: argparse.Namespace) -> int:
    """Write the Relazione in the requested formats (all four by default)."""
    _setup_django()
    from performa.apps.reports.documents import report_write

    cycle = _cycle(args.year, args.entity)
    formats = args.format or ["pdf", "docx", "xlsx", "html"]
    try:
        written = report_write(cycle=cycle, directory=Path(args.out), formats=formats)
    except ValueError as error:
        raise CommandError(str(error)) from None
    for path in written:
        print(f"Written {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    return 0


def command_serve(args: argparse.Namespace) -> int:
    """Serve the web application (Django's server: for one machine, not for production)."""
    _setup_django()
    from django.core.management import call_command

    print(f"performa is at http://{args.host}:{args.port}/ (Ctrl+C stops it)")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False)
    return 0


def command_demo(args: argparse.Namespace) -> int:
    """Load the demo administration once (``--reset`` reloads it), write the Relazione, serve.

    Running it again keeps what people entered in the web app; ``--reset`` starts over.
    """
    from performa.workbook.reader import read_workbook

    result = read_workbook(DEMO_WORKBOOK)
    if result.plan is None:
        errors = "\n".join(str(error) for error in result.errors)
        raise CommandError(f"the demo workbook is invalid:\n{errors}")
    _setup_django()
    from django.conf import settings

    from performa.apps.accounts.services import demo_accounts_ensure, demo_period_open
    from performa.apps.cycles.models import Cycle
    from performa.apps.plans.services import PlanImportError, plan_import
    from performa.apps.reports.documents import report_write

    info = result.plan.cycle
    cycle = Cycle.objects.filter(
        administration__code=info.administration_code, year=info.year
    ).first()
    if cycle is None or args.reset:
        try:
            cycle = plan_import(plan=result.plan, actor_label="demo").cycle
        except PlanImportError as error:
            raise CommandError(f"{error}; the demo was kept as it is") from None
        from performa.apps.staff.services import demo_context_and_staff_load
        from performa.apps.surveys.services import surveys_demo_load

        surveys_demo_load(cycle=cycle)
        demo_context_and_staff_load(cycle=cycle)
        print(f"Demo administration loaded: {cycle.administration.name} {cycle.year}.")
    else:
        print(
            f"Demo administration already loaded: {cycle.administration.name} {cycle.year} "
            "(kept as it is; --reset reloads it)."
        )
    from performa.apps.appraisals.demo import appraisals_demo_load

    appraisals_demo_load(cycle=cycle)
    from performa.apps.publication.demo import publication_demo_publish

    publication_demo_publish(cycle=cycle)
    directory = Path(settings.PERFORMA_HOME) / "reports"
    print(f"Writing the Relazione sulla performance {cycle.year} (PDF, DOCX, XLSX, HTML)...")
    for path in report_write(cycle=cycle, directory=directory):
        print(f"  {path}")
    print("Demo logins:")
    for account in demo_accounts_ensure(administration=cycle.administration):
        print(f"  {account.role:<34} user {account.username:<12} password {account.password}")
    period = demo_period_open(cycle=cycle)
    if period is not None and period.deadline_on is not None:
        print(f"Open for data entry: {period.name}, deadline {period.deadline_on:%d/%m/%Y}.")
    if args.no_serve:
        return 0
    return command_serve(args)


def _user() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


# -- parser -----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="performa",
        description="The Italian public-sector performance cycle: plan, measure, evaluate, report.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: object, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    def cycle_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--year", type=int, required=True, help="the cycle's year")
        command.add_argument(
            "--entity", metavar="CODE", help="administration code (optional when only one)"
        )

    def serve_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--host", default="127.0.0.1")
        command.add_argument("--port", type=int, default=8000)

    add("init", command_init, "create or migrate the database ($PERFORMA_HOME, default ./var)")
    command = add("import", command_import, "import a plan workbook (all or nothing)")
    command.add_argument("file", metavar="FILE.xlsx")
    command = add("export", command_export, "export a cycle to a workbook")
    cycle_options(command)
    command.add_argument("file", metavar="FILE.xlsx")
    command = add("copy-cycle", command_copy_cycle, "start a new cycle from an earlier one's plan")
    command.add_argument(
        "--from", dest="source_year", type=int, required=True, help="the year copied"
    )
    command.add_argument("--to", dest="year", type=int, required=True, help="the new cycle's year")
    command.add_argument(
        "--entity", metavar="CODE", help="administration code (optional when only one)"
    )
    command.add_argument(
        "--user", required=True, help="the office account the copy is made and recorded as"
    )
    command = add("score", command_score, "print the scored performance tree")
    cycle_options(command)
    command.add_argument("--format", choices=["table", "csv", "json"], default="table")
    command.add_argument("--period", metavar="CODE", help="monitoring period (default: final)")
    command = add("explain", command_explain, "explain how a figure was computed")
    cycle_options(command)
    command.add_argument("code", metavar="CODE", help="a node or indicator code")
    command.add_argument("--format", choices=["text", "json"], default="text")
    command.add_argument("--period", metavar="CODE", help="monitoring period (default: final)")
    command = add("report", command_report, "write the Relazione sulla performance")
    cycle_options(command)
    command.add_argument(
        "--format",
        action="append",
        choices=["pdf", "docx", "xlsx", "html"],
        help="repeat for several formats (default: all four)",
    )
    command.add_argument("--out", default=".", metavar="DIR", help="output folder (default: .)")
    command = add("serve", command_serve, "serve the web application")
    serve_options(command)
    command = add("demo", command_demo, "load the demo administration, then serve the web app")
    serve_options(command)
    command.add_argument("--no-serve", action="store_true", help="stop after loading")
    command.add_argument(
        "--reset", action="store_true", help="reload the demo, discarding changes made since"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``performa`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        status: int = args.handler(args)
    except CommandError as error:
        print(f"performa {args.command}: {error}", file=sys.stderr)
        return 2
    return status
