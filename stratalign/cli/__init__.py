"""The ``stratalign`` command line: a thin click layer over the library.

Subcommands are imported only when used, so ``stratalign --help`` starts fast.
Exit codes (the README's "Exit codes"): 0 success; 1 the check found what it checks for; 2 bad
usage or bad input; 3 an internal error.
"""

from __future__ import annotations

import errno
import importlib
import os
import traceback

import click

from ontology import MAX_MESSAGE, InputError, QueryError, __version__, shorten, visible

from .help_texts import HELP_LANG, HelpContext, help_lang, localize, short_help

__all__ = ["cli", "main"]

# name → (module, function); each one's line in --help is in help_texts (read without importing the module)
COMMANDS: dict[str, tuple[str, str]] = {
    "analyze": ("analyze_cmd", "analyze"),
    "check": ("analyze_cmd", "check"),
    "validate": ("validate_cmd", "validate"),
    "query": ("query_cmd", "query"),
    "convert": ("convert_cmd", "convert"),
    "examples": ("examples_cmd", "examples"),
    "report": ("report_cmd", "report"),
    "graph": ("graph_cmd", "graph"),
    "import-observations": ("import_cmd", "import_observations"),
    "serve": ("serve_cmd", "serve"),
    "load": ("load_cmd", "load"),
    "template": ("template_cmd", "template"),
    "diff": ("diff_cmd", "diff"),
    "restructure": ("restructure_cmd", "restructure"),
    "whatif": ("whatif_cmd", "whatif"),
    "extract": ("extract_cmd", "extract"),
}


class StratalignGroup(click.Group):
    """Loads subcommands lazily, in the user's language, and turns errors into the documented exit codes (0, 1, 2, 3)."""

    context_class = HelpContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name]
        command = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        return localize(command, name, ctx.meta.get(HELP_LANG, "en"))

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Before click parses: --help is eager and prints while parsing. All the words
        # are here, the subcommand's too, so `stratalign analyze --lang da --help` is Danish.
        ctx.meta[HELP_LANG] = help_lang(args, os.environ)
        localize(self, "stratalign", ctx.meta[HELP_LANG])
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lines = short_help(ctx.meta.get(HELP_LANG, "en"))
        with formatter.section("Commands"):
            formatter.write_dl([(name, lines[name]) for name in sorted(COMMANDS)])

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except (InputError, QueryError) as err:
            debug = bool(ctx.obj and ctx.obj.get("debug"))
            # One line of at most MAX_MESSAGE characters, the input's control characters escaped;
            # --debug gives the whole message (still one line, still escaped).
            text = err.full() if isinstance(err, InputError) and debug else str(err)
            if isinstance(err, QueryError):
                text = visible(text) if debug else visible(shorten(text, MAX_MESSAGE - len("stratalign: error: ")))
            _say(f"stratalign: error: {text}")
            ctx.exit(2)
        except KeyboardInterrupt:
            _say("stratalign: interrupted")
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(0)
        except OSError as err:
            if err.errno not in _ENVIRONMENT:
                raise
            # the disk is full, a folder read-only, stdout closed: the user's to fix, not a bug
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            _say(f"stratalign: error: {_os_error(err)}")
            ctx.exit(2)
        except Exception as err:  # a bug: one line, the traceback only with --debug
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            _say(
                f"stratalign {__version__}: internal error: {type(err).__name__}: {visible(shorten(str(err), 200))}. "
                "This is a bug; please report it with the command you ran (add --debug for the traceback)."
            )
            ctx.exit(3)


# errno values that say the machine, not the program, refused (write_output names the path itself)
_ENVIRONMENT = frozenset(
    getattr(errno, name)
    for name in (
        "ENOSPC",
        "EDQUOT",
        "EROFS",
        "EACCES",
        "EPERM",
        "EIO",
        "EISDIR",
        "ENOTDIR",
        "EFBIG",
        "ENAMETOOLONG",
        "EMFILE",
        "ENFILE",
    )
    if hasattr(errno, name)
)


def _say(line: str) -> None:
    """One line on stderr; a stderr that is gone (closed, full) loses it rather than raising again."""
    try:
        click.echo(line, err=True)
    except (OSError, ValueError):
        pass


def _os_error(err: OSError) -> str:
    """An OS failure as ``path: reason`` (``/dev/full: No space left on device``)."""
    reason = err.strerror or type(err).__name__
    if err.filename is not None:
        text = f"{err.filename}: {reason}"
    elif err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
        text = f"<stdout>: cannot write the output: {reason}"  # click.echo of a command's own lines
    else:
        text = f"cannot read or write: {reason}"
    return visible(shorten(text, MAX_MESSAGE - len("stratalign: error: ")))


@click.group(cls=StratalignGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="stratalign")
@click.option("--debug", is_flag=True, help="Print the traceback of an internal error.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """stratalign: find where strategies overlap, conflict and leave goals uncovered.

    Models are files (.yaml .yml .ttl .trig .nt .nq .jsonld .rdf .owl .csv .xlsx, or - for standard input) or
    --example NAME for a bundled example (see `stratalign examples`).
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    """Console entry point."""
    cli(prog_name="stratalign")


if __name__ == "__main__":  # python -m stratalign.cli
    main()
