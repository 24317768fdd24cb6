# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python (programtheory)
#     language: python
#     name: programtheory
# ---

# %% tags=["parameters"]
project = ".."  # the project folder
out_dir = "../build/lab/theory_diagram"  # where the figures are written
version = ""  # version id; empty: every version of the project
lang = ""  # the language of the page; empty: the project's primary language
levels = ""  # comma-separated levels to keep (e.g. "team,organisation"); empty: all
kinds = ""  # comma-separated node kinds to keep; empty: all
focus = ""  # node id: draw only its surroundings
depth = "1"  # steps around the focus node
preset = "a4"  # page shape of the static figures: a4 or slide

# %%
from html import escape
from pathlib import Path

from IPython.display import HTML, display

from programtheory import load_project, safe_file_stem
from programtheory.interactive import iframe_html, image_html
from programtheory.render import render_formats
from programtheory.wording import label_text, message, paragraph

theory = load_project(project)
lang = lang or theory.settings.primary_language
out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
chosen = [version] if version else list(theory.versions)
options = dict(lang=lang, levels=[x for x in levels.split(",") if x] or None,
               kinds=[x for x in kinds.split(",") if x] or None, focus=focus or None,
               depth=int(depth), preset=preset)
display(HTML(f"<h1>{message('page.theory.title', lang)}</h1>"
             + paragraph("page.theory.intro", lang)))

# %%
for vid in chosen:
    title = label_text(theory.version(vid).info.title, lang)
    # one layout for the figures and the interactive view
    stem = safe_file_stem("theory", vid, *([focus] if focus else []))  # ids up to 120 chars
    files = render_formats(theory, {**{fmt: out / f"{stem}.{fmt}"
                                       for fmt in ("svg", "png", "pdf")},
                                    "html": out / f"{stem}_interactive.html"},
                           version=vid, **options)
    page = files["html"]
    display(HTML(f"<h2>{escape(title)}</h2>"))
    display(HTML(image_html(files["svg"], lang=lang, alt=message("page.theory.figure_alt", lang,
                                                      title=title))))
    # raw HTML: each interactive view isolated in its own <iframe srcdoc>
    display({"text/html": iframe_html(page.read_text(encoding="utf-8"), height=700,
                                      title=title)}, raw=True)
