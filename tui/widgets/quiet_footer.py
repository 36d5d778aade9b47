"""A Footer that rebuilds its keys only when the keys it would show change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's Footer rebuilds (and restyles) every key whenever any binding changes,
    such as on each focus change: a dozen widgets, about 0.15 s of CPU while the app
    starts. This one skips the rebuild when the keys, labels and states are the same."""

    _shown: tuple[tuple[str, str, bool, str], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (binding.key, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )
        if self._bindings_ready and shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # a rebuild is scheduled for exactly these
        super().bindings_changed(screen)
