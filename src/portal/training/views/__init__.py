"""Pages of ASP oktatás, split by who uses them."""
