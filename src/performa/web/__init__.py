"""The web interface's shared parts: base templates, Bootstrap Italia assets, decorators."""
