"""Interactive HTML views of the graph (vis-network, vendored and inlined)."""

from graphbuild.view.page import View, community_view, neighborhood_view, render_html, write_view

__all__ = ["View", "community_view", "neighborhood_view", "render_html", "write_view"]
