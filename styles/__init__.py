"""The default theme's stylesheets, installed with studyguide as studyguide.styles."""
