"""Core of the Gugus Tugas TPPO dashboard: settings, database, reference data, weeks, text.

Nothing in this package imports streamlit; it runs the same from a shell, a test or a job.
"""
