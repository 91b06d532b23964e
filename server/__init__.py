"""FastAPI server: SPARQL 1.1 endpoint and linked-data front end over the quartiers library."""
