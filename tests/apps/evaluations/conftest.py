from tests.apps.dashboards.conftest import actor_as, cast, client_as

__all__ = ["actor_as", "cast", "client_as"]
