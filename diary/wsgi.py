"""The app for a WSGI server: `gunicorn --preload 'diary.wsgi:app'`.

The statistics libraries (scipy, statsmodels, firthmodels) take seconds to import, so the command line and the
app factory load them only when an insights page or command first needs them. A long-running server loads them
here instead, once: with --preload that happens before gunicorn forks its workers, who then share the memory, and no
visitor waits for the import on their first insights page.
"""
from . import analysis, create_app  # noqa: F401 (analysis: imported for its libraries)

app = create_app()
