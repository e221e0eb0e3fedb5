import sqlite3

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_use_real_parameter_limit(sender, connection, **kwargs) -> None:
    """Django assumes SQLite allows 999 query parameters; modern SQLite allows far more.

    With the real limit, bulk writes of an institution with hundreds of sites and
    tasks stay one query each on SQLite too, as they are on PostgreSQL.
    """
    if connection.vendor != "sqlite":
        return
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    connection.features.max_query_params = max(999, limit)


class RegistryConfig(AppConfig):
    name = "portal.registry"
    label = "registry"
    verbose_name = "Intézménytörzs"

    def ready(self) -> None:
        connection_created.connect(_sqlite_use_real_parameter_limit)
