"""Writes of ASP oktatás, one service function per action (see the modules)."""
