"""`stratalign examples`: list the bundled example models."""

from __future__ import annotations

import click

from ontology import example_names, example_path, example_title


@click.command("examples")
@click.option("--path", "show_path", is_flag=True, help="Also print where each example file is.")
def examples(show_path: bool) -> None:
    """List the bundled examples, usable with --example NAME wherever a model is accepted."""
    for name in example_names():
        line = f"{name:16} {example_title(name)}"
        if show_path:
            line += f"  ({example_path(name)})"
        click.echo(line)
