"""Thin views, one module per tool. Each is wrapped in an access decorator; records come from access.py."""
