"""Reusable widgets shared by the UI areas."""
