"""Excel in: read, parse, validate and load pillar workbooks into DuckDB. Streamlit-free."""
