"""`stratalign graph`: an interactive view of the model, or the projection for Gephi and friends."""

from __future__ import annotations

import click

from graphs import COLOURINGS, GRAPH_FORMATS, GRAPH_VIEWS, MATRIX_LIMIT, NODE_LIMIT

from ._common import Outputs, format_for, lang_option, model_options, write_output
from ._progress import Stages, quiet_option, say_wrote
from .analyze_cmd import analysis_config, config_option, decisions_option, duplicates_within_option, thesaurus_option

# .xml is GraphML or GEXF: with it, --format says which.
OUTPUTS = Outputs.of("graph", GRAPH_FORMATS, "html")


@click.command("graph")
@model_options
@click.option(
    "--view",
    type=click.Choice(GRAPH_VIEWS),
    default="coverage",
    show_default=True,
    help="Which interactive view (HTML only); influence: the cross-impact matrices of the scored influences, every element up to 200 rows and 200 columns, beyond that grouped by plan, with a button for the 200 with the most influence.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(GRAPH_FORMATS),
    help="html: an interactive view; graphml, gexf, json: the whole graph for Gephi and other tools. Default: from the -o suffix, else html; a suffix that says otherwise is an error.",
)
@click.option(
    "--colour",
    "--color",
    "colour",
    type=click.Choice(COLOURINGS),
    default="default",
    show_default=True,
    help="progress: colour goals and plans by their progress status (reached, on track, behind, off track, no data; no target when they have none), with a legend and the status in each tooltip and under each label. A goal has the worst status of its own and its sub-goals' targets, a plan the worst of its goals' targets, a vision also that of the strategies that realize it. graphml, gexf, json: adds the node attribute progress.",
)
@lang_option
@config_option
@thesaurus_option
@duplicates_within_option
@decisions_option
@click.option(
    "--limit",
    "node_limit",
    type=click.IntRange(min=1),
    default=None,
    help=(
        f"Above this many elements the view groups them, then asks for a filter (default {NODE_LIMIT:,}); "
        f"--view influence: the rows and columns shown one by one before an axis is grouped by plan "
        f"(default {MATRIX_LIMIT})."
    ),
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default: standard output).")
@quiet_option
def graph(
    model, view, fmt, colour, lang, config_path, thesaurus, duplicates_within, decisions, node_limit, output, quiet
) -> None:
    """Write an interactive graph view of MODEL…, or export the graph.

    The HTML opens offline in any browser: no request leaves the page.

    \b
      stratalign graph --example esbjerg-2020 --view coverage -o coverage.html
      stratalign graph --example esbjerg-2020 --view overlap --lang en -o overlap.html
      stratalign graph --example esbjerg-2020 --colour progress -o progress.html
      stratalign graph plan.yaml --view influence -o influences.html
      stratalign graph plan.yaml -o plan.graphml          # for Gephi
    """
    from graphs import render_graph

    fmt = format_for(output, OUTPUTS, fmt)  # before any work: graph -o x.png is exit 2, not HTML named .png
    config = analysis_config(config_path, None, thesaurus, duplicates_within, decisions)
    with Stages(quiet=quiet, lang=lang) as stage:
        stage("load")
        loaded = model()
        stage("graph")
        drawn = render_graph(loaded, view=view, fmt=fmt, lang=lang, config=config, node_limit=node_limit, colour=colour)
        stage("writing")
        write_output(drawn, output)
    say_wrote(output, lang, quiet)
