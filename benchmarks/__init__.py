"""Timing studyguide against pandoc, and the synthetic guides it is timed on."""
