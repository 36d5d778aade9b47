"""Corpus tables in the app: speakers, entities and figures across the store, profiles, and `e` export."""
