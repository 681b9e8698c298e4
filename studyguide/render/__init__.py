"""Rendering: model.Guide -> HTML documents and pages, in the guide's language and theme.

pages fills the theme's Jinja layouts; theme finds them; i18n supplies the words studyguide adds;
fonts, paged and cover turn documents into faces, PDF pages and the cover picture.
"""
