"""The sidebar menu: page links grouped by section, drawn instead of Streamlit's own page list so that the
landing entry at "/" stays unlisted (see app.py)."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

# On a phone the sidebar covers the page: after the user picks a page it closes, as Streamlit's own menu does.
# It runs in a zero-height frame of the same origin, which reaches the page around it, and acts only when the page
# shown differs from the one this browser tab showed before (a frame drawn again for the same page does nothing).
_CLOSE_ON_PHONE = """<script>
const host = window.parent;
const seen = host.__gugusHalaman;
host.__gugusHalaman = "%s";
const sidebar = host.document.querySelector('[data-testid="stSidebar"]');
const close = host.document.querySelector('[data-testid="stSidebarCollapseButton"] button');
if (seen !== undefined && seen !== host.__gugusHalaman && host.innerWidth < 768 && sidebar && close
    && sidebar.dataset.collapsed === 'false') { close.click(); }
</script>"""


def menu(groups: dict[str, list[st.Page]], current: st.Page) -> None:
    """Page links per section in the sidebar; on a phone, the sidebar closes once another page is shown."""
    with st.sidebar:
        for group, pages in groups.items():
            if pages:
                st.caption(group)
                for page in pages:
                    st.page_link(page)
        # Always drawn, so that no element shifts between runs; its content (and so its script) changes only
        # when another page is shown.
        components.html(_CLOSE_ON_PHONE % current.url_path, height=0)
