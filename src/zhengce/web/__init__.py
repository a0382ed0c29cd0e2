"""Server-rendered Chinese web app: Jinja2 templates (autoescaped) and small vanilla JS."""
