"""Upstream geography read at build time: Natural Earth and GeoNames, for borders and context."""
