"""Reference documentation generated from a pack (``docs/policy-cn.md`` for the cn pack).

The page is generated, never edited by hand: a test compares the committed
page with ``render_markdown(default_pack())`` and says how to regenerate it
(``publiccredit policy docs --out docs/policy-cn.md``).
"""

from publiccredit.policy.docs.render import SECTIONS, render_markdown, render_section

__all__ = ["SECTIONS", "render_markdown", "render_section"]
