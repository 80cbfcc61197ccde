"""One module per dataset: its declaration, how it is built from ``sources/``, how it is read."""
