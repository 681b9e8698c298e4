"""The default theme's layouts, installed with studyguide as studyguide.layouts."""
