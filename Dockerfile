FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY ingest ingest
COPY queries queries
COPY rules rules
COPY api api
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["thbgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
