"""performa's REST API (django-ninja): public reads of published data, and token-authenticated
reads and writes of plans and figures for integrations. An interface: parses input, calls one
service or selector, formats the output; permissions come from ``administrations.access``."""
