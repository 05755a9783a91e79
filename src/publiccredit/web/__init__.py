"""The public portal: server-rendered HTML pages (Chinese and English) over the API's functions.

The portal never queries the store itself: each page calls the same function
the matching ``/v1`` endpoint calls (search, profile summary, records view,
list pages, tree head) and renders its answer as HTML instead of JSON, so a
page and the API can never disagree. It is a separate ASGI app mounted at
``/portal`` by ``publiccredit.api.app.create_app`` (from ``publiccredit.web.app``;
this package imports nothing itself, so any of its modules can be imported
first). See docs/portal.md.
"""
