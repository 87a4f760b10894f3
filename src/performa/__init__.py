"""performa: the Italian public-sector performance cycle, end to end."""

__version__ = "0.1.0"
