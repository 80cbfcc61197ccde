"""Shapes on the sphere: distances, shared borders, conflict-zone recipes, GeoJSON text."""
