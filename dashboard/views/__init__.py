"""Streamlit-rendering pieces of the app, one job each; plain logic stays in dashboard/*."""
