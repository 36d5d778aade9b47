"""The help screen and the table of keys."""
