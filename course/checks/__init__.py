"""Linters that the tools and the tests share."""
