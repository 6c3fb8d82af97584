"""`warp network ...` and `warp report network`: the centre's key, its bundle, the hub's trust and imports,
the fidelity framework, and the pooled report. Django is set up by warp/cli.py before `run` is called;
this module's top level imports nothing that needs it (the parser is built before Django starts)."""

import argparse
import json
from datetime import date
from pathlib import Path


def add_parser(sub) -> argparse.ArgumentParser:
    network = sub.add_parser(
        "network", help="a network of centres: the centre's key, its signed bundle, a hub's trusted centres"
    )
    actions = network.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("key", help="print this centre's public key (making the key pair on first use)")
    export = actions.add_parser("export", help="write this centre's signed bundle of figures for a period")
    export.add_argument("--start", required=True, help="first day of the period, YYYY-MM-DD")
    export.add_argument("--end", required=True, help="last day of the period, YYYY-MM-DD")
    export.add_argument("--centre", required=True, help="this centre's code in the network, e.g. NORTH-REC")
    export.add_argument("--output", required=True, help="the JSON file to write")
    trust = actions.add_parser(
        "trust", help="(a hub) trust a centre's public key, replace it, or withdraw it"
    )
    trust.add_argument("--centre", required=True, help="the centre's code in the network")
    trust.add_argument("--public-key", help="the last line of the centre's `warp network key`")
    trust.add_argument("--name", default="", help="the centre's name (optional; its bundles name it too)")
    trust.add_argument("--withdraw", action="store_true", help="stop trusting the centre (no key needed)")
    imp = actions.add_parser("import", help="(a hub) verify a centre's bundle and keep it")
    imp.add_argument("file", help="the bundle's JSON file")
    framework = actions.add_parser("framework", help="the fidelity framework the network agreed")
    framework_actions = framework.add_subparsers(dest="framework_action", required=True, metavar="ACTION")
    load = framework_actions.add_parser("load", help="load (or load again) a framework from a JSON file")
    load.add_argument("file", help="the framework's JSON file (format in the README)")
    return network


def _period(start: str, end: str) -> tuple[date, date] | None:
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        print("Give --start and --end as YYYY-MM-DD, for example --start 2025-09-01 --end 2026-08-31.")
        return None
    if first > last:
        print("--start must be on or before --end.")
        return None
    return first, last


def run(args: argparse.Namespace) -> int:
    handler = {
        "key": _key,
        "export": _export,
        "trust": _trust,
        "import": _import,
        "framework": _framework,
    }[args.action]
    return handler(args)


def _key(args: argparse.Namespace) -> int:
    from warp.network import keys

    try:
        new = not keys.key_path().exists()
        public = keys.centre_public_key()
    except keys.KeyProblem as problem:
        print(problem)
        return 2
    if new:
        print(
            f"Made this centre's key pair; the private key is in {keys.key_path()} (keep it, and back it up)."
        )
    print("This centre's public key (send it to your network coordinator; it is safe to share):")
    print(public)
    return 0


def _export(args: argparse.Namespace) -> int:
    from warp.network import keys
    from warp.network.bundle import bundle_build, bundle_text

    period = _period(args.start, args.end)
    if period is None:
        return 2
    code = args.centre.strip()
    if not code or any(c.isspace() for c in code) or len(code) > 32:
        print("--centre is your centre's code in the network: 1 to 32 characters, no spaces.")
        return 2
    try:
        document = bundle_build(start=period[0], end=period[1], code=code)
    except keys.KeyProblem as problem:
        print(problem)
        return 2
    Path(args.output).write_text(bundle_text(document), encoding="utf-8")
    print(
        f"Wrote {args.output}: {code}'s figures for {period[0]} to {period[1]}, signed with this centre's key."
    )
    return 0


def _trust(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError

    from warp.network import services
    from warp.network.models import TrustedCentre

    if args.withdraw:
        centre = TrustedCentre.objects.filter(code=args.centre.strip()).first()
        if centre is None:
            print(f"This hub does not know a centre {args.centre!r}; nothing was changed.")
            return 2
        services.trust_withdraw(centre=centre)
        print(f"This hub no longer trusts {centre.code}; its figures have left the network report.")
        return 0
    if not args.public_key:
        print("Give the centre's key with --public-key KEY (the last line of its `warp network key`).")
        return 2
    existed = TrustedCentre.objects.filter(code=args.centre.strip()).exists()
    try:
        centre = services.trust_set(code=args.centre, public_key=args.public_key, name=args.name)
    except ValidationError as error:
        print(" ".join(error.messages), "Nothing was changed.")
        return 2
    print(f"{'Replaced the key of' if existed else 'This hub now trusts'} {centre.code}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from warp.network import services
    from warp.network.bundle import BundleRefused

    try:
        text = Path(args.file).read_bytes()
    except OSError as error:
        print(f"Could not read {args.file}: {error.strerror}. Nothing was imported.")
        return 2
    try:
        result = services.bundle_import(text=text)
    except BundleRefused as refused:
        print(refused)
        return 2
    bundle = result.bundle
    said = {
        "added": "Imported",
        "replaced": "Replaced the bundle held for",
        "unchanged": "Nothing changed: this hub already holds this exact bundle for",
    }[result.outcome]
    print(f"{said} {bundle.centre.code}, {bundle.start} to {bundle.end}.")
    return 0


def _framework(args: argparse.Namespace) -> int:
    from warp.network.services import FrameworkProblem, framework_load

    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as error:
        print(f"Could not read {args.file}: {error.strerror}. Nothing was loaded.")
        return 2
    except ValueError as error:
        print(f"{args.file} is not readable JSON ({error}). Nothing was loaded.")
        return 2
    try:
        loaded = framework_load(data=data)
    except FrameworkProblem as problem:
        print(f"{problem} Nothing was loaded.")
        return 2
    print(
        f"Loaded the framework: {loaded.added} component(s) added, {loaded.updated} updated, "
        f"{loaded.retired} no longer offered."
    )
    return 0


def write_report(*, start: date, end: date, fmt: str, output: str | None) -> int:
    """`warp report network`: the pooled report, every centre named (whoever runs the hub's server)."""
    from django.conf import settings

    from warp.core.exports import write_out
    from warp.network import exports
    from warp.network.pooling import network_report

    report = network_report(start=start, end=end)
    if fmt == "pdf":
        if not output:
            print("A PDF needs a file to go to: add --output report.pdf")
            return 2
        return write_out(exports.report_pdf(report, base_url=str(settings.BASE_DIR)), output)
    text = {"csv": exports.report_csv, "json": exports.report_json}.get(fmt, exports.report_html)(report)
    return write_out(text, output)
