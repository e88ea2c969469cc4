"""Persistence: ORM schema, engine setup, migrations and the app's few queries.

Nothing outside this package writes SQL or holds a Session.
"""
