"""The source pane: an article's text with its items highlighted."""
