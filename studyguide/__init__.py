"""studyguide: a Markdown study guide -> a print PDF, an EPUB, a web page and a cheat sheet."""

__version__ = "0.1.0"
