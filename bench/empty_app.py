"""The floor: Streamlit booting and showing an (almost) empty page, nothing else."""

import streamlit as st

st.markdown("empty page")
