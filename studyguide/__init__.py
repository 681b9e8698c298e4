"""studyguide: a Markdown study guide -> a print PDF, an EPUB, a web page and a cheat sheet.

Each module imports what it uses at its top, except for these libraries, each imported inside
the one function that needs it (with a noqa for ruff's PLC0415; at most twelve such imports, as
tests/test_imports.py checks), so that a command loads only what it makes:

- WeasyPrint and ziamath (render.paged and render.math, from build.workers.typesetter): half a
  second and a quarter of a second to import, and only the formats laid out into pages use
  them; a web page or EPUB build never loads them.
- The command line itself (studyguide.cli, from __main__): ``--version`` answers without it.
- The build pipeline (build.pipeline: Jinja, the format records, the cache, the workers) and
  the preview server (studyguide.serve: its HTTP server and file watcher), from the command
  line's ``build`` and ``serve``: ``questions``, ``check`` and ``init`` read guides without
  them.
- The reading stack, pandoc, ftfy, PyYAML, nh3 and latex2mathml, in two steps from
  read.sources: read.normalize (ftfy, PyYAML, pandoc), then read.parse, read.patch,
  read.answers and read.sanitize (nh3, latex2mathml), imported while pandoc reads the first
  guide: a build with nothing to do, ``--help`` and ``init`` read no guide.
- py3langid and numpy (render.detector, from i18n._detector): its model takes a second to
  unpack (a few hundredths once render.detector has an unpacked copy in the user's cache
  folder), and only a Latin-script guide whose language is named nowhere, and not yet in the
  build's memo, is detected with it.
- fontTools' subsetter (fonts._web_faces): only the web page embeds fonts, and only a subset
  the memo lacks is cut.
- Pillow (studyguide.render.cover, from the EPUB's build): only the EPUB's cover is painted,
  when the memo lacks it.
- genanki (from the Anki deck's build): only the deck needs it.
- rich (progress.TerminalProgress): only a build watched in a terminal draws a bar.
"""

__version__ = "0.1.0"
