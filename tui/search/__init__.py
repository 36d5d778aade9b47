"""The search box: live search over everything, with a match counter."""
