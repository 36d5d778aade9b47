"""The item panes: entities, quotes and figures, for one article or all of them."""
