"""CSTO map data: the built GeoJSON layers, their schema, validator and build."""
