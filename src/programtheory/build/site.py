"""The offline site: each executed notebook as a page, the index of every page and file, the
out-of-date banner, and the language switch between sites built side by side.

The pages are nbconvert's 'lab' template without require.js, MathJax, mermaid or widget
loaders, and with every remaining `<script src>`/`<link href>` to the network stripped: they
open with no network. Input cells are hidden; stderr (library warnings) stays in the .ipynb.
Every page is in one language (the build's `lang`), and says so in `<html lang>`.

A notebook that failed keeps its last good page and files, but only under a banner that says
they are out of date and names the error: on the page itself, in the kept notebook and on the
index. Nothing stale is shown as current.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..atomic import write_text_atomically
from .languages import project_title
from .notebooks import spec_for
from .results import BuildResult, NotebookResult, Status
from .texts import text

FILE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("figures", (".svg", ".png", ".pdf", ".jpg", ".jpeg")),
    ("tables", (".html", ".htm", ".md", ".tex", ".xlsx", ".docx", ".csv", ".tsv")),
    ("data", (".json", ".yaml", ".yml", ".txt", ".dot", ".gv")),
)

_PAGE_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
{{ super() }}
<nav class="pt-nav" style="padding:0.5em 1em;font-family:sans-serif">
<a href="../index.html">&larr; {{ resources.pt_back }}</a></nav>
<style>.jp-RenderedHTMLCommon a:link,.jp-RenderedHTMLCommon a:visited{text-decoration:underline}</style>
{%- endblock body_header -%}
"""

_EXTERNAL = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""", re.I)
_URL_COMMENT = re.compile(r"/\*(?:(?!\*/).)*?https?://.*?\*/", re.S)


def strip_external(page: str) -> str:
    """Remove every <script src> and <link href> that loads from the network, and the CSS
    comments that cite web addresses (nbconvert's theme credits), so that the page holds no
    web address of its own."""
    return _URL_COMMENT.sub("", _EXTERNAL.sub("", page))


_EXPORTERS: dict[bool, Any] = {}  # one per process and mode: building one costs ~0.2 s

# JupyterLab's stylesheet right-aligns every table cell (made for numbers); our tables are
# mostly text, which reads left-aligned
# (its rule is `:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td`, so ours names as much)
_PAGE_CSS = (":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td,"
             ":not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon th,"
             ".jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th"
             "{text-align:left;vertical-align:top}"
             # a list in a cell starts level with the text of the cells beside it
             ".jp-RenderedHTMLCommon td>ul,.jp-RenderedHTMLCommon td>ol"
             "{margin-top:0;margin-bottom:0;padding-left:1.1em}"
             ".pt-out-of-date{margin:0.5em 1em;padding:0.6em 1em;border:3px solid #000;"
             "background:repeating-linear-gradient(45deg,#fff,#fff 8px,#eee 8px,#eee 16px);"
             "font-family:sans-serif}"
             ".pt-out-of-date pre{white-space:pre-wrap;background:#fff;padding:0.3em}")


def _exporter(show_input: bool):
    if show_input not in _EXPORTERS:
        import jinja2

        _EXPORTERS[show_input] = _page_exporter_class()(
            template_name="lab", template_file="pt_offline.html.j2",
            extra_loaders=[jinja2.DictLoader({"pt_offline.html.j2": _PAGE_TEMPLATE})])
    return _EXPORTERS[show_input]


def warm_exporter() -> None:
    """Export a small notebook, into nothing, with the exporter of the pages of notebooks that
    succeed. A process's first export imports what the exporter uses and compiles its ten page
    templates and the notebook validator (~0.35 CPU-s); done before the build forks its
    workers, no worker does it again. A failure here is left to the export that meets it again,
    where it fails that notebook's page with its own message."""
    exporter = _exporter(False)
    if getattr(exporter, "pt_warm", False):
        return
    from nbformat import v4

    outputs = [v4.new_output("stream", name="stdout", text="-"),
               v4.new_output("display_data", data={"text/html": "<b>-</b>", "text/plain": "-"}),
               v4.new_output("execute_result", data={"text/plain": "-"}, execution_count=1)]
    notebook = v4.new_notebook(cells=[v4.new_markdown_cell("-"),
                                      v4.new_code_cell("-", outputs=outputs)])
    try:
        exporter.from_notebook_node(notebook, resources={"metadata": {"name": "-"},
                                                         "pt_back": "-"})
    except Exception:  # noqa: BLE001 - see the docstring
        return
    exporter.pt_warm = True


def _page_exporter_class():
    """nbconvert's HTML exporter without its last step, a BeautifulSoup pass over the whole
    page that gives images without one an (English) alternative text and makes the cells
    focusable: parsing pages of up to 3 MB in pure Python took 0.5 CPU-s per page, a seventh
    of a cold build. `accessible_markup` makes the same two edits on the text."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter.from_notebook_node up to its BeautifulSoup pass (nbconvert 7)
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


# A page as a sequence of the parts the pass must tell apart, each found whole (quoted
# attribute values may hold '<' and '>'): a comment, a raw text element (script or style: its
# text is no markup), a start tag that the pass edits, and any other tag.
_QUOTED_OR_PLAIN = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_MARKUP = re.compile(
    rf"""<!--.*?-->"""
    rf"""|<(script|style)\b{_QUOTED_OR_PLAIN}>.*?</\1\s*>"""
    rf"""|<(img|div)(?=[\s/>])({_QUOTED_OR_PLAIN})>"""
    rf"""|<[a-zA-Z!/?]{_QUOTED_OR_PLAIN}>""", re.S | re.I)
_ATTRIBUTE = re.compile(r"""[\s/]*([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_FOCUSABLE = {"jp-Cell-inputWrapper", "jp-OutputArea-output"}


def accessible_markup(page: str, alt: str) -> str:
    """`page` with the alternative text `alt` on every image that has none, and every cell's
    input and output focusable (`tabindex="0"`, so that a keyboard can scroll them): the edits
    of nbconvert's last step, made on the text of a page that nbconvert's template wrote."""
    return _accessible_markup(page, alt)[0]


def _accessible_markup(page: str, alt: str) -> tuple[str, int]:
    """`accessible_markup`, and how many images it gave `alt`."""
    added = {"img": f'alt="{html.escape(alt)}"', "div": 'tabindex="0"'}
    given = [0]

    def edit(match: re.Match) -> str:
        name = (match[2] or "").lower()
        if not name:
            return match[0]
        body = match[3]
        attributes = {key.lower(): value.strip("\"'") for key, value in _ATTRIBUTE.findall(body)}
        wanted = ("alt" not in attributes if name == "img" else
                  "tabindex" not in attributes
                  and bool(_FOCUSABLE & set(attributes.get("class", "").split())))
        if not wanted:
            return match[0]
        body = body.rstrip()
        closing = "/" if body.endswith("/") else ""
        body = body[:-1].rstrip() if closing else body
        given[0] += name == "img"
        return f"<{match[2]}{body} {added[name]}{closing}>"

    return _MARKUP.sub(edit, page), given[0]


def export_page(nb, target: Path, title: str, show_input: bool, lang: str = "") -> int:
    """The notebook as an offline page in `lang` (its navigation and `<html lang>`; English
    when none is given). Returns how many of its images had no description, and got the
    catalogue's stand-in (`build.image_without_description`)."""
    lang = lang or "en"
    exporter = _exporter(show_input)
    exporter.exclude_input = not show_input
    exporter.exclude_input_prompt = not show_input
    exporter.exclude_output_prompt = True
    exporter.require_js_url = ""
    exporter.mathjax_url = ""
    exporter.language_code = lang
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": title}, "pt_back": text(lang, "back")})
    body, undescribed = _accessible_markup(body, text(lang, "image_without_description"))
    body = strip_external(body)
    # mermaid's loader imports from a CDN only when a diagram exists; the block is empty here.
    body = body.replace("</head>", f"<style>{_PAGE_CSS}</style>\n</head>", 1)
    target.write_text(body, encoding="utf-8")
    return undescribed


# ---------------------------------------------------------------- out of date

_BANNER = re.compile(r"<!-- pt-out-of-date -->.*?<!-- /pt-out-of-date -->\n?", re.S)
_BODY_NAV = re.compile(r"(<body\b[^>]*>)")
STALE_TAG = "pt-out-of-date"


def out_of_date_banner(lang: str, error: str, built: str) -> str:
    """The banner over a failed notebook's last good outputs (HTML, the error escaped)."""
    since = text(lang, "stale_since", when=built) if built else ""
    return (f'<!-- pt-out-of-date --><div class="pt-out-of-date" role="alert">'
            f"<strong>{_e(text(lang, 'stale_title'))}</strong> "
            f"{_e(text(lang, 'stale_body') + since)}"
            f'<pre class="error">{_e(error)}</pre></div><!-- /pt-out-of-date -->\n')


def mark_out_of_date(page: Path, banner: str, lang: str) -> None:
    """Put the banner at the top of a kept page (replacing an older one), and say it in the
    page's title."""
    body = _BANNER.sub("", page.read_text(encoding="utf-8"))
    prefix = f"[{text(lang, 'stale_word')}] "
    body = re.sub(r"<title>(?!\[)", "<title>" + prefix.replace("\\", "\\\\"), body, count=1)
    if "</nav>" in body:
        body = body.replace("</nav>", "</nav>\n" + banner, 1)
    else:
        body = _BODY_NAV.sub(lambda m: m.group(1) + "\n" + banner, body, count=1)
    write_text_atomically(page, body)


def mark_notebook_out_of_date(notebook: Path, lang: str, error: str) -> None:
    """Put a first Markdown cell into a kept .ipynb that says it is out of date, and why."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    cells = [c for c in data.get("cells", [])
             if STALE_TAG not in c.get("metadata", {}).get("tags", [])]
    note = (f"**{text(lang, 'stale_title')}** {text(lang, 'stale_body')}\n\n"
            + "\n".join(f"    {line}" for line in error.splitlines()))
    cells.insert(0, {"cell_type": "markdown", "id": STALE_TAG,
                     "metadata": {"tags": [STALE_TAG]}, "source": note})
    data["cells"] = cells
    write_text_atomically(notebook, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- index.html

_STATUS_CSS = {Status.RAN: "ok", Status.CACHED: "ok", Status.FAILED: "failed"}

_INDEX_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60em;
margin:2em auto;padding:0 1em;color:#1d1d1d;line-height:1.45}
h1{font-size:1.6em;margin-bottom:0.2em} .meta{color:#555;font-size:0.9em}
nav.lang{float:right} nav.lang a,nav.lang strong{margin-left:0.6em}
section{border:1px solid #ccc;border-radius:4px;margin:1.2em 0;padding:0.6em 1em}
section.failed{border:2px solid #000;background:repeating-linear-gradient(45deg,#fff,#fff 8px,
#eee 8px,#eee 16px)} section.stale{border:2px dashed #555}
h2{font-size:1.2em;margin:0.2em 0}
.status{display:inline-block;font-size:0.8em;padding:0.1em 0.5em;border:1px solid #555;
border-radius:3px;margin-left:0.5em;vertical-align:middle}
.failed .status{background:#000;color:#fff;font-weight:bold}
pre.error{white-space:pre-wrap;background:#fff;border:1px solid #999;padding:0.5em}
h3{font-size:0.95em;margin:0.6em 0 0.2em}
ul.files{margin:0;columns:2} ul.files li{break-inside:avoid}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _href(base: Path, target: Path) -> str:
    return quote(target.relative_to(base).as_posix())


def _links(out: Path, files: list[Path]) -> str:
    return ('<ul class="files">' + "".join(
        f'<li><a href="{_e(_href(out, p))}">{_e(p.name)}</a></li>' for p in files) + "</ul>")


def language_switch(lang: str, languages: list[str], to_root: str) -> str:
    """Links to the same page in the other languages built side by side."""
    if len(languages) < 2:
        return ""
    items = [f"<strong>{_e(code)}</strong>" if code == lang else
             f'<a href="{_e(to_root)}{_e(code)}/index.html" hreflang="{_e(code)}" '
             f'lang="{_e(code)}">{_e(text(code, "language_name"))}</a>' for code in languages]
    return (f'<nav class="lang" aria-label="{_e(text(lang, "languages"))}">'
            + " ".join(items) + "</nav>")


def render_index(result: BuildResult, root: Path | None = None,
                 languages: list[str] | None = None) -> str:
    """The site's index page, in the build's language: every notebook page and output file,
    grouped per notebook, under the project's title."""
    lang = result.lang
    title = (project_title(root, lang) if root is not None else "") or text(lang, "site_title")
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    cached = ", ".join(result.cached) or text(lang, "none")
    parts = [
        "<!DOCTYPE html>", f'<html lang="{_e(lang or "en")}">', "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_INDEX_CSS}</style>", "</head>", "<body>",
        language_switch(lang, languages or [], "../"),
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(text(lang, "built_at"))}: {_e(when)}. '
        f"{_e(text(lang, 'from_cache'))}: {_e(cached)}.</p>"]
    parts += _banners(result)
    for nb in result.notebooks:
        parts += _section(result.out, nb, lang, root)
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _section(out: Path, nb: NotebookResult, lang: str, root: Path | None) -> list[str]:
    title = spec_for(nb.name).title(lang)
    css = "failed" if nb.status == Status.FAILED else _STATUS_CSS.get(nb.status, "stale")
    label = text(lang, f"status_{nb.status.value}")
    if nb.status == Status.FAILED and nb.kept_outputs:
        label = text(lang, "status_failed_kept")
    parts = [f'<section class="{css}" id="{_e(nb.name)}">',
             f'<h2>{_e(title)}<span class="status">{_e(label)}</span></h2>']
    if nb.status == Status.RAN:
        parts.append(f'<p class="meta">{nb.seconds:.1f} s</p>')
    folder = nb.folder or out / nb.name
    if nb.status == Status.FAILED:
        parts += _failed_notes(out, nb, lang)
        if not nb.kept_outputs:
            return [*parts, "</section>"]
    elif nb.status == Status.INTERRUPTED:
        parts.append(f"<p>{_e(text(lang, 'interrupted_note'))}</p>")
    elif nb.status == Status.SKIPPED:
        spec = spec_for(nb.name)
        absent = ", ".join(r for r in spec.requires if not (root / r).is_file()) if root \
            else ""
        note = text(lang, "skipped_note", files=absent) if absent else \
            text(lang, "skipped_versions_note", count=spec.min_versions)
        parts.append(f"<p>{_e(note)}</p>")
    elif nb.status in (Status.STALE, Status.MISSING):
        key = "failed_earlier_note" if (folder / "FAILED.txt").is_file() else \
            f"{nb.status.value}_note"
        parts.append(f"<p>{_e(text(lang, key))} {_e(text(lang, 'rerun_without_only'))}</p>")
        if nb.status == Status.MISSING or (folder / "FAILED.txt").is_file():
            links = [p for p in _failed_files(nb, folder) if p.is_file()]
            parts += [_links(out, links)] if links else []
            if not nb.kept_outputs:
                return [*parts, "</section>"]
    return [*parts, *_outputs(out, nb, lang), "</section>"]


def _failed_files(nb: NotebookResult, folder: Path) -> list[Path]:
    return [folder / f"{nb.name}.failed.html", folder / f"{nb.name}.failed.ipynb"]


def _failed_notes(out: Path, nb: NotebookResult, lang: str) -> list[str]:
    key = "failed_kept_note" if nb.kept_outputs else "failed_note"
    parts = [f"<p>{_e(text(lang, key))}</p>", f'<pre class="error">{_e(nb.reason)}</pre>']
    folder = nb.folder or out / nb.name
    links = [p for p in _failed_files(nb, folder) if p.is_file()]
    if links:
        parts.append(_links(out, links))
    return parts


def _outputs(out: Path, nb: NotebookResult, lang: str) -> list[str]:
    parts = []
    if nb.page is not None and nb.page.is_file():
        notebook = (f' · <a href="{_e(_href(out, nb.notebook))}">notebook (.ipynb)</a>'
                    if nb.notebook is not None and nb.notebook.is_file() else "")
        parts.append(f'<p><a href="{_e(_href(out, nb.page))}">{_e(text(lang, "open_page"))}'
                     f"</a>{notebook}</p>")
    files = [p for p in nb.outputs if p.is_file()]
    for group, exts in FILE_GROUPS:
        chosen = [p for p in files if p.suffix.lower() in exts]
        if chosen:
            parts.append(_file_list(out, text(lang, f"group_{group}"), chosen))
    known = {e for _, exts in FILE_GROUPS for e in exts}
    rest = [p for p in files if p.suffix.lower() not in known]
    if rest:
        parts.append(_file_list(out, text(lang, "group_other"), rest))
    return parts


def _banners(result: BuildResult) -> list[str]:
    """What the reader must know first: a build that did not finish, or failed."""
    lang = result.lang
    parts = []
    if result.interrupted:
        parts.append(f"<p><strong>{_e(text(lang, 'unfinished_title'))}</strong> "
                     f"{_e(text(lang, 'unfinished_body'))}</p>")
    if result.failed or result.data_errors:
        failed = ", ".join(result.failed) or text(lang, "data_errors")
        parts.append(f"<p><strong>{_e(text(lang, 'build_failed'))}:</strong> "
                     f"{_e(failed)}.</p>")
    if result.data_errors:
        parts.append('<pre class="error">' + _e("\n".join(result.data_errors[:50])) + "</pre>")
    return parts


def _file_list(out: Path, label: str, files: list[Path]) -> str:
    items = "".join(f'<li><a href="{_e(_href(out, p))}">{_e(p.relative_to(out).as_posix())}'
                    "</a></li>" for p in files)
    return f'<h3>{_e(label)}</h3><ul class="files">{items}</ul>'


def render_language_index(languages: list[str], primary: str) -> str:
    """The page at the top of sites built side by side: one link per language."""
    items = "".join(
        f'<li><a href="{_e(code)}/index.html" hreflang="{_e(code)}" lang="{_e(code)}">'
        f"{_e(text(code, 'site_title'))} ({_e(text(code, 'language_name'))})</a></li>"
        for code in languages)
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{_e(primary)}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="refresh" content="0; url={_e(primary)}/index.html">',
        f"<title>{_e(text(primary, 'site_title'))}</title>",
        f"<style>{_INDEX_CSS}</style>", "</head>", "<body>",
        f"<h1>{_e(text(primary, 'site_title'))}</h1>", f"<ul>{items}</ul>",
        "</body>", "</html>", ""])
