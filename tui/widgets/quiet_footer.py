"""A Footer that rebuilds its keys only when they change, and never shows a key cut in half."""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's Footer rebuilds (and restyles) every key whenever any binding changes,
    such as on each focus change: a dozen widgets, about 0.15 s of CPU while the app
    starts. This one skips the rebuild when the keys, labels and states are the same.

    Where the keys do not all fit (80 columns), Textual's Footer cuts the last one that
    shows ("^r" without "Regex"); this one hides the keys that would not fit whole
    (``?`` comes first in the app's bindings, so help stays in view)."""

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

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._hide_cut_keys)

    def on_resize(self, event: events.Resize) -> None:
        # Measure again from all keys: a wider footer may hold those hidden before.
        for child in self._keys():
            child.display = True
        self.call_after_refresh(self._hide_cut_keys)

    def _keys(self) -> list[Widget]:
        return [child for child in self.children if not child.has_class("-command-palette")]

    def _hide_cut_keys(self) -> None:
        """Hide every key (or key group with its label) that does not fit whole."""
        if not self.is_attached:
            return
        palette = [child for child in self.children if child.has_class("-command-palette")]
        right = palette[0].region.x if palette and palette[0].display else self.region.right
        keys = self._keys()
        for index, child in enumerate(keys):
            if child.display and child.region.right > right:
                # A group's label cut off leaves its keys unexplained: hide the group too.
                start = index - 1 if index and type(child).__name__ == "FooterLabel" else index
                for hidden in keys[max(0, start) :]:
                    hidden.display = False
                return
