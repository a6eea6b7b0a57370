"""`fieldsales`: the desktop app, the demo, and headless sync.

fieldsales [--lang zh_CN|en] [--profile DIR]
fieldsales demo [--role rep|supervisor|admin] [--screenshots DIR] [--lang …] [--customers N]
fieldsales sync --server URL --user NAME [--password-stdin] [--profile DIR] [--verify] [--file-cache-mb MB]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from sync.version import APP_VERSION

LANGUAGES = ("zh_CN", "en")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="fieldsales", description="Fieldsales (外勤销售): the field sales desktop app."
    )
    p.add_argument("--version", action="version", version=f"fieldsales {APP_VERSION}")
    p.add_argument(
        "--lang", choices=LANGUAGES, help="user interface language (default: setting, else system)"
    )
    p.add_argument("--profile", type=Path, metavar="DIR", help="use this local data directory")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    # Sub-command options default to SUPPRESS so they never overwrite the same option
    # given before the sub-command (an argparse quirk).
    d = sub.add_parser("demo", help="run against a seeded demo server started in this process")
    d.add_argument(
        "--role",
        choices=("rep", "supervisor", "admin"),
        default="rep",
        help="log in as the demo rep (rep1), supervisor (sup1) or admin",
    )
    d.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="write a PNG of each main screen to DIR and exit (runs offscreen)",
    )
    d.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help="language; with --screenshots and no --lang both languages are written",
    )
    d.add_argument(
        "--customers",
        type=int,
        default=None,
        metavar="N",
        help="size of the demo company (default 2000; a different N reseeds it)",
    )

    s = sub.add_parser("sync", help="sync once without a window (for scripts)")
    s.add_argument("--server", metavar="URL")
    s.add_argument("--user", metavar="NAME")
    s.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    s.add_argument("--profile", type=Path, metavar="DIR", default=argparse.SUPPRESS)
    s.add_argument(
        "--verify",
        action="store_true",
        help="after syncing, check the local copy against the server and repair what differs",
    )
    s.add_argument(
        "--ca-bundle",
        type=Path,
        metavar="PEM",
        help="trust the certificate authorities in this file (a company CA; default: the settings, "
        "$FIELDSALES_CA_BUNDLE, else the system's)",
    )
    s.add_argument(
        "--allow-http",
        action="store_true",
        help="allow plain http:// to a server that is not on this computer (UNENCRYPTED: passwords and "
        "data readable on the network)",
    )
    s.add_argument(
        "--file-cache-mb",
        type=int,
        metavar="MB",
        help="keep at most this many MB of downloaded attachment files on this laptop (default 2048; "
        "files not yet uploaded are always kept); remembered for the profile",
    )

    r = sub.add_parser(
        "recover-edits", help="queue again the unsent changes of a local copy that was set aside"
    )
    r.add_argument(
        "--from",
        dest="source",
        type=Path,
        required=True,
        metavar="FILE",
        help="the set-aside copy (fieldsales.sqlite3.locked-…)",
    )
    r.add_argument(
        "--key", metavar="HEX", help="its key (64 hex digits); default: the keyring's, if it kept one"
    )
    r.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the profile whose queue receives them (without it: only list them)",
    )
    return p


def _needs_offscreen(args: argparse.Namespace) -> bool:
    # Screenshots are rendered offscreen whenever the platform was not chosen explicitly:
    # the same pixels on a laptop, a server and CI, and no windows flashing on a desktop.
    return args.command == "demo" and args.screenshots is not None and not os.environ.get("QT_QPA_PLATFORM")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "sync":
        from desktop import headless

        return headless.run(args)
    if args.command == "recover-edits":
        from desktop import recover

        return recover.run(args)
    if _needs_offscreen(args):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return run_gui(args)


def run_gui(args: argparse.Namespace) -> int:
    from desktop.app import DesktopApp, create_qt_app
    from desktop.settings import Settings
    from ui.i18n import Translations, resolve_language

    settings = Settings.load()
    qt_app = create_qt_app(sys.argv[:1])
    language = resolve_language(args.lang, settings.language)
    screenshots: Path | None = getattr(args, "screenshots", None)
    languages = [language]
    if screenshots is not None and not args.lang:
        languages = ["zh_CN", "en"]
    translations = Translations()
    translations.install(languages[0])
    app = DesktopApp(settings, translations, profile_dir=args.profile)

    if args.command == "demo":
        from desktop.demo import start_demo

        if screenshots is not None:
            app.restore_geometry = False
        start_demo(app, args.role, args.customers)
        if screenshots is not None:
            from desktop import screenshots as shots

            code = shots.run(app, screenshots, languages)
            app.shutdown()
            return code
    else:
        app.start()
    qt_app.aboutToQuit.connect(app.shutdown)
    _quit_on_ctrl_c(qt_app)
    return qt_app.exec()


def _quit_on_ctrl_c(qt_app) -> None:
    """Ctrl+C in the terminal closes the app cleanly (stopping the demo server too).

    Python only runs signal handlers between bytecodes, so a do-nothing timer gives it
    the chance while Qt's event loop waits.
    """
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: qt_app.quit())
    timer = QTimer(qt_app, interval=250)
    timer.timeout.connect(lambda: None)
    timer.start()


if __name__ == "__main__":
    raise SystemExit(main())
