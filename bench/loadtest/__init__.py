"""Pieces of the load test (`make loadtest`, run by bench/loadtest.py): the pages' forms, the server and its faults,
the simulated people, and the check of the database afterwards.

This folder shadows bench/loadtest.py for imports (a package wins over a module of the same name); the script is
only ever run as a file, never imported.
"""
